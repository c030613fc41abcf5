// What a channel shows for a payload: Slack legacy attachments and blocks, Teams Adaptive Cards and
// connector-style cards (title/text/sections), flattened to text a reader can match on.
import type { ShownAttachment, ShownCard, ShownFact, ShownField } from '../../types/receivers.ts';

export const SLACK_MAX_TEXT = 40_000;

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function slackText(value: unknown): string {
  return str(value).slice(0, SLACK_MAX_TEXT);
}

export function slackAttachment(value: unknown): ShownAttachment {
  const a = isObject(value) ? value : {};
  const fields: ShownField[] = Array.isArray(a.fields)
    ? a.fields
        .filter(isObject)
        .map((f) => ({ title: str(f.title), value: str(f.value), short: f.short === true }))
    : [];
  return { color: str(a.color), pretext: str(a.pretext), title: str(a.title), text: str(a.text), fields };
}

/** The visible text of section/header/context blocks. */
export function slackBlocks(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const block of value.filter(isObject)) {
    if (isObject(block.text)) out.push(str(block.text.text));
    if (Array.isArray(block.fields)) for (const f of block.fields.filter(isObject)) out.push(str(f.text));
    if (Array.isArray(block.elements))
      for (const e of block.elements.filter(isObject)) if (typeof e.text === 'string') out.push(e.text);
  }
  return out.filter((t) => t !== '');
}

/** Highest Adaptive Card schema version Teams renders. */
export const TEAMS_MAX_CARD_VERSION = 1.5;
export const TEAMS_UNRENDERABLE = "We're sorry, this card couldn't be displayed";

/** An Adaptive Card: the first TextBlock is the title, the other TextBlocks the text, FactSets the facts. */
export function adaptiveCard(content: Json): ShownCard {
  const version = Number.parseFloat(str(content.version) || '1.0');
  if (version > TEAMS_MAX_CARD_VERSION) return { title: '', text: TEAMS_UNRENDERABLE, facts: [] };
  const texts: string[] = [];
  const facts: ShownFact[] = [];
  const walk = (elements: unknown): void => {
    if (!Array.isArray(elements)) return;
    for (const el of elements.filter(isObject)) {
      if (el.type === 'TextBlock') texts.push(str(el.text));
      if (el.type === 'RichTextBlock' && Array.isArray(el.inlines))
        texts.push(el.inlines.map((i) => (isObject(i) ? str(i.text) : str(i))).join(''));
      if (el.type === 'FactSet' && Array.isArray(el.facts))
        for (const f of el.facts.filter(isObject)) facts.push({ name: str(f.title), value: str(f.value) });
      walk(el.items);
      walk(el.columns);
    }
  };
  walk(content.body);
  const [title = '', ...rest] = texts;
  return { title, text: rest.join('\n'), facts };
}

/** A connector-style card ({title, text, sections[{title, facts}]}), as a MessageCard or a Compose step shows it. */
export function connectorCard(body: unknown): ShownCard {
  const card = isObject(body) ? body : {};
  const facts: ShownFact[] = [];
  const texts: string[] = [str(card.text)];
  if (Array.isArray(card.sections)) {
    for (const section of card.sections.filter(isObject)) {
      if (section.activityTitle) texts.push(str(section.activityTitle));
      if (section.text) texts.push(str(section.text));
      if (Array.isArray(section.facts))
        for (const f of section.facts.filter(isObject))
          facts.push({ name: str(f.name), value: str(f.value) });
    }
  }
  return {
    title: str(card.title) || str(card.summary),
    text: texts.filter((t) => t !== '').join('\n'),
    facts,
  };
}
