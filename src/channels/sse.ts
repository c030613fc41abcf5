// A minimal text/event-stream client over fetch: enough for the lab inbox's `event:`/`data:` frames
// and heartbeat comments. No automatic reconnect: a waiter that loses its stream must say so.

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseConnection {
  close(): void;
  /** Settles when the stream ends: resolved on close(), rejected when the server or network ends it. */
  readonly ended: Promise<void>;
}

export interface SseHandlers {
  onEvent(event: SseEvent): void;
}

export async function openEventStream(
  url: string,
  handlers: SseHandlers,
  opts: { headers?: Record<string, string>; connectTimeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<SseConnection> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error('connect timeout')), opts.connectTimeoutMs ?? 10_000);
  let response: Response;
  try {
    response = await (opts.fetch ?? fetch)(url, {
      headers: { accept: 'text/event-stream', ...opts.headers },
      signal: abort.signal,
    });
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok || !response.body) {
    abort.abort();
    throw new Error(`event stream answered ${response.status} ${response.statusText}`);
  }
  let closedByUs = false;
  const reader = response.body.getReader();
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = 'message';
    let data: string[] = [];
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline = buffer.search(/\r?\n/);
        while (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(buffer[newline] === '\r' ? newline + 2 : newline + 1);
          if (line === '') {
            if (data.length > 0) handlers.onEvent({ event, data: data.join('\n') });
            event = 'message';
            data = [];
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const raw = colon < 0 ? '' : line.slice(colon + 1);
            const val = raw.startsWith(' ') ? raw.slice(1) : raw;
            if (field === 'event') event = val;
            else if (field === 'data') data.push(val);
          }
          newline = buffer.search(/\r?\n/);
        }
      }
    } catch (err) {
      if (!closedByUs) throw err;
      return;
    }
    if (!closedByUs) throw new Error('the server ended the event stream');
  })();
  // Callers observe `ended` only while waiting; keep an unobserved end from becoming an unhandled rejection.
  ended.catch(() => {});
  return {
    ended,
    close() {
      if (closedByUs) return;
      closedByUs = true;
      abort.abort();
      reader.cancel().catch(() => {});
    },
  };
}
