// Looks for planted secrets in every byte a run leaves behind: plain files, ZIP archives (traces, the
// HTML report's data) entry by entry, and base64 `data:` payloads (the HTML report embeds its data
// as a base64 zip). A secret counts in its raw, URL-encoded and base64/base64url forms.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isZip, readZip } from './zip-entries.ts';

export interface Planted {
  /** A name safe to print, e.g. "ROX_API_TOKEN". */
  label: string;
  value: string;
}

export interface Hit {
  /** Where: a file path, with `!entry` for a part inside an archive or embedded payload. */
  where: string;
  label: string;
  form: string;
}

export interface ScanStats {
  /** Every place scanned, archives and their entries included. */
  places: string[];
}

/**
 * The forms a secret can take in an artifact. For base64 the three byte alignments are covered by
 * the characters that depend on the secret alone, so a secret inside a longer encoded text matches.
 */
export function secretForms(value: string): { form: string; text: string }[] {
  const forms = [
    { form: 'raw', text: value },
    { form: 'url-encoded', text: encodeURIComponent(value) },
    { form: 'url-encoded twice', text: encodeURIComponent(encodeURIComponent(value)) },
  ];
  const bytes = Buffer.from(value);
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]);
    const first = Math.ceil((pad * 8) / 6);
    const end = Math.floor(((pad + bytes.length) * 8) / 6);
    const core = encoded.toString('base64').slice(first, end);
    forms.push({ form: `base64 (offset ${pad})`, text: core });
    forms.push({ form: `base64url (offset ${pad})`, text: core.replaceAll('+', '-').replaceAll('/', '_') });
  }
  const seen = new Set<string>();
  return forms.filter((f) => !seen.has(f.text) && seen.add(f.text));
}

const DATA_URL = /data:[\w.+-]+\/[\w.+-]+;base64,([A-Za-z0-9+/=]+)/g;

export class SecretScanner {
  readonly hits: Hit[] = [];
  readonly stats: ScanStats = { places: [] };
  readonly #needles: { label: string; form: string; text: Buffer }[];

  constructor(planted: Planted[]) {
    this.#needles = planted.flatMap((p) =>
      secretForms(p.value).map((f) => ({ label: p.label, form: f.form, text: Buffer.from(f.text) })),
    );
  }

  scanBytes(where: string, bytes: Buffer): void {
    this.stats.places.push(where);
    for (const n of this.#needles) {
      if (bytes.includes(n.text)) this.hits.push({ where, label: n.label, form: n.form });
    }
    if (isZip(bytes)) {
      for (const entry of readZip(bytes)) this.scanBytes(`${where}!${entry.name}`, entry.data);
      return;
    }
    // Only text can carry a data: URL; decoded payloads are scanned like files (a zip is opened).
    const text = bytes.toString('latin1');
    let index = 0;
    for (const match of text.matchAll(DATA_URL)) {
      index += 1;
      this.scanBytes(`${where}!data-url-${index}`, Buffer.from(match[1]!, 'base64'));
    }
  }

  scanText(where: string, text: string): void {
    this.scanBytes(where, Buffer.from(text));
  }

  /** Every file under dir, shown as `label/<relative path>`; file names are scanned too. */
  scanTree(label: string, dir: string): void {
    const walk = (current: string): void => {
      for (const name of readdirSync(current)) {
        const path = join(current, name);
        const shown = join(label, relative(dir, path));
        this.scanText(`${shown} (file name)`, shown);
        if (statSync(path).isDirectory()) walk(path);
        else this.scanBytes(shown, readFileSync(path));
      }
    };
    walk(dir);
  }
}
