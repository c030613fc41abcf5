// parseGuide: a small line-oriented reader for the Showroom/Antora AsciiDoc the workshop modules are
// written in. It reads structure (title, sections, numbered steps, images, admonitions, listing and
// literal blocks) the way Asciidoctor groups it, so the numbers and lines it reports are the ones a
// student sees and an author edits. Source for the rules: the AsciiDoc language documentation
// (https://docs.asciidoctor.org/asciidoc/latest/): sections, lists (ordered/unordered, `[start=N]`,
// `+` continuation, a list ends at the next block that is not attached), delimited blocks, admonitions,
// document attributes.

import { HarnessError } from '../../errors.ts';
import {
  type BlockAttributes,
  emptyBlockAttributes,
  isBlockAttributeLine,
  readBlockAttributes,
  substitutesAttributes,
} from './block-attributes.ts';
import { boldLabels, substituteAttributes, withoutBold } from './inline.ts';
import type {
  Admonition,
  Guide,
  ListItem,
  ParseGuideOptions,
  SampleOutput,
  SourceBlock,
  Step,
} from './types.ts';

const SECTION = /^(={2,6})\s+(\S.*)$/;
const DOCUMENT_TITLE = /^=\s+(\S.*)$/;
const ATTRIBUTE_ENTRY = /^:([A-Za-z0-9_][A-Za-z0-9_-]*)(!?):(?:\s+(.*))?$/;
const ORDERED_ITEM = /^(\.{1,5})\s+(\S.*)$/;
const UNORDERED_ITEM = /^(\*{1,5}|-)\s+(\S.*)$/;
const ADMONITION = /^(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+(.*)$/;
const INCLUDE = /^include::(\S+?)\[.*\]$/;
const IMAGE = /^image::([^[\s]+)\[.*\]$/;
const VERBATIM_DELIMITER = /^(-{4,}|\.{4,}|\+{4,}|\/{4,})$/;
// Example, sidebar, quote and open blocks hold ordinary content, which the reader keeps reading.
const COMPOUND_DELIMITER = /^(={4,}|\*{4,}|_{4,}|--)$/;
const BLOCK_TITLE = /^\.[^\s.]/;
const OUTPUT_INTRODUCTION = /\boutput\b|should see/i;

type Last = { kind: 'none' | 'other' } | { kind: 'text'; text: string } | { kind: 'block'; index: number };

interface OpenParagraph {
  kind: 'paragraph' | Admonition['kind'];
  lines: string[];
  line: number;
}

interface OpenVerbatim {
  delimiter: string;
  openLine: number;
  attributes: BlockAttributes;
  attributesLine?: number;
  body: string[];
}

export function parseGuide(text: string, file: string, options: ParseGuideOptions = {}): Guide {
  return new GuideReader(file, options).read(text);
}

class GuideReader {
  private readonly guide: Guide;
  private readonly attributes: Record<string, string>;
  private sectionStack: number[] = [];
  private pending: BlockAttributes | undefined;
  private pendingLine: number | undefined;
  private paragraph: OpenParagraph | undefined;
  private verbatim: OpenVerbatim | undefined;
  /** The ordered list in progress: its last number, and whether the next line may continue its item. */
  private list: { lastNumber: number } | undefined;
  private openItem: ListItem | undefined;
  private continued = false;
  private last: Last = { kind: 'none' };

  constructor(file: string, options: ParseGuideOptions) {
    this.attributes = { ...(options.attributes ?? {}) };
    this.guide = {
      file,
      title: '',
      titleLine: 0,
      attributes: this.attributes,
      sections: [],
      steps: [],
      images: [],
      blocks: [],
      sampleOutputs: [],
      admonitions: [],
      paragraphs: [],
      includes: [],
      unresolvedAttributes: [],
    };
  }

  read(text: string): Guide {
    const lines = text.split(/\r?\n/);
    lines.forEach((line, index) => {
      this.readLine(line, index + 1);
    });
    if (this.verbatim) {
      const { delimiter, openLine } = this.verbatim;
      throw new HarnessError({
        code: 'GUIDE_BLOCK_UNTERMINATED',
        what: `Reading the guide ${this.guide.file}`,
        cause: `${this.guide.file}:${openLine}: the block opened with ${delimiter} is never closed`,
        fix: `Close it with a line holding exactly ${delimiter} (the same delimiter as the opening line)`,
      });
    }
    this.flushParagraph();
    return this.guide;
  }

  private get section(): number | undefined {
    return this.sectionStack.at(-1);
  }

  private readLine(raw: string, line: number): void {
    if (this.verbatim) {
      if (raw.trimEnd() === this.verbatim.delimiter) this.closeVerbatim(line);
      else this.verbatim.body.push(raw);
      return;
    }
    const trimmed = raw.trimEnd();
    if (trimmed.trim() === '') {
      this.flushParagraph();
      this.openItem = undefined;
      return;
    }
    if (/^\/\/(?!\/)/.test(trimmed)) return;

    const attribute = ATTRIBUTE_ENTRY.exec(trimmed);
    if (attribute && !this.paragraph) {
      const [, name = '', unset, value = ''] = attribute;
      if (unset) delete this.attributes[name];
      else this.attributes[name] = this.substitute(value, line);
      return;
    }
    const section = SECTION.exec(trimmed);
    if (section) {
      this.readSection(section[1]!.length - 1, section[2]!, line);
      return;
    }
    const title = DOCUMENT_TITLE.exec(trimmed);
    if (title && this.guide.titleLine === 0 && this.guide.sections.length === 0) {
      this.guide.title = this.substitute(title[1]!, line);
      this.guide.titleLine = line;
      return;
    }
    if (isBlockAttributeLine(trimmed) && !this.paragraph) {
      this.pending = readBlockAttributes(trimmed, this.pending ?? emptyBlockAttributes());
      this.pendingLine ??= line;
      return;
    }
    if (trimmed === '+') {
      this.flushParagraph();
      this.continued = true;
      return;
    }
    if (VERBATIM_DELIMITER.test(trimmed)) {
      this.openVerbatim(trimmed, line);
      return;
    }
    if (COMPOUND_DELIMITER.test(trimmed)) {
      this.flushParagraph();
      this.endListUnlessContinued();
      this.takePending();
      return;
    }
    if (BLOCK_TITLE.test(trimmed) && !this.paragraph && !this.openItem) return;

    const include = INCLUDE.exec(trimmed);
    if (include) {
      this.flushParagraph();
      this.guide.includes.push({ target: this.substitute(include[1]!, line), line, ...this.inSection() });
      return;
    }
    const image = IMAGE.exec(trimmed);
    if (image) {
      this.flushParagraph();
      this.endListUnlessContinued();
      this.takePending();
      this.guide.images.push({ target: image[1]!, line, ...this.inSection() });
      this.last = { kind: 'other' };
      return;
    }
    const ordered = ORDERED_ITEM.exec(trimmed);
    if (ordered) {
      this.readOrderedItem(ordered[1]!.length, ordered[2]!, line);
      return;
    }
    const unordered = UNORDERED_ITEM.exec(trimmed);
    if (unordered) {
      this.readUnorderedItem(unordered[2]!, line);
      return;
    }
    const admonition = ADMONITION.exec(trimmed);
    if (admonition && !this.paragraph) {
      this.endListUnlessContinued();
      this.takePending();
      this.paragraph = { kind: admonition[1] as Admonition['kind'], lines: [admonition[2]!], line };
      return;
    }
    this.readText(trimmed, line);
  }

  private readSection(level: number, title: string, line: number): void {
    this.flushParagraph();
    this.list = undefined;
    this.openItem = undefined;
    this.takePending();
    while (this.sectionStack.length > 0 && this.guide.sections[this.sectionStack.at(-1)!]!.level >= level) {
      this.sectionStack.pop();
    }
    const parent = this.section;
    this.guide.sections.push({
      title: withoutBold(this.substitute(title, line)),
      level,
      line,
      ...(parent === undefined ? {} : { parent }),
    });
    this.sectionStack.push(this.guide.sections.length - 1);
    this.last = { kind: 'other' };
  }

  private readOrderedItem(depth: number, raw: string, line: number): void {
    this.flushParagraph();
    const attributes = this.takePending();
    const current = this.currentStep();
    if (depth > 1 && current && this.list) {
      const item = this.item(raw, line);
      current.items.push(item);
      this.openItem = item;
      return;
    }
    const start = attributes?.named.start;
    const number =
      start !== undefined ? Number.parseInt(start, 10) : this.list ? this.list.lastNumber + 1 : 1;
    const step: Step = { ...this.item(raw, line), number, items: [], ...this.inSection() };
    this.guide.steps.push(step);
    this.list = { lastNumber: number };
    this.openItem = step;
    this.continued = false;
    this.last = { kind: 'text', text: step.text };
  }

  private readUnorderedItem(raw: string, line: number): void {
    this.flushParagraph();
    this.takePending();
    const current = this.currentStep();
    if (this.list && current) {
      const item = this.item(raw, line);
      current.items.push(item);
      this.openItem = item;
      return;
    }
    // A bullet outside a procedure (goals, prerequisites, references) is kept as a paragraph.
    const text = this.substitute(raw, line);
    this.guide.paragraphs.push({
      text: withoutBold(text),
      labels: boldLabels(text),
      line,
      ...this.inSection(),
    });
    this.last = { kind: 'text', text };
  }

  private readText(trimmed: string, line: number): void {
    if (this.openItem) {
      // A line right under an item continues its text (no blank line in between).
      const more = this.substitute(trimmed.trim(), line);
      this.openItem.labels.push(...boldLabels(more));
      this.openItem.text = `${this.openItem.text} ${withoutBold(more)}`;
      return;
    }
    if (this.paragraph) {
      this.paragraph.lines.push(this.substitute(trimmed.trim(), line));
      return;
    }
    this.endListUnlessContinued();
    this.takePending();
    this.paragraph = { kind: 'paragraph', lines: [this.substitute(trimmed.trim(), line)], line };
  }

  private flushParagraph(): void {
    const open = this.paragraph;
    if (!open) return;
    this.paragraph = undefined;
    const joined = open.lines.join(' ');
    const text = withoutBold(joined);
    if (open.kind === 'paragraph') {
      this.guide.paragraphs.push({ text, labels: boldLabels(joined), line: open.line, ...this.inSection() });
    } else {
      this.guide.admonitions.push({ kind: open.kind, text, line: open.line, ...this.inSection() });
    }
    this.last = { kind: 'text', text };
  }

  private openVerbatim(delimiter: string, line: number): void {
    this.flushParagraph();
    this.endListUnlessContinued();
    const attributesLine = this.pendingLine;
    this.verbatim = {
      delimiter,
      openLine: line,
      attributes: this.takePending() ?? emptyBlockAttributes(),
      ...(attributesLine === undefined ? {} : { attributesLine }),
      body: [],
    };
  }

  private closeVerbatim(closeLine: number): void {
    const open = this.verbatim!;
    this.verbatim = undefined;
    this.openItem = undefined;
    // Comment (////) and passthrough (++++) blocks show nothing a student reads or runs.
    if (!open.delimiter.startsWith('-') && !open.delimiter.startsWith('.')) return;
    const firstLine = open.openLine + 1;
    const bodyText = open.body.join('\n');
    const { positional, roles } = open.attributes;
    const language = positional[0] === 'source' ? positional[1] : undefined;
    const step = this.nearestStep();
    const block: SourceBlock = {
      ...(language === undefined ? {} : { language }),
      roles,
      execute: roles.includes('execute'),
      body: substitutesAttributes(open.attributes)
        ? open.body.map((text, offset) => this.substitute(text, firstLine + offset)).join('\n')
        : bodyText,
      line: open.attributesLine ?? open.openLine,
      firstLine,
      lastLine: closeLine - 1,
      ...this.inSection(),
      ...(step === undefined ? {} : { step }),
    };
    const index = this.guide.blocks.push(block) - 1;
    if (!block.execute) this.recordSampleOutput(block, index);
    this.last = { kind: 'block', index };
  }

  private recordSampleOutput(block: SourceBlock, index: number): void {
    const previous = this.last;
    let because: SampleOutput['because'] | undefined;
    let after: number | undefined;
    if (previous.kind === 'block' && this.guide.blocks[previous.index]!.execute) {
      because = 'follows-execute';
      after = previous.index;
    } else if (block.roles.includes('console-output')) {
      because = 'console-output-role';
    } else if (previous.kind === 'text' && OUTPUT_INTRODUCTION.test(previous.text)) {
      because = 'introduced-as-output';
    }
    if (because === undefined) return;
    this.guide.sampleOutputs.push({
      text: block.body,
      block: index,
      line: block.line,
      firstLine: block.firstLine,
      lastLine: block.lastLine,
      ...(after === undefined ? {} : { after }),
      because,
    });
  }

  private item(raw: string, line: number): ListItem {
    const text = this.substitute(raw, line);
    return { text: withoutBold(text), labels: boldLabels(text), line };
  }

  private currentStep(): Step | undefined {
    return this.list ? this.guide.steps.at(-1) : undefined;
  }

  private nearestStep(): number | undefined {
    const index = this.guide.steps.length - 1;
    const step = this.guide.steps[index];
    return step && step.section === this.section ? index : undefined;
  }

  private endListUnlessContinued(): void {
    if (this.continued) {
      this.continued = false;
      return;
    }
    this.list = undefined;
    this.openItem = undefined;
  }

  private takePending(): BlockAttributes | undefined {
    const pending = this.pending;
    this.pending = undefined;
    this.pendingLine = undefined;
    return pending;
  }

  private inSection(): { section?: number } {
    const section = this.section;
    return section === undefined ? {} : { section };
  }

  private substitute(text: string, line: number): string {
    return substituteAttributes(text, this.attributes, (name) => {
      this.guide.unresolvedAttributes.push({ name, line });
    });
  }
}
