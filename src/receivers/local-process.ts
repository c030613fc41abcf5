// The harness's receiver script (assets/receiver.mjs, the same one the in-cluster mode deploys) run
// as a process of its own on this machine, for public mode. It belongs to the run: global setup
// starts it once and every worker reads it, so it outlives a worker that a failed test discarded.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../errors.ts';

const SCRIPT = fileURLToPath(new URL('./assets/receiver.mjs', import.meta.url));
const START_TIMEOUT_MS = 10_000;

/** Where a verify run's workers find the public-mode receiver its global setup started. */
export const PUBLIC_RECEIVER_VARIABLE = 'HARNESS_PUBLIC_RECEIVER_URL';

export interface LocalReceiverProcess {
  /** http://<loopback>:<port>: where this machine reads it. */
  localUrl: string;
  pid: number;
  close(): Promise<void>;
}

/** The loopback address that reaches a server bound to `bind`. */
export function loopbackFor(bind: string): string {
  if (bind === '0.0.0.0') return '127.0.0.1';
  if (bind === '::') return '[::1]';
  return bind.includes(':') ? `[${bind}]` : bind;
}

export async function startLocalReceiver(opts: {
  bind: string;
  port: number;
}): Promise<LocalReceiverProcess> {
  const what = `Starting the harness's receiver on ${opts.bind}:${opts.port}`;
  const child = spawn(process.execPath, [SCRIPT], {
    env: { PATH: process.env.PATH ?? '', HOST: opts.bind, PORT: String(opts.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const fail = (cause: string) => {
      child.kill('SIGKILL');
      reject(
        new HarnessError({
          code: 'RECEIVER_START_FAILED',
          what,
          cause,
          fix: 'choose a free RECEIVER_PORT and an address of this machine for RECEIVER_BIND',
        }),
      );
    };
    const timer = setTimeout(
      () => fail(`it did not start within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /receiver listening on .*:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(`it exited with code ${code}: ${output.trim().split('\n').slice(-3).join(' / ') || 'no output'}`);
    });
  });
  child.removeAllListeners('exit');
  // Its log lines are for the in-cluster pod's `oc logs`; here they would only fill the pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    localUrl: `http://${loopbackFor(opts.bind)}:${port}`,
    pid: child.pid ?? 0,
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
  });
}
