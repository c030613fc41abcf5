// `npm run check [-- --json] [-- --send-test] [-- --notes] [-- --guide FILE]`: the student's self-check (with
// `-- --targets <file>`: every lab of a targets file, see scripts/lib/targets-check.ts). Read-only
// (Test messages only with --send-test). Exit 0 all goals met, 1 some not, 2 configuration/connection.

import { checkReport, formatJson, formatText, runCheck } from '../src/check/index.ts';
import { describeError } from '../src/errors.ts';
import { takeGuideArg } from './lib/guide-arg.ts';
import { resolveTarget, type Target } from './lib/target.ts';

// Many labs at once: `--targets room.yaml` checks every lab of the file and prints one table.
if (process.argv.some((a) => a === '--targets' || a.startsWith('--targets='))) {
  const { targetsCheckCli } = await import('./lib/targets-check.ts');
  process.exit(await targetsCheckCli(process.argv.slice(2)));
}

const guideArg = takeGuideArg(process.argv.slice(2));
if (guideArg.error !== undefined) {
  console.error(guideArg.error);
  process.exit(2);
}
const args = new Set(guideArg.rest);
const known = new Set(['--json', '--send-test', '--notes', '--help']);
const unknown = [...args].filter((a) => !known.has(a));
if (args.has('--help') || unknown.length > 0) {
  const usage = 'usage: npm run check [-- --json] [-- --send-test] [-- --notes] [-- --guide FILE]';
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown.join(', ')}\n${usage}`);
    process.exit(2);
  }
  console.log(usage);
  process.exit(0);
}
const json = args.has('--json');

let target: Target | undefined;
let code: number;
try {
  target = await resolveTarget();
  if (!json) console.error(`Checking ${target.description}`);
  const run = await runCheck(target.cfg, { sendTest: args.has('--send-test'), env: target.env });
  const report = checkReport(run.results, target.description);
  console.log(
    json
      ? formatJson(report, run.secrets)
      : formatText(run.results, run.secrets, { notes: args.has('--notes') }),
  );
  code = report.exitCode;
} catch (e) {
  const text = describeError(e, target?.cfg.secrets ?? []);
  if (json) console.log(JSON.stringify({ ok: false, exitCode: 2, error: text }, null, 2));
  console.error(text);
  code = 2;
} finally {
  await target?.close().catch(() => {});
}
process.exit(code);
