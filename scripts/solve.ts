// `npm run solve`: performs the module's steps as a student should (idempotent), printing each step.
// Exit 0 done, 1 a step failed, 2 configuration/connection error.

import { describeError } from '../src/errors.ts';
import { redact } from '../src/redact.ts';
import { runSolve } from '../src/solve/index.ts';
import { exitCodeForError } from './lib/exit-codes.ts';
import { takeGuideArg } from './lib/guide-arg.ts';
import { resolveTarget, type Target } from './lib/target.ts';

const guideArg = takeGuideArg(process.argv.slice(2));
if (guideArg.error !== undefined || guideArg.rest.length > 0) {
  console.error(
    guideArg.error ?? `unknown option ${guideArg.rest.join(', ')}\nusage: npm run solve [-- --guide FILE]`,
  );
  process.exit(2);
}
let target: Target | undefined;
let code = 0;
try {
  target = await resolveTarget();
  const secrets = target.cfg.secrets;
  console.log(`Solving on ${target.description}`);
  const result = await runSolve(target.cfg, {
    log: (step, text) => console.log(redact(`[${step}] ${text}`, secrets)),
    env: target.env,
  });
  console.log(result.warnings.length === 0 ? 'Done.' : `Done, with ${result.warnings.length} warning(s).`);
} catch (e) {
  console.error(describeError(e, target?.cfg.secrets ?? []));
  code = exitCodeForError(e);
} finally {
  await target?.close().catch(() => {});
}
process.exit(code);
