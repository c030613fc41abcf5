import type { LabProfile } from '../config.ts';

/** One lab of a targets file, validated and with `${VAR}` references expanded. */
export interface LabTarget {
  name: string;
  embedded: boolean;
  /** Embedded labs only. */
  profile?: LabProfile;
  /**
   * The lab's harness settings under their environment names (KUBECONFIG, ROX_ENDPOINT,
   * ROX_API_TOKEN, SLACK_WEBHOOK_URL, ...), paths made absolute. Holds secrets: never print it.
   */
  settings: Record<string, string>;
  /** The secret values among settings, for redact(). */
  secrets: string[];
}

export interface TargetsFile {
  /** Absolute path of the file. */
  path: string;
  labs: LabTarget[];
  /** `concurrency:` in the file: how many labs check reads at once. */
  concurrency?: number;
}

/** One thing wrong with a targets file, named so a person can fix it without reading code. */
export interface TargetProblem {
  /** The lab's name, `labs[3]` when it has none, or `(file)` for the file itself. */
  lab: string;
  /** The field as written in YAML, e.g. `central.token`. */
  field: string;
  problem: string;
  fix: string;
}
