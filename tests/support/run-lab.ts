// Waiting for a `npm run lab` child process to print its last line, `lab ready`.
import type { spawn } from 'node:child_process';

export function waitForReady(child: ReturnType<typeof spawn>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`no "lab ready" within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.endsWith('lab ready\n')) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`run-lab exited (${code}) before it was ready:\n${out}`));
    });
  });
}
