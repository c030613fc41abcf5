// The run summary written by the summary reporter: its JSON shape, how annotations become hops and
// findings, and the person-readable Markdown.

export interface Hop {
  name: string;
  ms: number;
  /** The step the hop belongs to, when the scenario said so. */
  step?: string;
}

export interface SummaryFinding {
  id: string;
  title: string;
  happened: string;
  why: string;
  fix: string;
  severity?: string;
}

/** The title suffix of a channel step whose delivery nothing could read back (fixtures/steps.ts). */
export const NOT_VERIFIED = ' (not verified)';

/** A delivery the run could not prove, from `{type:'unverified', description: JSON {channel, reason, configure}}`. */
export interface UnverifiedDelivery {
  channel: string;
  reason: string;
  /** The variables that would make it provable. */
  configure: string[];
}

export interface StepSummary {
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'unverified';
  durationMs: number;
  error?: string;
}

export interface ScenarioSummary {
  title: string;
  file: string;
  status: string;
  durationMs: number;
  retries: number;
  error?: string;
  steps: StepSummary[];
  hops: Hop[];
  findings: SummaryFinding[];
  /** Where the module text misleads but the run still works (annotation type 'advisory'). */
  advisories: SummaryFinding[];
  unverified?: UnverifiedDelivery[];
}

export interface RunSummary {
  /** Which text was verified (src/module/model.ts headline): a guide, the module as written, or the corrected copy. */
  moduleText?: string;
  /** The guide's steps nothing verified, each with its file:line and why. */
  unchecked?: { text: string; at: string; why: string }[];
  runId: string;
  target: string;
  targetReason: string;
  profile: string;
  status: string;
  /** PASSED, "PASSED with unverified deliveries", FAILED, ...: status said for people. */
  verdict?: string;
  startedAt: string;
  durationMs: number;
  totals: Record<'passed' | 'failed' | 'skipped' | 'timedOut' | 'interrupted', number>;
  scenarios: ScenarioSummary[];
  /** Every distinct finding of the run, with the scenarios that reported it. */
  findings: (SummaryFinding & { scenarios: string[] })[];
  advisories: (SummaryFinding & { scenarios: string[] })[];
  /** Every delivery no reader proved, with its scenario: such a run never plainly passed. */
  unverified?: (UnverifiedDelivery & { scenario: string })[];
}

export interface Annotation {
  type: string;
  description?: string;
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

/** Hops from `{type:'hop', description: JSON {name, ms, step?}}`; malformed ones are skipped. */
export function hopsFrom(annotations: readonly Annotation[]): Hop[] {
  const hops: Hop[] = [];
  for (const a of annotations) {
    if (a.type !== 'hop') continue;
    const v = parseJson(a.description);
    if (!v || typeof v.name !== 'string' || typeof v.ms !== 'number' || !Number.isFinite(v.ms)) continue;
    const hop: Hop = { name: v.name, ms: Math.round(v.ms * 10) / 10 };
    if (typeof v.step === 'string') hop.step = v.step;
    hops.push(hop);
  }
  return hops;
}

/** Findings from `{type:'finding', description: JSON {id, title, happened, why, fix}}`, one per id. */
export function findingsFrom(
  annotations: readonly Annotation[],
  type: 'finding' | 'advisory' = 'finding',
): SummaryFinding[] {
  const byId = new Map<string, SummaryFinding>();
  for (const a of annotations) {
    if (a.type !== type) continue;
    const v = parseJson(a.description);
    if (!v || typeof v.id !== 'string') continue;
    const finding: SummaryFinding = {
      id: v.id,
      title: str(v.title),
      happened: str(v.happened),
      why: str(v.why),
      fix: str(v.fix),
    };
    if (typeof v.severity === 'string') finding.severity = v.severity;
    byId.set(finding.id, finding);
  }
  return [...byId.values()];
}

/** Unverified deliveries, one per channel; malformed ones are skipped. */
export function unverifiedFrom(annotations: readonly Annotation[]): UnverifiedDelivery[] {
  const byChannel = new Map<string, UnverifiedDelivery>();
  for (const a of annotations) {
    if (a.type !== 'unverified') continue;
    const v = parseJson(a.description);
    if (!v || typeof v.channel !== 'string') continue;
    const configure = Array.isArray(v.configure) ? v.configure.filter((c) => typeof c === 'string') : [];
    byChannel.set(v.channel, { channel: v.channel, reason: str(v.reason), configure });
  }
  return [...byChannel.values()];
}

export function collectUnverified(
  scenarios: readonly ScenarioSummary[],
): (UnverifiedDelivery & { scenario: string })[] {
  return scenarios.flatMap((s) => (s.unverified ?? []).map((u) => ({ ...u, scenario: s.title })));
}

/** A passed run with an unverified delivery is not a plain pass. */
export function verdictOf(status: string, unverified: readonly unknown[] = []): string {
  if (status !== 'passed') return status.toUpperCase();
  return unverified.length > 0 ? 'PASSED with unverified deliveries' : 'PASSED';
}

/** One console line naming each unverified channel and what to set; undefined when there is none. */
export function unverifiedLine(s: RunSummary): string | undefined {
  const list = s.unverified ?? [];
  if (list.length === 0) return undefined;
  const channels = new Map<string, Set<string>>();
  for (const u of list) {
    const vars = channels.get(u.channel) ?? new Set<string>();
    for (const c of u.configure) vars.add(c);
    channels.set(u.channel, vars);
  }
  const parts = [...channels].map(
    ([channel, vars]) => `${channel}${vars.size > 0 ? ` (set ${[...vars].join(', ')})` : ''}`,
  );
  return `${s.verdict ?? verdictOf(s.status, list)}: ${list.length} delivery check(s) not verified: ${parts.join('; ')}; see summary.md`;
}

export function collectFindings(
  scenarios: readonly ScenarioSummary[],
  kind: 'findings' | 'advisories' = 'findings',
): RunSummary['findings'] {
  const byId = new Map<string, SummaryFinding & { scenarios: string[] }>();
  for (const s of scenarios) {
    for (const f of s[kind]) {
      const seen = byId.get(f.id);
      if (seen) seen.scenarios.push(s.title);
      else byId.set(f.id, { ...f, scenarios: [s.title] });
    }
  }
  return [...byId.values()].sort((a, b) => findingOrder(a.id) - findingOrder(b.id));
}

function findingOrder(id: string): number {
  const n = Number(/\d+/.exec(id)?.[0]);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
/**
 * The line that says what went wrong. Soft assertions name the guide's step first ("Error: <step>"),
 * then the explanation: skip a first line that only repeats the step title.
 */
const firstLine = (text: string, stepTitle = ''): string => {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const first = lines[0] ?? '';
  const restatesTitle = stepTitle !== '' && first.replace(/^\w*Error: /, '').trim() === stepTitle.trim();
  return (restatesTitle ? lines[1] : undefined) ?? first;
};

export function renderMarkdown(s: RunSummary): string {
  const out: string[] = [];
  const t = s.totals;
  const unverified = s.unverified ?? [];
  const heading =
    s.status !== 'passed' ? 'FAILED' : unverified.length > 0 ? 'PASSED with unverified deliveries' : 'passed';
  out.push(`# Notifications module: ${heading}${s.moduleText ? ` (${s.moduleText})` : ''}`);
  out.push('');
  out.push(`- Target: **${s.target}**${s.targetReason ? ` (${s.targetReason})` : ''}`);
  out.push(
    `- Lab profile: ${s.profile} · run id: ${s.runId} · started ${s.startedAt} · ${seconds(s.durationMs)}`,
  );
  out.push(
    `- ${t.passed} passed, ${t.failed} failed, ${t.timedOut} timed out, ${t.skipped} skipped, ${t.interrupted} interrupted, ${unverified.length} unverified deliveries`,
  );
  out.push('');
  out.push('| Scenario | Step | Status | Duration | Error |');
  out.push('|---|---|---|---|---|');
  for (const sc of s.scenarios) {
    out.push(
      `| ${cell(sc.title)} | | **${sc.status}** | ${seconds(sc.durationMs)} | ${cell(firstLine(sc.error ?? '', sc.steps.find((st) => st.status === 'failed')?.title))} |`,
    );
    for (const st of sc.steps) {
      out.push(
        `| | ${cell(st.title)} | ${st.status} | ${seconds(st.durationMs)} | ${cell(firstLine(st.error ?? '', st.title))} |`,
      );
    }
  }
  const hops = s.scenarios.flatMap((sc) => sc.hops.map((h) => ({ scenario: sc.title, ...h })));
  if (hops.length > 0) {
    out.push('', '## Latencies', '', '| Scenario | Hop | ms |', '|---|---|---|');
    for (const h of hops) out.push(`| ${cell(h.scenario)} | ${cell(h.name)} | ${h.ms} |`);
  }
  if (unverified.length > 0) {
    out.push('', '## Unverified', '');
    out.push('Nothing read these channels back, so delivery to them was not verified (not passed):', '');
    out.push('| Scenario | Channel | Why | Configure |', '|---|---|---|---|');
    for (const u of unverified)
      out.push(
        `| ${cell(u.scenario)} | ${cell(u.channel)} | ${cell(u.reason)} | ${cell(u.configure.join(', '))} |`,
      );
  }
  out.push('', '## Findings', '');
  if (s.findings.length === 0)
    out.push("None: this target showed none of the module's known defects (F1-F10).");
  renderFindings(out, s.findings);
  if (s.advisories.length > 0) {
    out.push('', '## Advisories (the text misleads; the run still works)', '');
    renderFindings(out, s.advisories);
  }
  const unchecked = s.unchecked ?? [];
  if (unchecked.length > 0) {
    out.push('', '## Not checked', '', 'Steps of the guide that nothing in this run verified:', '');
    out.push('| Where | Step | Why not |', '|---|---|---|');
    for (const u of unchecked) out.push(`| ${cell(u.at)} | ${cell(u.text)} | ${cell(u.why)} |`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function renderFindings(out: string[], findings: RunSummary['findings']): void {
  for (const f of findings) {
    out.push(`### ${f.id}: ${f.title}${f.severity ? ` (${f.severity})` : ''}`, '');
    out.push(`- **What happened:** ${f.happened}`);
    out.push(`- **Why:** ${f.why}`);
    out.push(`- **Fix:** ${f.fix}`);
    out.push(`- Seen in: ${f.scenarios.join('; ')}`, '');
  }
}

/** Global setup hands the module's headline and unchecked steps to the reporter's process through this variable. */
export const MODULE_SUMMARY_ENV = 'HARNESS_MODULE_SUMMARY';

export function moduleSummaryValue(model: {
  headline: string;
  unchecked: { text: string; at: string; why: string }[];
}): string {
  return JSON.stringify({ moduleText: model.headline, unchecked: model.unchecked });
}

export function moduleFromEnv(env: NodeJS.ProcessEnv): Pick<RunSummary, 'moduleText' | 'unchecked'> {
  const raw = env[MODULE_SUMMARY_ENV];
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as Pick<RunSummary, 'moduleText' | 'unchecked'>;
    return { moduleText: String(parsed.moduleText ?? ''), unchecked: parsed.unchecked ?? [] };
  } catch {
    return {};
  }
}
