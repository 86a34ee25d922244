/** `threadline new`, `info`, `audit`, `verify`: creating a case and reading out what it holds. */
import { Case } from '../../engine/case';
import { auditHead, auditRows } from '../../engine/db/audit-store';
import { SCHEMA_VERSION } from '../../engine/db/migrations';
import { evidenceSummary, listEvidence } from '../../engine/db/read/evidence';
import { verifyCase } from '../../engine/verify';
import { flag, parse, requirePositional, str } from '../args';
import { bytes, safeText, table, type Out } from '../output';

const NEW_USAGE = 'threadline new CASE --examiner NAME --case-number NUM [--tz IANA] [--region CC] [--title TEXT] [--agency TEXT] [--json]';

export function cmdNew(argv: string[], out: Out): number {
  const p = parse(argv, { examiner: { type: 'string' }, 'case-number': { type: 'string' }, tz: { type: 'string' }, region: { type: 'string' }, title: { type: 'string' }, agency: { type: 'string' }, json: { type: 'boolean' } }, NEW_USAGE);
  const file = requirePositional(p, 0, 'the case file path', NEW_USAGE);
  const input: Parameters<typeof Case.create>[1] = { caseNumber: str(p, 'case-number') ?? '', examiner: str(p, 'examiner') ?? '' };
  const tz = str(p, 'tz');
  const region = str(p, 'region');
  const title = str(p, 'title');
  const agency = str(p, 'agency');
  if (tz) input.tz = tz;
  if (region) input.region = region;
  if (title) input.title = title;
  if (agency) input.agency = agency;
  const c = Case.create(file, input);
  try {
    if (flag(p, 'json')) out.json(caseJson(c));
    else {
      out.line(`Created case ${c.info.case_number} at ${c.file}`);
      out.line(`  examiner ${c.info.examiner}; zone ${c.info.tz}; region ${c.info.region ?? '(none)'}; schema ${SCHEMA_VERSION}`);
    }
  } finally {
    c.close();
  }
  return 0;
}

function caseJson(c: Case) {
  return { ...c.metadata(), file: c.file };
}

export function infoJson(c: Case) {
  const head = auditHead(c.db);
  return {
    case: caseJson(c),
    evidence: listEvidence(c.db).map((e) => ({ ...evidenceSummary(c.db, e), facts: JSON.parse(e.facts_json) as unknown })),
    audit: { entries: head?.seq ?? 0, head: head?.hash ?? null },
  };
}

const INFO_USAGE = 'threadline info CASE [--json]';

export function cmdInfo(argv: string[], out: Out): number {
  const p = parse(argv, { json: { type: 'boolean' }, examiner: { type: 'string' } }, INFO_USAGE);
  const c = Case.open(requirePositional(p, 0, 'the case file path', INFO_USAGE), { examiner: str(p, 'examiner') });
  try {
    const info = infoJson(c);
    if (flag(p, 'json')) {
      out.json(info);
      return 0;
    }
    const k = info.case;
    out.line(`Case ${safeText(k.caseNumber)}${k.title ? ` — ${safeText(k.title)}` : ''}`);
    out.line(`  examiner ${safeText(k.examiner)}${k.agency ? `, ${safeText(k.agency)}` : ''}; zone ${k.tz}; region ${k.region ?? '(none)'}; created ${k.created}; schema ${k.schemaVersion}`);
    out.line(`  audit log: ${info.audit.entries} entries, head ${info.audit.head ?? '-'}`);
    out.line('');
    if (info.evidence.length === 0) {
      out.line('No evidence imported yet. Add some with `threadline import CASE FILE…`.');
      return 0;
    }
    out.line(
      table(
        info.evidence.map((e) => [
          `E${e.id}`,
          safeText(e.file),
          bytes(e.size),
          e.format,
          e.tz,
          e.dateOrder ?? '-',
          String(e.counts.messages),
          String(e.counts.calls),
          String(e.counts.contacts),
          String(e.counts.transactions),
          String(e.counts.rows),
          `${e.counts.rejected}/${e.counts.skipped}`,
        ]),
        ['item', 'file', 'size', 'format', 'zone', 'order', 'msgs', 'calls', 'contacts', 'tx', 'rows', 'rej/skip'],
      ),
    );
    out.line('');
    for (const e of info.evidence) out.line(`E${e.id} sha256 ${e.sha256}  sha1 ${e.sha1}  md5 ${e.md5}`);
    return 0;
  } finally {
    c.close();
  }
}

const AUDIT_USAGE = 'threadline audit CASE [--json]';

export function cmdAudit(argv: string[], out: Out): number {
  const p = parse(argv, { json: { type: 'boolean' }, examiner: { type: 'string' } }, AUDIT_USAGE);
  const c = Case.open(requirePositional(p, 0, 'the case file path', AUDIT_USAGE), { examiner: str(p, 'examiner') });
  try {
    const rows = [...auditRows(c.db)];
    if (flag(p, 'json')) {
      out.json(rows.map((r) => ({ seq: r.seq, ts: r.ts_utc, examiner: r.examiner, tool: r.tool_version, action: r.action, details: JSON.parse(r.details_json) as unknown, prevHash: r.prev_hash, hash: r.hash })));
      return 0;
    }
    for (const r of rows) {
      out.line(`#${r.seq} ${r.ts_utc} ${safeText(r.examiner)} ${r.action} ${r.hash.slice(0, 16)}…`);
      out.line(`    ${safeText(r.details_json.length > 400 ? `${r.details_json.slice(0, 400)}…` : r.details_json)}`);
    }
    return 0;
  } finally {
    c.close();
  }
}

const VERIFY_USAGE = 'threadline verify CASE [--sources DIR] [--json]';

export async function cmdVerify(argv: string[], out: Out): Promise<number> {
  const p = parse(argv, { json: { type: 'boolean' }, sources: { type: 'string' }, examiner: { type: 'string' } }, VERIFY_USAGE);
  const c = Case.open(requirePositional(p, 0, 'the case file path', VERIFY_USAGE), { examiner: str(p, 'examiner'), quickCheck: false });
  try {
    const sourcesDir = str(p, 'sources');
    const r = await verifyCase(c, sourcesDir ? { sourcesDir } : {});
    if (flag(p, 'json')) out.json(r);
    else {
      out.line(`integrity_check: ${r.integrity.ok ? 'ok' : `FAILED — ${r.integrity.messages.slice(0, 5).join('; ')}`}`);
      out.line(r.chain.ok ? `audit chain: ok, ${r.chain.entries} entries, head ${r.chain.head}` : `audit chain: BROKEN at entry ${r.chain.firstBadSeq} — ${r.chain.problem}`);
      out.line(`${r.recordsCoverage}:`);
      for (const rc of r.records) {
        const what =
          rc.status === 'match' ? 'records match their import digest'
          : rc.status === 'mismatch' ? `records CHANGED since import — ${(rc.tables ?? []).map((t) => `${t.table} (${t.sealedRows} rows at import, ${t.rowsNow} now)`).join(', ')}`
          : rc.status === 'not-covered' ? 'records not covered (imported before records were digested; not checked)'
          : rc.status === 'unreadable' ? `records UNREADABLE — ${rc.problem ?? ''}`
          : 'NO IMPORT AUDIT ENTRY for this item';
        out.line(`E${rc.evidence} ${safeText(rc.file)}: ${what}`);
      }
      for (const [t, n] of Object.entries(r.orphanRows)) out.line(`${t}: ${n} rows belong to no evidence item`);
      for (const s of r.sources) {
        const what = s.status === 'match' ? 'sha256 matches' : s.status === 'mismatch' ? `MISMATCH (found ${s.actual})` : 'not found (not checked; pass --sources DIR)';
        out.line(`E${s.evidence} ${safeText(s.file)}: ${what}${s.checkedPath ? ` [${safeText(s.checkedPath)}]` : ''}`);
      }
      out.line(r.ok ? 'VERIFIED' : 'VERIFICATION FAILED');
    }
    return r.ok ? 0 : 3;
  } finally {
    c.close();
  }
}
