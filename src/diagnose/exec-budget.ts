// How many identical execs per container Sensor lets through before it drops them (F8), read from
// the Sensor Deployment's env as Sensor reads it at start: ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES
// (1-1000, default 5, RHACS 4.10+), ROX_PROCESS_FILTER_FAN_OUT_LEVELS ("[]" = arguments not told
// apart), ROX_PROCESS_FILTER_MODE presets (4.11+; aggressive 1 and "[]", minimal 100); an individual
// variable that is set wins over the preset, and an invalid value means the default
// (stackrox pkg/env/process_filter.go, process_filter_mode.go, integersetting.go).
import type { ContainerEnvRead } from '../kube/index.ts';

/** Where Sensor runs on a secured cluster installed by the operator or Helm with defaults. */
export const SENSOR_NAMESPACE = 'stackrox';
const SENSOR = { deployment: 'sensor', container: 'sensor' };
const SENSOR_REF = `deployment/${SENSOR.deployment} -n ${SENSOR_NAMESPACE}`;

export interface ExecBudget {
  /** Identical execs per container that reach Central; the next one is dropped. */
  identicalExecs: number;
  /** false when Sensor does not tell arguments apart: every exec of the binary counts as identical. */
  argumentsTracked: boolean;
  /** Where the figure comes from, for messages: the Deployment and variable, or why the default. */
  source: string;
}

const DEFAULT_BUDGET = 5;
const PRESETS: Record<string, { exact: number; argumentsTracked: boolean }> = {
  aggressive: { exact: 1, argumentsTracked: false },
  default: { exact: DEFAULT_BUDGET, argumentsTracked: true },
  minimal: { exact: 100, argumentsTracked: true },
};
const MODE = 'ROX_PROCESS_FILTER_MODE';
const EXACT = 'ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES';
const FAN_OUT = 'ROX_PROCESS_FILTER_FAN_OUT_LEVELS';

/** "4.11.2" -> 11; undefined when Central's version is not known or not 4.x. */
function minorOf(version: string): number | undefined {
  const m = /^4\.(\d+)/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

function exactFrom(raw: string): number | undefined {
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) return undefined;
  const v = Number(raw);
  return v >= 1 && v <= 1000 ? v : undefined;
}

/** Only a list with nothing in it ("[]") turns argument tracking off; "" or a bad list means the default. */
function tracksArguments(raw: string): boolean {
  const t = raw.trim();
  return t === '' || t.replace(/^\[|\]$/g, '').trim() !== '';
}

export function execBudget(read: ContainerEnvRead, centralVersion: string): ExecBudget {
  if ('unreadable' in read) {
    return {
      identicalExecs: DEFAULT_BUDGET,
      argumentsTracked: true,
      source: `Sensor's default; ${SENSOR_REF} could not be read (${read.unreadable})`,
    };
  }
  const env = read.env;
  const minor = minorOf(centralVersion);
  const set = [MODE, EXACT, FAN_OUT].filter((k) => env[k] !== undefined);
  const where = `${SENSOR_REF}, container ${SENSOR.container}`;
  const shown = set.map((k) => `${k}=${env[k]}`).join(', ');
  if (set.length === 0) {
    return {
      identicalExecs: DEFAULT_BUDGET,
      argumentsTracked: true,
      source: `Sensor's default; ${where} sets no filter variables`,
    };
  }
  if (minor !== undefined && minor < 10) {
    return {
      identicalExecs: DEFAULT_BUDGET,
      argumentsTracked: true,
      source: `Sensor's default; ${where}: ${shown} ignored before RHACS 4.10`,
    };
  }
  const modeRaw = env[MODE];
  const modeHonoured = modeRaw !== undefined && (minor === undefined || minor >= 11);
  const modeName = modeRaw?.trim().toLowerCase() ?? '';
  const preset = modeHonoured ? (PRESETS[modeName] ?? PRESETS.default) : PRESETS.default;
  const exactRaw = env[EXACT];
  const fanOutRaw = env[FAN_OUT];
  const identicalExecs =
    exactRaw !== undefined ? (exactFrom(exactRaw) ?? DEFAULT_BUDGET) : (preset?.exact ?? DEFAULT_BUDGET);
  const argumentsTracked =
    fanOutRaw !== undefined ? tracksArguments(fanOutRaw) : (preset?.argumentsTracked ?? true);
  const notes: string[] = [];
  if (modeRaw !== undefined && !modeHonoured) notes.push(`${MODE} ignored before RHACS 4.11`);
  else if (modeRaw !== undefined && !Object.hasOwn(PRESETS, modeName))
    notes.push(`unknown mode, read as default`);
  if (exactRaw !== undefined && exactFrom(exactRaw) === undefined)
    notes.push(`${EXACT} out of range, read as 5`);
  return {
    identicalExecs,
    argumentsTracked,
    source: `${where}: ${shown}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
  };
}

/** Reads Sensor's env through the Kubernetes API (never throws: unreadable means the default). */
export async function readExecBudget(
  kube: { readContainerEnv(ns: string, deployment: string, container: string): Promise<ContainerEnvRead> },
  centralVersion: string,
): Promise<ExecBudget> {
  return execBudget(
    await kube.readContainerEnv(SENSOR_NAMESPACE, SENSOR.deployment, SENSOR.container),
    centralVersion,
  );
}
