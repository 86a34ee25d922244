/** Format detection by content: builds the sniff input (head bytes, zip listing) and asks every importer. */
import { ThreadlineError } from '../errors';
import type { SourceFile } from '../intake/source';
import { looksLikeZip, symlinkContentError } from '../intake/zip';
import type { Importer, SniffInput, SniffResult } from './types';

export const SNIFF_BYTES = 64 * 1024;

export async function readHead(file: SourceFile, n = SNIFF_BYTES): Promise<Buffer> {
  if (file.size === 0) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const c of file.open({ start: 0, end: Math.max(0, Math.min(n, file.size) - 1), highWaterMark: n })) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Which zip member most likely holds the main content, by name. */
function mainMember(names: string[]): string | undefined {
  const real = names.filter((n) => !n.endsWith('/') && !n.startsWith('__MACOSX/') && !/(^|\/)\._/.test(n));
  const base = (n: string) => n.slice(n.lastIndexOf('/') + 1);
  return (
    real.find((n) => base(n) === '_chat.txt') ??
    real.find((n) => /\.txt$/i.test(n) && /(chat|whatsapp|line)/i.test(base(n))) ??
    real.find((n) => base(n) === 'result.json') ??
    real.find((n) => /\.(txt|json|xml|vcf|csv|html)$/i.test(n))
  );
}

async function readStreamHead(stream: NodeJS.ReadableStream, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let len = 0;
  for await (const c of stream as AsyncIterable<Buffer>) {
    chunks.push(c);
    len += c.length;
    if (len >= n) break;
  }
  (stream as unknown as { destroy?: () => void }).destroy?.();
  return Buffer.concat(chunks).subarray(0, n);
}

export async function buildSniffInput(file: SourceFile): Promise<SniffInput> {
  const head = await readHead(file);
  const input: SniffInput = { fileName: file.name, size: file.size, head };
  if (looksLikeZip(head)) {
    const zip = await file.zip();
    input.zipEntries = zip.members.map((m) => m.name);
    const name = mainMember(input.zipEntries);
    const member = name ? zip.members.find((m) => m.name === name) : undefined;
    if (member?.isSymlink) throw symlinkContentError(file.name, member.name);
    if (member && !member.encrypted) {
      input.zipMember = member.name;
      input.head = await readStreamHead(await zip.open(member), SNIFF_BYTES);
    }
  }
  return input;
}

export interface Pick {
  importer: Importer;
  sniff: SniffResult;
}

/** Pick the importer for a file: the requested one (which must recognise it) or the most confident. */
export function pickImporter(input: SniffInput, importers: readonly Importer[], format = 'auto'): Pick {
  if (input.size === 0) {
    throw new ThreadlineError('SOURCE_EMPTY', 'The file is empty (0 bytes); there is nothing to import.', {
      file: input.fileName,
      hint: 'Check the acquisition: the export may have failed on the device. Re-export or re-acquire the file.',
    });
  }
  const results = importers.map((importer) => ({ importer, sniff: safeSniff(importer, input) }));
  if (format !== 'auto') {
    const wanted = results.find((r) => r.importer.id === format);
    if (!wanted) {
      throw new ThreadlineError('BAD_ARGUMENT', `Unknown format "${format}".`, { hint: `Use one of: auto, ${importers.map((i) => i.id).join(', ')}.` });
    }
    if (!wanted.sniff || wanted.sniff.confidence <= 0) {
      const other = best(results);
      throw new ThreadlineError('FORMAT_MISMATCH', `The file does not look like a ${wanted.importer.label} file${other ? `; it looks like ${other.importer.label}` : ''}.`, {
        file: input.fileName,
        hint: other ? `Import it with --format ${other.importer.id} (or --format auto).` : 'Check that this is the file you meant to import.',
      });
    }
    return { importer: wanted.importer, sniff: wanted.sniff };
  }
  const top = best(results);
  if (!top) {
    throw new ThreadlineError('FORMAT_UNRECOGNISED', `No importer recognises this file (${describeHead(input)}).`, {
      file: input.fileName,
      hint: `Supported formats: ${importers.map((i) => i.label).join('; ')}. If it is one of them, name it with --format to see why it is refused.`,
    });
  }
  return top;
}

function safeSniff(importer: Importer, input: SniffInput): SniffResult | null {
  try {
    return importer.sniff(input);
  } catch {
    return null;
  }
}

function best(results: { importer: Importer; sniff: SniffResult | null }[]): Pick | undefined {
  let top: Pick | undefined;
  for (const r of results) {
    if (r.sniff && r.sniff.confidence > 0 && (!top || r.sniff.confidence > top.sniff.confidence)) top = { importer: r.importer, sniff: r.sniff };
  }
  return top;
}

function describeHead(input: SniffInput): string {
  if (input.zipEntries) return `a zip archive with ${input.zipEntries.length} entries`;
  const h = input.head;
  let binary = 0;
  const n = Math.min(h.length, 4096);
  for (let i = 0; i < n; i++) if (h[i]! < 9 || (h[i]! > 13 && h[i]! < 32)) binary++;
  if (n > 0 && binary / n > 0.1) return 'binary data, not text';
  return 'text in no known layout';
}
