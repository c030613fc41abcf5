import { PassThrough } from 'node:stream';
import { Exec, type V1Status } from '@kubernetes/client-node';
import type WebSocket from 'ws';
import { HarnessError } from '../errors.ts';
import { type KubeContext, requestOptions } from './context.ts';
import { explainExecForbidden } from './exec-forbidden.ts';
import { safeExecTransport } from './exec-socket.ts';
import { apiError, commonKubeError, networkError } from './failures.ts';
import { apiFailure, type KubeStatus, parseStatus } from './status.ts';

export interface ExecScriptOptions {
  /** Written to the process's stdin; stdin is ended only on v5.channel.k8s.io (see below). */
  stdin?: string;
  timeoutMs: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The negotiated subprotocol, e.g. v5.channel.k8s.io. */
  protocol: string;
}

export interface ExecInteractiveOptions {
  command: string[];
  expectPrompt: RegExp;
  /** Typed once the prompt shows, e.g. 'exit\n'. */
  input: string;
  timeoutMs: number;
  container?: string;
}

export interface InteractiveResult {
  prompt: string;
  exitCode: number;
  transcript: string;
  protocol: string;
}

interface Session {
  ws: WebSocket;
  protocol: string;
  stdin: PassThrough | undefined;
  /** Settles with the exec's final status (or a HarnessError). */
  done: Promise<V1Status>;
  abort(error: HarnessError): void;
}

/** Runs argv in the container without a TTY and waits for the exit status (finding F10's way). */
export async function execScript(
  ctx: KubeContext,
  namespace: string,
  pod: string,
  container: string | undefined,
  argv: string[],
  opts: ExecScriptOptions,
): Promise<ExecResult> {
  const what = `Running \`${argv.join(' ')}\` in pod ${namespace}/${pod}`;
  const stdout = collector();
  const stderr = collector();
  const session = await openSession(ctx, what, {
    namespace,
    pod,
    container,
    argv,
    tty: false,
    stdout: stdout.stream,
    stderr: stderr.stream,
    withStdin: opts.stdin !== undefined,
    timeoutMs: opts.timeoutMs,
    partial: () => ({ stdout: stdout.text(), stderr: stderr.text() }),
  });
  if (session.stdin && opts.stdin !== undefined) {
    session.stdin.write(opts.stdin);
    // Ending stdin on v4 or older makes client-node close the socket, and the exit status is lost.
    if (session.protocol === 'v5.channel.k8s.io') session.stdin.end();
  }
  const status = await session.done;
  return {
    exitCode: exitCodeOf(status, what),
    stdout: stdout.text(),
    stderr: stderr.text(),
    protocol: session.protocol,
  };
}

/** The module's `oc exec $POD -i --tty -- /bin/bash`: waits for the prompt, types `input`. */
export async function execInteractive(
  ctx: KubeContext,
  namespace: string,
  pod: string,
  opts: ExecInteractiveOptions,
): Promise<InteractiveResult> {
  const what = `Opening an interactive \`${opts.command.join(' ')}\` in pod ${namespace}/${pod}`;
  const out = collector();
  let prompt: string | undefined;
  let session: Session | undefined;
  const typeWhenPrompted = (): void => {
    if (prompt !== undefined || session === undefined) return;
    const m = stripAnsi(out.text()).match(opts.expectPrompt);
    if (m) {
      prompt = m[0].trimEnd();
      session.stdin?.write(opts.input);
    }
  };
  out.stream.on('data', typeWhenPrompted);
  session = await openSession(ctx, what, {
    namespace,
    pod,
    container: opts.container,
    argv: opts.command,
    tty: true,
    stdout: out.stream,
    stderr: null,
    withStdin: true,
    timeoutMs: opts.timeoutMs,
    partial: () => ({ transcript: out.text(), promptSeen: prompt !== undefined }),
    timeoutCause: () =>
      prompt === undefined
        ? `the prompt ${opts.expectPrompt} did not appear within ${opts.timeoutMs} ms (last output: ${JSON.stringify(tail(out.text()))})`
        : `the shell did not exit within ${opts.timeoutMs} ms after typing ${JSON.stringify(opts.input)}`,
    timeoutFix: () =>
      prompt === undefined
        ? `compare the last output with the prompt the harness waits for (${opts.expectPrompt}): check that ${opts.command.join(' ')} exists in the image and starts an interactive shell`
        : 'check the input ends with a newline and exits the shell (e.g. "exit\\n")',
  });
  // The prompt may have arrived while the socket was still being handed over.
  typeWhenPrompted();
  const status = await session.done;
  if (prompt === undefined) {
    throw new HarnessError({
      code: 'PROMPT_NOT_SEEN',
      what,
      cause: `the shell ended before showing a prompt matching ${opts.expectPrompt} (output: ${JSON.stringify(tail(out.text()))})`,
      fix: `check that ${opts.command.join(' ')} exists in the image (\`oc exec <pod> -- ls -l ${opts.command[0] ?? ''}\`) and what it printed before it ended`,
      details: { transcript: out.text(), status },
    });
  }
  return { prompt, exitCode: exitCodeOf(status, what), transcript: out.text(), protocol: session.protocol };
}

interface SessionRequest {
  namespace: string;
  pod: string;
  container: string | undefined;
  argv: string[];
  tty: boolean;
  stdout: PassThrough;
  stderr: PassThrough | null;
  withStdin: boolean;
  timeoutMs: number;
  partial: () => Record<string, unknown>;
  timeoutCause?: () => string;
  timeoutFix?: () => string;
}

async function openSession(ctx: KubeContext, what: string, req: SessionRequest): Promise<Session> {
  const container = req.container ?? (await defaultContainer(ctx, what, req.namespace, req.pod));
  let socket: WebSocket | undefined;
  let rejected: HarnessError | undefined;
  let upgradeRefusal: { statusCode: number; body: string } | undefined;
  let settle: { resolve: (s: V1Status) => void; reject: (e: HarnessError) => void } | undefined;
  let finished = false;
  const done = new Promise<V1Status>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A rejection nobody awaited yet (e.g. while the socket is still opening) must not crash the process.
  done.catch(() => {});

  const finish = (result: V1Status | HarnessError): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    if (result instanceof HarnessError) {
      rejected = result;
      socket?.terminate();
      settle?.reject(result);
    } else {
      settle?.resolve(result);
      // client-node closes with 1005 after the status; do not wait for a slow close handshake.
      setTimeout(() => socket?.terminate(), 1000).unref();
    }
  };

  const timer = setTimeout(() => {
    finish(
      new HarnessError({
        code: 'EXEC_TIMEOUT',
        what,
        cause: req.timeoutCause?.() ?? `no exit status within ${req.timeoutMs} ms`,
        fix:
          req.timeoutFix?.() ??
          'check the pod is healthy (`oc describe pod`); a command waiting for stdin never ends on its own (closing the socket does not kill it)',
        details: req.partial(),
      }),
    );
  }, req.timeoutMs);

  const transport = safeExecTransport(ctx.kc, {
    onSocket: (ws) => {
      socket = ws;
      let opened = false;
      ws.on('open', () => {
        opened = true;
      });
      ws.on('close', (code, reason) => {
        // Before the upgrade, the rejected connect reports the failure instead.
        if (finished || !opened) return;
        finish(
          new HarnessError({
            code: 'EXEC_CLOSED_WITHOUT_STATUS',
            what,
            cause: `the exec stream closed (code ${code}${reason.length ? `, ${reason.toString()}` : ''}) without an exit status (protocol ${ws.protocol || 'none'})`,
            fix: 'the API server or kubelet dropped the session; retry, and check the API server supports v4/v5.channel.k8s.io',
            details: req.partial(),
          }),
        );
      });
    },
    onRefused: (statusCode, body) => {
      upgradeRefusal = { statusCode, body };
    },
    onFrameError: (channel, e) => {
      finish(
        new HarnessError({
          code: 'EXEC_PROTOCOL',
          what,
          cause: `the server sent a frame the client cannot handle (channel ${channel}: ${e instanceof Error ? e.message : String(e)})`,
          fix: 'the API server violates the exec protocol (servers must not send channel 255 or unknown channels to clients)',
          details: req.partial(),
        }),
      );
    },
  });

  for (const s of [req.stdout, req.stderr]) s?.on('error', () => {});
  const stdin = req.withStdin ? new PassThrough() : undefined;
  try {
    const ws = await new Exec(ctx.kc, transport).exec(
      req.namespace,
      req.pod,
      container,
      req.argv,
      req.stdout,
      req.stderr,
      stdin ?? null,
      req.tty,
      (status) => finish(status),
    );
    if (rejected) throw rejected;
    return {
      ws,
      protocol: ws.protocol,
      stdin,
      done,
      abort: (error) => finish(error),
    };
  } catch (e) {
    if (rejected) throw rejected;
    if (e instanceof HarnessError) throw e;
    const error = upgradeError(ctx, what, req, container, upgradeRefusal, e);
    finish(error);
    throw error;
  }
}

function upgradeError(
  ctx: KubeContext,
  what: string,
  req: SessionRequest,
  container: string,
  refusal: { statusCode: number; body: string } | undefined,
  e: unknown,
): HarnessError {
  if (refusal === undefined) {
    const message = e instanceof Error ? e.message : String(e);
    const m = /Unexpected server response: (\d+)/.exec(message);
    if (m) refusal = { statusCode: Number(m[1]), body: '' };
    else if (/subprotocol/i.test(message)) {
      return new HarnessError({
        code: 'EXEC_PROTOCOL',
        what,
        cause: `the API server accepted the WebSocket without choosing a subprotocol (${message})`,
        fix: 'the server must answer with one of v5/v4/v3/v2.channel.k8s.io or channel.k8s.io',
      });
    } else return networkError(apiFailure(e), what, ctx.server);
  }
  const status = parseStatus(refusal.body);
  const serverMessage = status?.message ?? (refusal.body || `HTTP ${refusal.statusCode}`);
  const details = { httpCode: refusal.statusCode, status, namespace: req.namespace, pod: req.pod, container };
  switch (refusal.statusCode) {
    case 403:
      return new HarnessError({
        code: 'EXEC_FORBIDDEN',
        what,
        ...explainExecForbidden(status?.message, req.namespace),
        details,
      });
    case 401:
      return new HarnessError({
        code: 'KUBE_UNAUTHORIZED',
        what,
        cause: `the API server rejected the credentials on the exec upgrade (401): ${serverMessage}`,
        fix: 'log in again (`oc login ...`); OpenShift tokens expire',
        details,
      });
    case 404:
      return new HarnessError({
        code: 'POD_NOT_FOUND',
        what,
        cause: `the pod is gone: ${serverMessage}`,
        fix: 'find the pod again (it may have been replaced by a rollout) and retry',
        details,
      });
    case 400:
      return new HarnessError({
        code: 'EXEC_BAD_REQUEST',
        what,
        cause: `the API server rejected the exec request: ${serverMessage}`,
        fix: `check the container name (${container}) and that the pod is Running`,
        details,
      });
    default:
      return new HarnessError({
        code: 'EXEC_FAILED',
        what,
        cause: `the exec upgrade failed with HTTP ${refusal.statusCode}: ${serverMessage}`,
        fix: 'check the API server and kubelet logs; retry',
        details,
      });
  }
}

/** What `oc exec` without -c picks: the default-container annotation, else the first container. */
async function defaultContainer(
  ctx: KubeContext,
  what: string,
  namespace: string,
  pod: string,
): Promise<string> {
  try {
    const p = await ctx.core.readNamespacedPod(
      { name: pod, namespace },
      requestOptions(ctx.requestTimeoutMs),
    );
    const annotated = p.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    const names = (p.spec?.containers ?? []).map((c) => c.name);
    const chosen = annotated && names.includes(annotated) ? annotated : names[0];
    if (chosen === undefined) throw new Error('the pod has no containers');
    return chosen;
  } catch (e) {
    if (e instanceof Error && e.message === 'the pod has no containers') {
      throw new HarnessError({ code: 'EXEC_BAD_REQUEST', what, cause: e.message, fix: 'check the pod spec' });
    }
    const common = commonKubeError(e, what, ctx.server, `get pods in ${namespace}`);
    if (common) throw common;
    if (apiFailure(e).httpCode === 404) {
      throw new HarnessError({
        code: 'POD_NOT_FOUND',
        what,
        cause: `pod ${pod} does not exist in namespace ${namespace}`,
        fix: 'find the pod again with findPod (it may have been replaced by a rollout)',
        details: { namespace, pod },
      });
    }
    throw apiError(e, what, 'check the pod with `oc get pod`');
  }
}

/** Exit code from the v4/v5 status frame; a process that could not start is an error. */
export function exitCodeOf(status: V1Status | KubeStatus, what = 'Running a command'): number {
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return code;
  }
  throw new HarnessError({
    code: 'EXEC_START_FAILED',
    what,
    cause: `the command did not run: ${status.message ?? JSON.stringify(status)}`,
    fix: 'check the binary exists in the container image and the container is running',
    details: { status },
  });
}

function collector(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g, '');
}

function tail(text: string, n = 300): string {
  return text.length > n ? `…${text.slice(-n)}` : text;
}
