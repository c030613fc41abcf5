// `npm run author-test`: the author's fail -> solve -> pass loop, on a fresh embedded lab (the state
// after module 3: the policy, no notifiers, no alert) or on the configured cluster. Every goal must
// be seen failing before solve and passing after; anything else is reported. Exit 0 no surprises,
// 1 surprises, 2 configuration/connection error.

import { connectCentral } from '../src/central/index.ts';
import {
  type AuthorVerdict,
  formatText,
  type GoalResult,
  judgeAuthorRun,
  namesFromConfig,
  runCheck,
} from '../src/check/index.ts';
import { describeError } from '../src/errors.ts';
import { connectKube } from '../src/kube/index.ts';
import { barrierTimeout, runNegativeControl } from '../src/module/negative-control.ts';
import { redact } from '../src/redact.ts';
import { runSolve } from '../src/solve/index.ts';
import { exitCodeForError } from './lib/exit-codes.ts';
import { takeGuideArg } from './lib/guide-arg.ts';
import { resolveTarget, type Target } from './lib/target.ts';

const MARK = { ok: 'OK', fail: 'X', unverified: '?', skipped: '-' } as const;

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function summary(verdict: AuthorVerdict): string {
  const rows = verdict.goals.map((g) => {
    const control = g.control === undefined ? '' : `, without module 3: ${MARK[g.control]}`;
    return `  ${g.ok ? 'trusted ' : 'SURPRISE'} ${g.id.padEnd(17)} before ${MARK[g.before].padEnd(2)} after ${MARK[g.after].padEnd(2)}${control}`;
  });
  return rows.join('\n');
}

const guideArg = takeGuideArg(process.argv.slice(2));
if (guideArg.error !== undefined || guideArg.rest.length > 0) {
  console.error(
    guideArg.error ??
      `unknown option ${guideArg.rest.join(', ')}\nusage: npm run author-test [-- --guide FILE]`,
  );
  process.exit(2);
}
let target: Target | undefined;
let control: Target | undefined;
let code = 0;
try {
  target = await resolveTarget({ fresh: true, startState: 'after-module-3' });
  const { cfg } = target;
  const secrets = cfg.secrets;
  const say = (text: string) => console.log(redact(text, secrets));
  say(`author-test on ${target.description}`);
  const extra: string[] = [];

  say('\n[1/5] check before solve: every goal should fail');
  const before = await runCheck(cfg, { env: target.env });
  say(indent(formatText(before.results, before.secrets)));

  say('\n[2/5] negative control: `ls` in the pod must not alert');
  const central = await connectCentral(cfg);
  try {
    const kube = await connectKube(cfg);
    const names = namesFromConfig(cfg);
    const { namespace } = cfg.pod;
    const pod = await kube.findPod(namespace, cfg.pod.selector);
    const neg = await runNegativeControl({
      central,
      target: {
        namespace,
        deployment: names.deployment,
        deploymentId: await kube.centralDeploymentId(namespace, names.deployment),
        pod: pod.name,
        container: pod.containers[0] ?? '',
      },
      runLs: async () =>
        (await kube.execScript(namespace, pod.name, undefined, ['ls'], { timeoutMs: 30_000 })).exitCode,
      // Before solve no notifier exists: only an alert holding this ls would break the control.
      channels: [],
      barrierTimeoutMs: barrierTimeout(cfg.alertTimeoutMs),
      quietWindowMs: target.kind === 'cluster' ? Math.min(cfg.alertTimeoutMs, 60_000) : 1500,
      timeoutSetting: 'ALERT_TIMEOUT_MS',
    });
    for (const b of neg.belonging) extra.push(`negative control: \`ls\` raised ${b}`);
    say(
      `  \`ls\`: ${neg.belonging.length === 0 ? 'no alert' : `ALERT ${neg.belonging.join('; ')}`} (Central recorded it after ${(neg.barrierMs / 1000).toFixed(1)} s)`,
    );
  } finally {
    central.close();
  }

  say('\n[3/5] solve');
  const solved = await runSolve(cfg, { log: (step, text) => say(`  [${step}] ${text}`), env: target.env });
  for (const w of solved.warnings) extra.push(`solve: ${w}`);

  say('\n[4/5] check after solve: every goal should pass');
  const after = await runCheck(cfg, { env: target.env });
  say(indent(formatText(after.results, after.secrets)));

  let controlResults: GoalResult[] | undefined;
  if (target.kind === 'fresh-lab') {
    say('\n[5/5] prerequisite control: check on a lab without module 3 (prerequisite goals should fail)');
    control = await resolveTarget({ fresh: true, startState: 'fresh' });
    controlResults = (await runCheck(control.cfg, { env: control.env })).results;
    const pre = controlResults.filter((r) => before.results.find((b) => b.id === r.id)?.prerequisite);
    for (const r of pre) say(`  [${MARK[r.status]}] ${r.title}`);
  } else {
    say(
      '\n[5/5] prerequisite control: skipped (only on an embedded lab; a real cluster is not stripped of module 3)',
    );
  }

  const verdict = judgeAuthorRun({
    before: before.results,
    after: after.results,
    ...(controlResults ? { control: controlResults } : {}),
    extra,
  });
  say(`\nGoals:\n${summary(verdict)}`);
  if (verdict.ok) say('\nNo surprises: every goal was seen failing and then passing.');
  else
    say(`\n${verdict.surprises.length} surprise(s):\n${verdict.surprises.map((s) => `  - ${s}`).join('\n')}`);
  code = verdict.ok ? 0 : 1;
} catch (e) {
  console.error(describeError(e, target?.cfg.secrets ?? []));
  code = exitCodeForError(e);
} finally {
  await control?.close().catch(() => {});
  await target?.close().catch(() => {});
}
process.exit(code);
