// `npm run cleanup [-- --dry-run]`: removes what earlier verify runs left on the configured cluster
// (a failed step, KEEP=1, a killed run) without running the module: the CRs, notifiers and
// receiver namespaces marked as the harness's (src/module/leftovers.ts); a console-made policy a run
// held is given back in place. It takes the run lease first, so it never touches a live run's
// objects. Exit 0 nothing left, 1 something could not be removed, 2 bad settings, 3 a run is live.

import { loadConfig } from '../src/config.ts';
import { describeError, isHarnessError } from '../src/errors.ts';
import { RUN_IN_PROGRESS_EXIT_CODE, releaseRunLease, takeRunLease } from '../src/kube/run-lease.ts';
import { removeEarlierLeftovers } from '../src/module/earlier-leftovers.ts';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--dry-run' && a !== '--help');
if (args.includes('--help') || unknown.length > 0) {
  const usage = 'usage: npm run cleanup [-- --dry-run]';
  if (unknown.length > 0) console.error(`unknown option ${unknown.join(', ')}\n${usage}`);
  else console.log(usage);
  process.exit(unknown.length > 0 ? 2 : 0);
}
const reportOnly = args.includes('--dry-run');

let cfg: ReturnType<typeof loadConfig>;
try {
  cfg = loadConfig();
} catch (e) {
  console.error(describeError(e));
  process.exit(2);
}
if (cfg.target === 'embedded') {
  console.log(
    'No cluster configured: an embedded lab starts fresh and has no leftovers (set ROX_ENDPOINT or TARGET=cluster)',
  );
  process.exit(0);
}
try {
  await takeRunLease(cfg, 0);
} catch (e) {
  console.error(describeError(e, cfg.secrets));
  process.exit(isHarnessError(e) && e.code === 'RUN_IN_PROGRESS' ? RUN_IN_PROGRESS_EXIT_CODE : 2);
}
let result: { found: number; failed: number };
try {
  result = await removeEarlierLeftovers(cfg, { reportOnly });
} finally {
  await releaseRunLease();
}
if (result.found === 0 && result.failed === 0) console.log('No leftovers of earlier runs.');
process.exit(result.failed > 0 ? 1 : 0);
