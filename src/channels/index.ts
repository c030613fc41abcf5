export { InboxChannelReader, type InboxReaderOptions } from './inbox-reader.ts';
export {
  anyMessage,
  carriesAlertId,
  containsText,
  flattenText,
  isTestMessage,
  summarizeMessage,
  TEST_MESSAGE_TEXT,
} from './match.ts';
export type {
  ChannelMessage,
  ChannelName,
  ChannelReader,
  ChannelWaiter,
  FlowRun,
  FlowRunStatus,
  MessageMatch,
  RunOutcome,
  WaitOptions,
} from './types.ts';
