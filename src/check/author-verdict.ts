// The author's fail -> solve -> pass loop, judged: a goal is trusted only when it was seen failing
// before solve (or, for a prerequisite, on a lab without it) and passing after.

import type { GoalId, GoalResult, GoalStatus } from './goal.ts';

export interface AuthorGoalVerdict {
  id: GoalId;
  title: string;
  before: GoalStatus;
  after: GoalStatus;
  /** The prerequisite control's status (a lab without the earlier module's work), when it ran. */
  control?: GoalStatus;
  /** Nothing surprising about this goal. */
  ok: boolean;
  /** Why not, in the author's terms. */
  problems: string[];
}

export interface AuthorVerdictInput {
  before: GoalResult[];
  after: GoalResult[];
  /** check on a lab without the prerequisites (embedded only). */
  control?: GoalResult[];
  /** Surprises found outside the goal lines (negative control, solve warnings). */
  extra?: string[];
}

export interface AuthorVerdict {
  goals: AuthorGoalVerdict[];
  surprises: string[];
  ok: boolean;
}

export function judgeAuthorRun(input: AuthorVerdictInput): AuthorVerdict {
  const goals: AuthorGoalVerdict[] = input.before.map((b) => {
    const after = input.after.find((a) => a.id === b.id);
    const control = input.control?.find((c) => c.id === b.id);
    const problems: string[] = [];
    const seenFailing = b.status === 'fail' || control?.status === 'fail';
    if (b.status === 'ok' && !b.prerequisite) {
      problems.push(
        'passed before solve: the module start state already satisfies it, or the check cannot fail',
      );
    }
    if (b.status === 'unverified') problems.push(`unverified before solve: ${b.detail}`);
    // An optional step nobody did is skipped, not judged: its check was not seen failing.
    if (b.status === 'skipped') problems.push(`skipped before solve (optional in the text): ${b.detail}`);
    if (!seenFailing) {
      problems.push(
        b.prerequisite
          ? 'never seen failing (authoring defect): it is provided by an earlier module and no lab without it was checked'
          : 'never seen failing (authoring defect)',
      );
    }
    if (after === undefined) problems.push('missing from the check after solve');
    else if (after.status !== 'ok') problems.push(`not passing after solve: ${after.detail}`);
    const v: AuthorGoalVerdict = {
      id: b.id,
      title: b.title,
      before: b.status,
      after: after?.status ?? 'fail',
      ok: problems.length === 0,
      problems,
    };
    if (control !== undefined) v.control = control.status;
    return v;
  });
  const surprises = [...goals.flatMap((g) => g.problems.map((p) => `${g.id}: ${p}`)), ...(input.extra ?? [])];
  return { goals, surprises, ok: surprises.length === 0 };
}
