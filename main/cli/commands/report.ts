/** `threadline report`: a court report of the case as PDF, HTML, XLSX or CSV, hashed, audited and with its manifest. */
import { Case } from '../../engine/case';
import { ThreadlineError } from '../../engine/errors';
import { exportReport, isCsvTable, CSV_TABLES, type EntitySelection } from '../../engine/reports';
import { flag, parse, requirePositional, str, type Parsed } from '../args';
import { bytes, safeText, type Out } from '../output';
import { FILTER_OPTIONS, FILTER_USAGE, filterFromArgs, positiveInt } from './timeline';

export const REPORT_USAGE =
  `threadline report CASE --out FILE.(pdf|html|xlsx|csv) ${FILTER_USAGE} [--include-audit] [--entities linked|all|none|ID,…] ` +
  '[--max-events N] [--no-timeline] [--no-graph] [--csv-table events|evidence|entities|identifiers|links|audit|annotations|graph-nodes|graph-edges] [--sources DIR] [--no-verify-sources] ' +
  '[--report-date ISO] [--overwrite] [--json]';

function entities(p: Parsed): EntitySelection | undefined {
  const v = str(p, 'entities');
  if (v === undefined) return undefined;
  const t = v.trim();
  if (t === 'linked' || t === 'all' || t === 'none') return t;
  return t.split(',').map((x) => {
    const n = Number(x.trim().replace(/^N/i, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new ThreadlineError('BAD_ARGUMENT', `--entities "${x}" is not an entity id.`, { hint: 'Use linked, all, none, or ids such as --entities 12,40.' });
    return n;
  });
}

export async function cmdReport(argv: string[], out: Out): Promise<number> {
  const p = parse(
    argv,
    {
      ...FILTER_OPTIONS,
      out: { type: 'string', short: 'o' },
      'include-audit': { type: 'boolean' },
      entities: { type: 'string' },
      'max-events': { type: 'string' },
      'no-timeline': { type: 'boolean' },
      'no-graph': { type: 'boolean' },
      'csv-table': { type: 'string' },
      sources: { type: 'string' },
      'no-verify-sources': { type: 'boolean' },
      'report-date': { type: 'string' },
      overwrite: { type: 'boolean' },
    },
    REPORT_USAGE,
  );
  const file = requirePositional(p, 0, 'the case file path', REPORT_USAGE);
  const target = str(p, 'out');
  if (!target) throw new ThreadlineError('BAD_ARGUMENT', 'Missing --out: where to write the report.', { hint: 'e.g. --out report.pdf (the extension picks the format: .pdf, .html, .xlsx or .csv).' });
  const csvTable = str(p, 'csv-table');
  if (csvTable !== undefined && !isCsvTable(csvTable)) throw new ThreadlineError('BAD_ARGUMENT', `Unknown --csv-table "${csvTable}".`, { hint: `Choose one of ${CSV_TABLES.join(', ')}.` });
  const filter = filterFromArgs(p);
  const maxEvents = str(p, 'max-events') === '0' ? 0 : positiveInt(str(p, 'max-events'), '--max-events');
  const ent = entities(p);
  const c = Case.open(file, { examiner: str(p, 'examiner') });
  try {
    const r = await exportReport(c, {
      out: target,
      filter,
      includeAudit: flag(p, 'include-audit'),
      timeline: !flag(p, 'no-timeline'),
      graph: !flag(p, 'no-graph'),
      verifySources: !flag(p, 'no-verify-sources'),
      overwrite: flag(p, 'overwrite'),
      ...(str(p, 'display-tz') !== undefined ? { displayTz: str(p, 'display-tz')! } : {}),
      ...(ent !== undefined ? { entities: ent } : {}),
      ...(maxEvents !== undefined ? { maxEvents } : {}),
      ...(csvTable !== undefined && isCsvTable(csvTable) ? { csvTable } : {}),
      ...(str(p, 'sources') !== undefined ? { sourcesDir: str(p, 'sources')! } : {}),
      ...(str(p, 'report-date') !== undefined ? { reportDate: str(p, 'report-date')! } : {}),
    });
    if (flag(p, 'json')) {
      out.json(r);
      return 0;
    }
    out.line(`Wrote ${safeText(r.file)} (${r.format.toUpperCase()}${r.pages !== null ? `, ${r.pages} pages` : ''}, ${bytes(r.size)})`);
    out.line(`SHA-256   ${r.sha256}`);
    out.line(`Manifest  ${safeText(r.manifest)}`);
    out.line(`Case state: audit entry ${r.chainHead.seq}, chain head ${r.chainHead.hash}; export recorded as audit entry ${r.auditSeq} (report-exported).`);
    out.line(flag(p, 'no-timeline') ? 'Timeline excerpt: not included.' : `Timeline excerpt: ${r.events.shown.toLocaleString('en-US')} of ${r.events.matched.toLocaleString('en-US')} matching events.`);
    if (!r.verificationOk) out.line('warning: verification at report time FAILED (integrity, audit chain or an evidence hash); the report states what failed. Run `threadline verify CASE`.');
    return 0;
  } finally {
    c.close();
  }
}
