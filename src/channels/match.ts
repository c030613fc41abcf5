import type { ChannelMessage, ChannelName, MessageMatch } from './types.ts';

/** RHACS's Test button texts (rhacs-payloads.md). */
export const TEST_MESSAGE_TEXT: Record<ChannelName, string> = {
  slack: 'This is a test message created to test integration with StackRox.',
  teams: 'This is a test message created to test teams integration with StackRox.',
};

/** Every string leaf of a JSON-ish value, in document order, one per line. */
export function flattenText(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v !== '') out.push(v);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item);
    } else if (v !== null && typeof v === 'object') {
      for (const item of Object.values(v)) walk(item);
    }
  };
  walk(value);
  return out.join('\n');
}

function contentOf(m: ChannelMessage): string {
  return m.sentText === undefined ? m.shownText : `${m.shownText}\n${m.sentText}`;
}

/** A message the sender posted for this alert (shown or not: a workflow may drop the content). */
export function carriesAlertId(alertId: string): MessageMatch {
  return {
    description: `a message carrying alert id ${alertId}`,
    test: (m) => contentOf(m).includes(alertId),
  };
}

export function containsText(text: string, what = `a message containing "${text}"`): MessageMatch {
  return { description: what, test: (m) => contentOf(m).includes(text) };
}

export function isTestMessage(channel: ChannelName): MessageMatch {
  return containsText(TEST_MESSAGE_TEXT[channel], `RHACS's ${channel} test message`);
}

export function anyMessage(): MessageMatch {
  return { description: 'any message', test: () => true };
}

/** One line per message, for error texts: what arrived instead. */
export function summarizeMessage(m: ChannelMessage): string {
  const at = new Date(m.receivedAt).toISOString().slice(11, 23);
  const shown = m.shownText.replace(/\s+/g, ' ').trim();
  const excerpt =
    shown === '' ? '(nothing shown)' : `"${shown.slice(0, 120)}${shown.length > 120 ? '...' : ''}"`;
  const hook = m.hookKind ? ` at ${m.hookKind}` : '';
  const status = m.status === undefined ? '' : ` answered ${m.status}`;
  return `${at}${hook}${status}, ${m.delivered ? 'delivered' : 'NOT delivered'}, shows ${excerpt}`;
}
