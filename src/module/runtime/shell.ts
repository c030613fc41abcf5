// "oc exec $POD -n payments -i --tty -- /bin/bash": a guide's exec block runs verbatim in verify
// mode (it is the student's action), otherwise the harness's own exec through the API.

import { detectNoTty } from '../../diagnose/index.ts';
import { HarnessError } from '../../errors.ts';
import {
  blockEvidence,
  blockFailure,
  clientText,
  findShellClient,
  runExecuteBlock,
} from '../guide/run-block.ts';
import { promptDifference, SHELL_PROMPT } from '../shell-prompt.ts';
import { EXEC_TIMEOUT_MS } from '../time-budget.ts';
import type { RuntimeDeps, ShellTarget } from './target.ts';

/** How the shell is opened, for the step's title. */
export interface ShellPlan {
  command: string[];
  title: string;
  run(deps: RuntimeDeps, target: ShellTarget, since: number): Promise<void>;
}

/** What the text runs in the container: its exec command's words after `--`, or bash. */
export function shellCommandOf(module: Pick<RuntimeDeps['module'], 'exec'>): string[] {
  return module.exec.containerCommand.length > 0 ? module.exec.containerCommand : ['/bin/bash'];
}

/** An interactive shell in the pod through the exec API, as `oc exec -i --tty` opens it; `exit` ends it. */
export function openShellSession(
  kube: RuntimeDeps['kube'],
  namespace: string,
  pod: string,
  command: string[],
) {
  return kube.execInteractive(namespace, pod, {
    command,
    expectPrompt: SHELL_PROMPT,
    input: 'exit\n',
    timeoutMs: EXEC_TIMEOUT_MS,
  });
}

export function planShell(deps: Pick<RuntimeDeps, 'module' | 'mode'>, namespace: string): ShellPlan {
  const { module, mode } = deps;
  const command = shellCommandOf(module);
  const block = mode === 'verify' ? module.blocks.exec : undefined;
  const client = block && findShellClient();
  const how = clientText(client);
  const title = `oc exec $POD -n ${namespace} -i --tty -- ${command.join(' ')}${module.exec.at ? ` (${module.exec.at})` : ''}${block ? `, ${how}` : ''}`;
  return {
    command,
    title,
    run: async ({ kube, config, sink }, target, since) => {
      if (block && client) {
        // Showroom pastes the block into a terminal; here stdin is a pipe holding `exit`, so oc says
        // "Unable to use a TTY" and bash reads its commands from the pipe: no prompt to compare.
        const run = await runExecuteBlock(block.body, {
          client,
          kubeconfig: kube.kubeConfig.exportConfig(),
          stdin: 'exit\n',
          timeoutMs: EXEC_TIMEOUT_MS,
        });
        sink.hop('exec', Date.now() - since);
        sink.evidence('guideExecBlock', blockEvidence(run, config.secrets));
        const failed = blockFailure(block, run, how, { timeoutMs: EXEC_TIMEOUT_MS, secrets: config.secrets });
        if (failed) throw failed;
        const f10 = detectNoTty({ stdinIsTTY: false, ci: process.env.CI, verbatimStderr: run.stderr });
        if (f10) sink.finding(f10);
        return;
      }
      const session = await openShellSession(kube, target.namespace, target.pod, command);
      sink.hop('exec', Date.now() - since);
      sink.evidence('prompt', session.prompt);
      // "If you see tomcat@visa-processor…, you've confirmed you have a shell": another prompt is
      // reported; the alert is what the module promises.
      const promptNote = promptDifference(session.prompt, target.pod);
      if (promptNote !== undefined) sink.note(promptNote);
      if (session.exitCode !== 0) {
        throw new HarnessError({
          code: 'SHELL_EXIT',
          what: `Opening ${command.join(' ')} in ${target.namespace}/${target.pod}`,
          cause: `the shell exited with status ${session.exitCode} after \`exit\``,
          fix: 'Open the shell by hand (oc exec -it ... -- /bin/bash) and see what it prints',
        });
      }
      const f10 = detectNoTty({ stdinIsTTY: process.stdin.isTTY, ci: process.env.CI });
      if (f10) sink.finding(f10);
    },
  };
}
