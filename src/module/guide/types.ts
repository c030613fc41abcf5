// The reader's view of a Showroom/Antora AsciiDoc guide: only what the harness needs, each element
// with the 1-based line of the guide it was read from, so every step and finding can cite file:line.

export interface Section {
  title: string;
  /** 1 for `==`, 2 for `===` ... (the document title `=` is `Guide.title`). */
  level: number;
  line: number;
  /** Index in `Guide.sections` of the enclosing section, if any. */
  parent?: number;
}

export interface ListItem {
  /** The item's text with bold markers removed and attributes substituted. */
  text: string;
  /** The bold UI labels in the item (`*Integrations*`, `**Slack**`), trailing colons dropped. */
  labels: string[];
  line: number;
}

export interface Step extends ListItem {
  /** The number Asciidoctor shows: `[start=N]` honoured, otherwise counted within the list. */
  number: number;
  /** The `*`/`-` items nested under the step (e.g. `* **Integration Name:** Enter: **slack-alerts**`). */
  items: ListItem[];
  section?: number;
}

export interface Image {
  target: string;
  line: number;
  section?: number;
}

/** A `----` listing or `....` literal block with its block attributes. */
export interface SourceBlock {
  /** `sh` in `[source,sh,role=execute]`; absent for a bare listing or literal block. */
  language?: string;
  /** `role=execute` and `.console-output` style roles, in order. */
  roles: string[];
  /** The block carries `role=execute`: Showroom runs it in the terminal when clicked. */
  execute: boolean;
  /** The body verbatim (attributes substituted only when `subs` asks for them, as Asciidoctor does). */
  body: string;
  /** The line of the first attribute line, or of the opening delimiter when there is none. */
  line: number;
  /** The first and last body lines (an empty body has lastLine = firstLine - 1). */
  firstLine: number;
  lastLine: number;
  section?: number;
  /** Index in `Guide.steps` of the step this block belongs to: the nearest one before it in its section. */
  step?: number;
}

export interface SampleOutput {
  text: string;
  /** Index of the block in `Guide.blocks`. */
  block: number;
  line: number;
  firstLine: number;
  lastLine: number;
  /** Index in `Guide.blocks` of the execute block it shows the output of, when it follows one. */
  after?: number;
  /** How the reader knew: it follows an execute block, has the console-output role, or the text before says so. */
  because: 'follows-execute' | 'console-output-role' | 'introduced-as-output';
}

export interface Admonition {
  kind: 'NOTE' | 'TIP' | 'IMPORTANT' | 'WARNING' | 'CAUTION';
  text: string;
  line: number;
  section?: number;
}

export interface Paragraph {
  text: string;
  labels: string[];
  line: number;
  section?: number;
}

/** An `{name}` reference outside a verbatim block that no attribute defines (left as written). */
export interface UnresolvedAttribute {
  name: string;
  line: number;
}

/** An `include::target[]` directive: Antora resolves it (partial$..., attributes files); the reader does not. */
export interface IncludeDirective {
  target: string;
  line: number;
  section?: number;
}

export interface Guide {
  file: string;
  title: string;
  titleLine: number;
  attributes: Record<string, string>;
  sections: Section[];
  steps: Step[];
  images: Image[];
  blocks: SourceBlock[];
  sampleOutputs: SampleOutput[];
  admonitions: Admonition[];
  paragraphs: Paragraph[];
  includes: IncludeDirective[];
  unresolvedAttributes: UnresolvedAttribute[];
}

export interface ParseGuideOptions {
  /** Attributes the site defines (Antora's antora.yml `asciidoc.attributes`); the guide's own win. */
  attributes?: Record<string, string>;
}
