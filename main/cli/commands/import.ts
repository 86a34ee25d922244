/** `threadline import`: each file is its own all-or-nothing evidence item; prints hashes and accounting. */
import { Case } from '../../engine/case';
import { ThreadlineError, toThreadlineError } from '../../engine/errors';
import { importEvidence, type ImportRequest, type ImportResult } from '../../engine/jobs/import';
import type { DateOrder } from '../../engine/importers/types';
import { flag, parse, parseMapping, requirePositional, str } from '../args';
import { bytes, safeText, type Out } from '../output';

const USAGE =
  'threadline import CASE FILE... [--format auto|whatsapp|…] [--tz IANA] [--date-order dmy|mdy|ymd] [--region CC] [--owner IDENTIFIER] [--map COL=ROLE,…] [--preset NAME] [--encoding NAME] [--allow-duplicate] [--json]';

function describe(r: ImportResult): string[] {
  const a = r.accounting;
  const lines = [
    `E${r.evidenceId} ${safeText(r.file)} — ${r.format} ${r.importerVersion}${r.layout ? ` (${r.layout})` : ''}, ${bytes(r.hashes.size)}`,
    `  sha256 ${r.hashes.sha256}`,
    `  sha1 ${r.hashes.sha1}  md5 ${r.hashes.md5}`,
    `  zone ${r.tz}; date order ${r.dateOrder ?? '-'}; region ${r.region ?? '-'}; owner ${r.owner ? safeText(r.owner) : '-'}`,
    `  ${a.unit}s seen ${a.seen}: parsed ${a.parsed}, skipped ${a.skipped}, rejected ${a.rejected}`,
  ];
  const reasons = Object.entries(a.reasons);
  if (reasons.length) lines.push(`  skipped/rejected: ${reasons.map(([k, v]) => `${k} ${v}`).join('; ')}`);
  lines.push(`  records: ${Object.entries(r.written).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  const tf = Object.entries(r.timeFlags);
  if (tf.length) lines.push(`  time flags: ${tf.map(([k, v]) => `${k} ${v}`).join('; ')}`);
  if (r.firstUtc) lines.push(`  span ${r.firstUtc} … ${r.lastUtc}`);
  if (r.duplicateOf) lines.push(`  NOTE: duplicate of E${r.duplicateOf}, imported on --allow-duplicate`);
  return lines;
}

export async function cmdImport(argv: string[], out: Out): Promise<number> {
  const p = parse(
    argv,
    {
      format: { type: 'string' },
      tz: { type: 'string' },
      'date-order': { type: 'string' },
      region: { type: 'string' },
      owner: { type: 'string' },
      map: { type: 'string' },
      preset: { type: 'string' },
      encoding: { type: 'string' },
      'allow-duplicate': { type: 'boolean' },
      examiner: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const caseFile = requirePositional(p, 0, 'the case file path', USAGE);
  const files = p.positionals.slice(1);
  if (files.length === 0) throw new ThreadlineError('BAD_ARGUMENT', 'No evidence files named.', { hint: `Usage: ${USAGE}` });
  const dateOrder = str(p, 'date-order');
  if (dateOrder !== undefined && !['dmy', 'mdy', 'ymd'].includes(dateOrder)) {
    throw new ThreadlineError('BAD_ARGUMENT', `Unknown date order "${dateOrder}".`, { hint: 'Use --date-order dmy, mdy or ymd.' });
  }
  const c = Case.open(caseFile, { examiner: str(p, 'examiner') });
  const json = flag(p, 'json');
  const results: unknown[] = [];
  let failed = 0;
  try {
    for (const path of files) {
      const req: ImportRequest = { path };
      const set = <K extends keyof ImportRequest>(k: K, v: ImportRequest[K] | undefined) => {
        if (v !== undefined) req[k] = v;
      };
      set('format', str(p, 'format'));
      set('tz', str(p, 'tz'));
      set('dateOrder', dateOrder as DateOrder | undefined);
      set('region', str(p, 'region'));
      set('owner', str(p, 'owner'));
      const map = str(p, 'map');
      set('mapping', map ? parseMapping(map) : undefined);
      set('preset', str(p, 'preset'));
      set('encoding', str(p, 'encoding'));
      set('allowDuplicate', flag(p, 'allow-duplicate') || undefined);
      try {
        const r = await importEvidence(c, req);
        if (json) results.push({ path, ok: true, ...r });
        else for (const l of describe(r)) out.line(l);
      } catch (err) {
        failed++;
        const e = toThreadlineError(err, { file: path });
        if (json) results.push({ path, file: path, ok: false, error: e.toInfo() });
        else out.err(`error: ${e.describe()}`);
      }
    }
  } finally {
    c.close();
  }
  if (json) out.json(results);
  else if (files.length > 1) out.line(`${files.length - failed} of ${files.length} files imported${failed ? `; ${failed} failed and left nothing behind` : ''}.`);
  return failed ? 1 : 0;
}
