// The notifier integrations a guide creates. The name is the value of the "Integration Name" field the
// guide tells the student to fill in; the type is the tile the guide selects under Notifier
// Integrations, else the wording of the section it is in. Tile names: stackrox/ui/apps/platform/src/
// Containers/Integrations/utils/integrationsList.ts ("Slack", "Generic Webhook", "Microsoft Teams").

import type { Guide, ListItem, Section, Step } from './types.ts';

export type IntegrationType = 'slack' | 'teams' | 'generic';

export interface GuideIntegration {
  type: IntegrationType;
  name: string;
  /** The line of the "Integration Name" item. */
  line: number;
  /** The line the type was read from: the tile step, or the section title. */
  typeLine: number;
  optional: boolean;
  /** The line that says the integration is optional. */
  optionalLine?: number;
  /** Index in `Guide.sections` of the top-level section the integration is created in. */
  section: number;
}

/** An "Integration Name" the reader found but could not give a type it knows. */
export interface UntypedIntegration {
  name: string;
  line: number;
  /** The tile or section wording it saw, e.g. "PagerDuty"; absent when nothing names a type. */
  seen?: string;
  seenLine?: number;
}

const NAME_FIELD = /^integration name\b/i;
const TILE_STEP = /notifier integrations|\btile\b/i;
// A paragraph or admonition saying so ("This section is optional"), or a section title with "optional".
const OPTIONAL_SENTENCE = /\b(?:is|are)\s+optional\b|^optional\b/i;

export function typeOf(wording: string): IntegrationType | undefined {
  // Guides also say just "Generic" (mfosterrox/rhacs-demo: "Generic (or Generic Webhook, depending on
  // your RHACS version)"); the notifier type string is `generic` (stackrox/pkg/notifiers/types.go).
  if (/generic\s+webhook|^generic$/i.test(wording)) return 'generic';
  if (/microsoft\s+teams|\bteams\b/i.test(wording)) return 'teams';
  if (/\bslack\b/i.test(wording)) return 'slack';
  return undefined;
}

export function topSection(guide: Guide, index: number | undefined): number | undefined {
  let current = index;
  while (current !== undefined && guide.sections[current]!.parent !== undefined)
    current = guide.sections[current]!.parent;
  return current;
}

/** The section and all its subsections. */
export function sectionFamily(guide: Guide, top: number): Set<number> {
  const family = new Set([top]);
  guide.sections.forEach((section, index) => {
    if (section.parent !== undefined && family.has(section.parent)) family.add(index);
  });
  return family;
}

export function readIntegrations(guide: Guide): { typed: GuideIntegration[]; untyped: UntypedIntegration[] } {
  const typed: GuideIntegration[] = [];
  const untyped: UntypedIntegration[] = [];
  guide.steps.forEach((step, stepIndex) => {
    for (const item of [step, ...step.items]) {
      const name = integrationName(item);
      if (name === undefined) continue;
      const top = topSection(guide, step.section);
      const seen = typeWording(guide, stepIndex, top);
      const type = seen && typeOf(seen.text);
      if (!type || top === undefined) {
        untyped.push({ name, line: item.line, ...(seen ? { seen: seen.text, seenLine: seen.line } : {}) });
        continue;
      }
      const optionalLine = optionalMarker(guide, top) ?? optionalGoal(guide, type);
      typed.push({
        type,
        name,
        line: item.line,
        typeLine: seen.line,
        optional: optionalLine !== undefined,
        ...(optionalLine === undefined ? {} : { optionalLine }),
        section: top,
      });
    }
  });
  return { typed, untyped };
}

/** "**Integration Name:** Enter: **slack-alerts**" gives slack-alerts; so does `Integration name: slack-alerts`. */
function integrationName(item: ListItem): string | undefined {
  if (!NAME_FIELD.test(item.text)) return undefined;
  const values = item.labels.filter((label) => !NAME_FIELD.test(label));
  const value = values.at(-1) ?? /`([^`]+)`/.exec(item.text)?.[1] ?? item.text.replace(NAME_FIELD, '');
  const name = value
    .replace(/^[\s:]*(?:enter:?)?\s*/i, '')
    .replace(/[.\s]+$/, '')
    .replace(/^`|`$/g, '');
  return name === '' ? undefined : name;
}

/** The tile the nearest earlier step in the same top-level section selects, else the section titles. */
function typeWording(
  guide: Guide,
  stepIndex: number,
  top: number | undefined,
): { text: string; line: number } | undefined {
  for (let i = stepIndex; i >= 0; i--) {
    const step: Step = guide.steps[i]!;
    if (topSection(guide, step.section) !== top) break;
    if (TILE_STEP.test(step.text)) {
      const tile = step.labels.filter((label) => !/notifier integrations/i.test(label)).at(-1);
      if (tile) return { text: tile, line: step.line };
    }
  }
  const titles: Section[] = [];
  for (let s = guide.steps[stepIndex]!.section; s !== undefined; s = guide.sections[s]!.parent) {
    titles.push(guide.sections[s]!);
  }
  const named = titles.find((section) => typeOf(section.title));
  return named ? { text: named.title, line: named.line } : undefined;
}

// The module's goals name what is optional (rhacs-demo: "Optionally set up a notification alert to a
// Microsoft Teams or Slack channel"); a guess at the wording, like the section rules above.
const GOALS_SECTION = /\bgoals?\b/i;
const OPTIONALLY = /\boptional(?:ly)?\b/i;
const TYPE_WORDS: Record<IntegrationType, RegExp> = {
  slack: /\bslack\b/i,
  teams: /\bteams\b/i,
  generic: /\bgeneric\b|\bwebhook\.site\b/i,
};

/** The line of a goal that says an integration of this type is optional. */
function optionalGoal(guide: Guide, type: IntegrationType): number | undefined {
  return guide.paragraphs.find(
    (p) =>
      p.section !== undefined &&
      GOALS_SECTION.test(guide.sections[p.section]!.title) &&
      OPTIONALLY.test(p.text) &&
      TYPE_WORDS[type].test(p.text),
  )?.line;
}

function optionalMarker(guide: Guide, top: number): number | undefined {
  const family = sectionFamily(guide, top);
  const title = [...family]
    .map((s) => guide.sections[s]!)
    .find((section) => /\boptional\b/i.test(section.title));
  if (title) return title.line;
  const sentence = [...guide.paragraphs, ...guide.admonitions].find(
    (text) => text.section !== undefined && family.has(text.section) && OPTIONAL_SENTENCE.test(text.text),
  );
  return sentence?.line;
}
