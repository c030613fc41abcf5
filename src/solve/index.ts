export { runSolve, type SolveLog, type SolveOptions, type SolveResult } from './run-solve.ts';
export { type AlertWait, bashSignalsBefore, type WaitAlertOptions, waitForExecAlert } from './wait-alert.ts';
