// Inline AsciiDoc the reader needs: bold UI labels and `{name}` attribute references.
// Source: Asciidoctor's constrained/unconstrained strong quotes and attribute references
// (https://docs.asciidoctor.org/asciidoc/latest/text/bold/, .../attributes/reference-attributes/).

/** `**unconstrained**` or `*constrained*` (a `*` that opens at a word boundary and closes before one). */
const STRONG = /\*\*(.+?)\*\*|(?<![\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g;

/** Attribute names are word characters and hyphens, so `{.items[0].metadata.name}` is not one. */
const ATTRIBUTE_REFERENCE = /\{([A-Za-z0-9_][A-Za-z0-9_-]*)\}/g;

export function boldLabels(text: string): string[] {
  return [...text.matchAll(STRONG)].map((m) =>
    (m[1] ?? m[2] ?? '').trim().replace(/:$/, '').replace(/^"|"$/g, ''),
  );
}

export function withoutBold(text: string): string {
  return text.replace(
    STRONG,
    (_all, unconstrained?: string, constrained?: string) => unconstrained ?? constrained ?? '',
  );
}

/** Replaces defined attributes; unknown ones stay as written and are passed to `onUnknown`. */
export function substituteAttributes(
  text: string,
  attributes: Record<string, string>,
  onUnknown: (name: string) => void = () => {},
): string {
  return text.replace(ATTRIBUTE_REFERENCE, (reference, name: string) => {
    const value = attributes[name];
    if (value !== undefined) return value;
    onUnknown(name);
    return reference;
  });
}
