// Small building blocks the renderers share: a line-numbered text document and the per-file render context.
import type { Corpus } from './corpus';
import type { Rng } from './prng';
import type { Device, World } from './world';

/** A text file built line by line, so every record knows its 1-based line numbers. */
export class TextDoc {
  readonly lines: string[] = [];

  /** Appends one line (no newline inside) and returns its line number. */
  add(line: string): number {
    if (/[\r\n]/.test(line)) throw new Error(`TextDoc.add got a line break: ${JSON.stringify(line.slice(0, 40))}`);
    this.lines.push(line);
    return this.lines.length;
  }

  /** Appends text that may span lines; returns first and last line numbers. */
  addText(text: string): { line: number; lineEnd: number } {
    const parts = text.split('\n');
    const line = this.lines.length + 1;
    for (const p of parts) this.lines.push(p);
    return { line, lineEnd: this.lines.length };
  }

  get next(): number {
    return this.lines.length + 1;
  }

  /** The file text; `finalNewline` because some exporters end with one and some do not. */
  toString(eol: '\n' | '\r\n', finalNewline = true): string {
    return this.lines.join(eol) + (finalNewline ? eol : '');
  }
}

export interface RenderCtx {
  world: World;
  corpus: Corpus;
  rng: Rng;
  device: Device;
}

/** What a renderer hands back: the bytes, where they go, and the file's manifest entry. */
export interface RenderedFile {
  /** Path relative to the demo folder, with `/` separators. */
  path: string;
  bytes: Buffer;
  manifest: ManifestEntry;
}

export interface ManifestEntry {
  path: string;
  device: string;
  /** What the file is, in words an importer id can be matched to (`whatsapp`, `telegram`, `line`, …). */
  format: string;
  layout: string;
  description: string;
  /** Declared zone for zone-less times (and the exporter's zone for formats that carry instants). */
  zone: string;
  dateOrder: 'dmy' | 'mdy' | 'ymd' | null;
  region: string;
  /** The device owner's identifier as the examiner states it on import, and who that is. */
  owner: string;
  ownerPerson: string;
  encoding: string;
  /** What the file holds, counted by the generator (messages, calls, contacts, rows…). */
  counts: Record<string, number>;
  /** Options for `threadline import` (ImportRequest fields), as the demo command passes them. */
  import: { format: string; tz: string; dateOrder?: string; region: string; owner: string };
  /** Spreadsheets: the role of each column (header text → role), and which party the column describes. */
  columns?: { header: string; role: string; party: string }[];
  /** Spreadsheets: the row that holds the headers (1-based), per sheet. */
  headerRows?: Record<string, number>;
  notes?: string[];
}
