// Sensor's process filter settings, read from its container env at start as real Sensor reads them:
// stackrox pkg/env/process_filter.go (ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES 1-1000, default 5;
// ROX_PROCESS_FILTER_FAN_OUT_LEVELS "[8,6,4,2]"), pkg/env/process_filter_max_paths.go
// (ROX_PROCESS_FILTER_MAX_PROCESS_PATHS, 5000), pkg/env/process_filter_mode.go (ROX_PROCESS_FILTER_MODE
// presets; an explicitly set individual variable wins over the preset), pkg/env/integersetting.go and
// integerarraysetting.go (an unparsable or out-of-range value falls back to the default).
// Versions (shared/reference/rhacs-central.md): fixed up to 4.9, the individual variables from 4.10,
// the mode from 4.11.
import type { RhacsVersion } from '../../types/rhacs.ts';

export interface ProcessFilterSettings {
  maxExactPathMatches: number;
  fanOutLevels: readonly number[];
  maxProcessPaths: number;
  /** The preset in force ('default' for an unknown name), or undefined when none was set. */
  mode?: string;
}

export const DEFAULT_PROCESS_FILTER: ProcessFilterSettings = {
  maxExactPathMatches: 5,
  fanOutLevels: [8, 6, 4, 2],
  maxProcessPaths: 5000,
};

const PRESETS: Record<string, Omit<ProcessFilterSettings, 'mode'>> = {
  aggressive: { maxExactPathMatches: 1, fanOutLevels: [], maxProcessPaths: 1000 },
  default: DEFAULT_PROCESS_FILTER,
  minimal: { maxExactPathMatches: 100, fanOutLevels: [20, 15, 10, 5], maxProcessPaths: 20000 },
};

export const PROCESS_FILTER_MODES = Object.keys(PRESETS);

const MAX_EXACT = 'ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES';
const FAN_OUT = 'ROX_PROCESS_FILTER_FAN_OUT_LEVELS';
const MAX_PATHS = 'ROX_PROCESS_FILTER_MAX_PROCESS_PATHS';
const MODE = 'ROX_PROCESS_FILTER_MODE';

function integer(raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '' || !/^[+-]?\d+$/.test(raw.trim())) return fallback;
  const v = Number(raw.trim());
  return v < min || v > max ? fallback : v;
}

function integerArray(raw: string | undefined, fallback: readonly number[]): readonly number[] {
  if (raw === undefined || raw === '') return fallback;
  let body = raw.trim();
  if (body.startsWith('[') && body.endsWith(']')) body = body.slice(1, -1).trim();
  if (body === '') return [];
  const parts = body
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > 10) return fallback;
  const values = parts.map((p) => (/^[+-]?\d+$/.test(p) ? Number(p) : Number.NaN));
  return values.every((v) => v >= 1 && v <= 1000) ? values : fallback;
}

const atLeast = (version: RhacsVersion, minor: number) => Number(version.split('.')[1]) >= minor;

/** The filter a Sensor of `version` runs with, given its container's env. */
export function processFilterSettings(
  env: Readonly<Record<string, string>>,
  version: RhacsVersion,
): ProcessFilterSettings {
  if (!atLeast(version, 10)) return DEFAULT_PROCESS_FILTER;
  const settings: ProcessFilterSettings = {
    maxExactPathMatches: integer(env[MAX_EXACT], 5, 1, 1000),
    fanOutLevels: integerArray(env[FAN_OUT], DEFAULT_PROCESS_FILTER.fanOutLevels),
    maxProcessPaths: integer(env[MAX_PATHS], 5000, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  };
  const rawMode = env[MODE];
  if (!atLeast(version, 11) || rawMode === undefined) return settings;
  const mode = Object.hasOwn(PRESETS, rawMode.toLowerCase()) ? rawMode.toLowerCase() : 'default';
  const preset = PRESETS[mode] ?? DEFAULT_PROCESS_FILTER;
  return {
    maxExactPathMatches:
      env[MAX_EXACT] === undefined ? preset.maxExactPathMatches : settings.maxExactPathMatches,
    fanOutLevels: env[FAN_OUT] === undefined ? preset.fanOutLevels : settings.fanOutLevels,
    maxProcessPaths: env[MAX_PATHS] === undefined ? preset.maxProcessPaths : settings.maxProcessPaths,
    mode,
  };
}
