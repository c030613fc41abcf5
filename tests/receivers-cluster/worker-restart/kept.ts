// The notifiers the first worker creates and the last one finds again in Central.
import type { NotifierInput } from '../../../src/central/client.ts';
import type { ChannelName } from '../../../src/channels/index.ts';

export const KEPT: readonly ChannelName[] = ['slack', 'teams'];

export const keptName = (channel: ChannelName, runId: string) => `kept-${channel}-${runId}`;

export function keptNotifier(
  channel: ChannelName,
  runId: string,
  url: string,
  uiEndpoint: string,
): NotifierInput {
  return {
    name: keptName(channel, runId),
    type: channel,
    labelDefault: url,
    labelKey: '',
    uiEndpoint,
    notifierSecret: '',
    traits: null,
  };
}
