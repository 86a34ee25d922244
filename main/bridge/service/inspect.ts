/**
 * Before an import: which importers recognise a file, and a bounded dry run of the chosen one (nothing written,
 * nothing audited) so the examiner sees the spreadsheet column mapping it proposes, the day/month order it
 * settled on, or the question it cannot answer alone (DATE_ORDER_AMBIGUOUS) before committing to the import.
 */
import { stat } from 'node:fs/promises';
import type { Inspection, MappingColumn, SourceEntry } from '../../../shared/model';
import { toThreadlineError } from '../../engine/errors';
import { IMPORTERS, importerById } from '../../engine/importers/registry';
import { buildSniffInput, pickImporter } from '../../engine/importers/sniff';
import type { DateOrder, ImportOptions, SniffResult } from '../../engine/importers/types';
import { SourceFile } from '../../engine/intake/source';
import { assertRegion } from '../../engine/region';
import { assertTimeZone } from '../../engine/time/zone';

/** The dry run stops after this many records or this long, whichever comes first. */
export const PREVIEW_RECORDS = 20_000;
export const PREVIEW_MS = 3_000;
const FACT_CHARS = 2_000;

export interface InspectOptions {
  format?: string | undefined;
  tz: string;
  dateOrder?: DateOrder | null | undefined;
  region?: string | null | undefined;
  owner?: string | null | undefined;
  mapping?: [string, string][] | undefined;
}

function clip(v: unknown): unknown {
  const s = JSON.stringify(v);
  if (s === undefined) return null;
  return s.length <= FACT_CHARS ? v : `${s.slice(0, FACT_CHARS)}… (${s.length.toLocaleString('en')} characters)`;
}

function mappingColumns(v: unknown): MappingColumn[] {
  if (!v || typeof v !== 'object') return [];
  const o = v as { sheet?: unknown; columns?: unknown };
  if (!Array.isArray(o.columns)) return [];
  const sheet = typeof o.sheet === 'string' ? o.sheet : '';
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  return o.columns.map((c) => {
    const col = (c ?? {}) as Record<string, unknown>;
    return { sheet, column: str(col.column), header: str(col.header), group: typeof col.group === 'string' ? col.group : null, role: str(col.role), source: str(col.source), because: str(col.because) };
  });
}

function dateOrderFact(facts: Record<string, unknown>): string | null {
  for (const k of ['date-order', 'dateOrder']) {
    const v = facts[k];
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const f of ['order', 'used', 'decided', 'declared']) if (typeof o[f] === 'string') return o[f] as string;
    }
  }
  return null;
}

export async function inspectSource(entry: SourceEntry, path: string, o: InspectOptions): Promise<Inspection> {
  const notes: string[] = [];
  const st = await stat(path);
  const file = new SourceFile(path, st.size);
  try {
    const input = await buildSniffInput(file);
    const sniffs: { format: string; label: string; confidence: number; layout: string | null; sniff: SniffResult }[] = [];
    for (const imp of IMPORTERS) {
      let r: SniffResult | null = null;
      try {
        r = imp.sniff(input);
      } catch {
        r = null;
      }
      if (r && r.confidence > 0) sniffs.push({ format: imp.id, label: imp.label, confidence: r.confidence, layout: r.layout ?? null, sniff: r });
    }
    sniffs.sort((a, b) => b.confidence - a.confidence);
    const candidates = sniffs.map(({ sniff: _s, ...c }) => c);
    let detected: string | null = null;
    try {
      detected = pickImporter(input, IMPORTERS, 'auto').importer.id;
    } catch (err) {
      notes.push(toThreadlineError(err).message);
    }
    const format = o.format && o.format !== 'auto' ? o.format : detected;
    const out: Inspection = { source: entry, candidates, detected, preview: null, notes };
    if (!format) return out;

    const preview: NonNullable<Inspection['preview']> = { format, complete: false, units: null, records: 0, dateOrder: null, mapping: [], facts: {}, error: null };
    out.preview = preview;
    try {
      const { importer, sniff } = pickImporter(input, IMPORTERS, format);
      const options: ImportOptions = { tz: assertTimeZone(o.tz, 'evidence time zone') };
      if (o.dateOrder) options.dateOrder = o.dateOrder;
      if (o.region) options.region = assertRegion(o.region);
      if (o.owner) options.owner = o.owner;
      if (o.mapping && o.mapping.length) {
        const m = Object.create(null) as Record<string, string>;
        for (const [k, v] of o.mapping) m[k] = v;
        options.mapping = m;
      }
      const controller = new AbortController();
      const started = Date.now();
      const units = { unit: importerById(format)?.unit ?? importer.unit, seen: 0, parsed: 0, skipped: 0, rejected: 0 };
      let sawUnits = false;
      let stopped = false;
      for await (const batch of importer.parse({ file, options, sniff, signal: controller.signal })) {
        for (const rec of batch) {
          preview.records++;
          if (rec.type === 'fact') {
            if (rec.key === 'mapping-proposed') preview.mapping.push(...mappingColumns(rec.value));
            preview.facts[rec.key] = clip(rec.value);
          } else if (rec.type === 'units') {
            sawUnits = true;
            units.unit = rec.unit;
            units.seen += rec.seen;
            units.parsed += rec.parsed;
          } else if (rec.type === 'skip') {
            if (rec.outcome === 'rejected') units.rejected += rec.count;
            else units.skipped += rec.count;
          }
        }
        if (preview.records >= PREVIEW_RECORDS || Date.now() - started > PREVIEW_MS) {
          stopped = true;
          controller.abort();
          break;
        }
      }
      preview.complete = !stopped;
      preview.units = sawUnits ? units : null;
      preview.dateOrder = dateOrderFact(preview.facts);
      if (stopped) notes.push(`The dry run read the first ${preview.records.toLocaleString('en')} records only; the import reads the whole file and may still ask a question.`);
    } catch (err) {
      preview.error = toThreadlineError(err, { file: entry.name }).toInfo();
    }
    return out;
  } finally {
    await file.close();
  }
}
