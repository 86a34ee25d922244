/**
 * A report as bytes: a pure function of (case state, options) — nothing is written to the case or to disk, so
 * the same state and options give the same bytes, and a UI can preview a report before exporting it.
 */
import { createHash } from 'node:crypto';
import type { Case } from '../case';
import { auditHeadRow } from '../db/read/report';
import { ThreadlineError } from '../errors';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { buildReportModel } from './model';
import { renderPdf } from './pdf/render';
import type { ChainState, ReportFormat, ReportModel, ReportOptions, ReportProgress, ResolvedReportOptions, VerificationOut } from './types';
import { renderXlsx } from './xlsx';

export interface RenderedReport {
  format: ReportFormat;
  bytes: Buffer;
  sha256: string;
  /** PDF only. */
  pages: number | null;
  /** The state and options the report describes (for the audit entry and the manifest). */
  chain: ChainState;
  options: ResolvedReportOptions;
  verification: VerificationOut;
  reportDate: string;
  events: { matched: number; shown: number };
}

/** Render an already built model (a model's timeline and audit rows are read from the case while rendering). */
export async function renderModel(m: ReportModel, format: ReportFormat, o: { fontsDir?: string; onProgress?: (p: ReportProgress) => void } = {}): Promise<{ bytes: Buffer; pages: number | null }> {
  switch (format) {
    case 'pdf': {
      const r = await renderPdf(m, o);
      return { bytes: r.bytes, pages: r.pages };
    }
    case 'html':
      return { bytes: renderHtml(m, o.onProgress), pages: null };
    case 'xlsx':
      return { bytes: await renderXlsx(m, o.onProgress), pages: null };
    case 'csv':
      return { bytes: renderCsv(m), pages: null };
    default: {
      const never: never = format;
      throw new ThreadlineError('BAD_ARGUMENT', `Unknown report format "${String(never)}".`, { hint: 'Use pdf, html, xlsx or csv.' });
    }
  }
}

/** Build the model and render it; fails if the case changed while the report was being made. */
export async function renderReport(c: Case, format: ReportFormat, options: ReportOptions = {}, onProgress?: (p: ReportProgress) => void): Promise<RenderedReport> {
  const m = await buildReportModel(c, options, onProgress);
  const r = await renderModel(m, format, { ...(options.fontsDir ? { fontsDir: options.fontsDir } : {}), ...(onProgress ? { onProgress } : {}) });
  const head = auditHeadRow(c.db);
  if (!head || head.seq !== m.chain.headSeq || head.hash !== m.chain.headHash) {
    throw new ThreadlineError('REPORT_STATE_CHANGED', `The case changed while the report was being made (audit entry ${head?.seq ?? '?'} was added after entry ${m.chain.headSeq}).`, {
      file: c.file,
      hint: 'Make the report again once imports and other changes have finished.',
    });
  }
  return {
    format,
    bytes: r.bytes,
    sha256: createHash('sha256').update(r.bytes).digest('hex'),
    pages: r.pages,
    chain: m.chain,
    options: m.meta.options,
    verification: m.verification,
    reportDate: m.meta.reportDate,
    events: { matched: m.timeline.matched, shown: m.timeline.shown },
  };
}
