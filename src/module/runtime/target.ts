import type { StepDeps } from '../step-deps.ts';

/** What the runtime step's parts work with. */
export type RuntimeDeps = StepDeps;

/** The pod the shell opens in, and the alert's target. */
export interface ShellTarget {
  policy: string;
  namespace: string;
  selector: string;
  deployment: string;
  pod: string;
  container: string;
}
