export {
  type ChannelRoute,
  type ChannelSelectionInput,
  RECEIVER_HOOK,
  selectChannel,
  selectChannels,
  WEBHOOK_VARIABLE,
} from './channel-selection.ts';
export {
  DEFAULT_RECEIVER_IMAGE,
  loadReceiverConfig,
  type ReceiverConfig,
  type ReceiverMode,
} from './config.ts';
export { type InClusterHookKind, runHookPath } from './hook-paths.ts';
export {
  deployInClusterReceiver,
  type HasKubeConfig,
  type InClusterReceiver,
  type InClusterReceiverOptions,
  RECEIVER_NAME,
  RECEIVER_PORT,
} from './in-cluster.ts';
export { type LocalReceiverProcess, PUBLIC_RECEIVER_VARIABLE, startLocalReceiver } from './local-process.ts';
export {
  type Channels,
  type OpenChannelsDeps,
  openChannels,
  type UnverifiedDelivery,
} from './open-channels.ts';
export { PollingInboxReader, type PollingInboxReaderOptions } from './polling-inbox-reader.ts';
export { attachPublicReceivers, type PublicReceiverOptions, type PublicReceivers } from './public.ts';
export { startRunReceivers, stopRunReceivers } from './run-receivers.ts';
