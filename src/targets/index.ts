export { type Expansion, expandEnvRefs } from './env-refs.ts';
export { type FieldSpec, LAB_FIELDS, PER_LAB_VARIABLES } from './fields.ts';
export { labEnvironment } from './lab-env.ts';
export {
  embeddedLabDir,
  LABS_DIR_VARIABLE,
  type LabOption,
  type LabProjectMetadata,
  labConfig,
  labInShard,
  labProjectMetadata,
} from './lab-projects.ts';
export { formatProblems, loadTargetsFile, type ParsedTargets, parseTargets, targetsError } from './parse.ts';
export { mapLimit } from './pool.ts';
export {
  exitCodeForRows,
  formatLabTable,
  type LabRow,
  type LabStatus,
  labStatus,
  type TableOptions,
} from './table.ts';
export type { LabTarget, TargetProblem, TargetsFile } from './types.ts';
