/**
 * Tamper detection: alter a case (audit rows updated, deleted, swapped, rewritten and re-chained, truncated; a
 * stored hash or record edited; a byte of the case file flipped) or a source (a byte flipped in a chat, in a
 * photo inside an export zip), then run `threadline verify` and require it to fail naming the first bad item.
 * Attacks that leave a valid chain are caught by comparing the chain head kept outside the file (printed by
 * `threadline info` and in every report) with the one the file now holds.
 */
import { copyFileSync, mkdirSync, openSync, readFileSync, readSync, closeSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, entryHash, GENESIS_HASH } from '../../main/engine/audit/chain';
import { Case } from '../../main/engine/case';
import { auditRows } from '../../main/engine/db/audit-store';
import type { SqlDb } from '../../main/engine/db/case-db';
import { cli, cliOk } from './cli';
import { copyDemo, demoManifest, importArgs, newCaseArgs } from './demo-seizure';

export interface TamperOutcome {
  id: string;
  what: string;
  /** How it must be caught: `verify` (exit 3 naming the item) or `external-head` (the head printed outside changed). */
  by: 'verify' | 'external-head';
  detected: boolean;
  /** What verify (or the head comparison) said. */
  said: string;
  problems: string[];
}

interface VerifyJson {
  ok: boolean;
  integrity: { ok: boolean; messages: string[] };
  chain: { ok: boolean; firstBadSeq?: number; problem?: string; head?: string };
  sources: { evidence: number; file: string; status: string }[];
}

// Tampering needs the append-only triggers out of the way, as an attacker holding the file would do.
function dropTriggers(db: SqlDb): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
}

async function verifyJson(file: string, sources?: string): Promise<{ code: number; v: VerifyJson | null; text: string }> {
  const r = await cli(['verify', file, '--json', ...(sources ? ['--sources', sources] : [])]);
  let v: VerifyJson | null = null;
  try {
    v = JSON.parse(r.stdout) as VerifyJson;
  } catch {
    // an open failure (e.g. CASE_CORRUPT) prints no JSON body
  }
  return { code: r.code, v, text: (r.stdout + r.stderr).slice(0, 400) };
}

async function head(file: string): Promise<{ entries: number; head: string }> {
  const info = JSON.parse(await cliOk(['info', file, '--json'])) as { audit: { entries: number; head: string } };
  return info.audit;
}

function withCase<T>(file: string, fn: (c: Case) => T): T {
  const c = Case.open(file, { examiner: 'Tamperer' });
  try {
    return fn(c);
  } finally {
    c.close();
  }
}

function flipByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, offset);
    b[0] = b[0]! ^ 0x01;
    writeSync(fd, b, 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}

/** Offset of a stored (method 0) zip member's data, from its local header. */
function storedMemberOffset(zipPath: string, member: string): number {
  const buf = readFileSync(zipPath);
  let off = 0;
  while (off + 30 <= buf.length && buf.readUInt32LE(off) === 0x04034b50) {
    const csize = buf.readUInt32LE(off + 18);
    const nlen = buf.readUInt16LE(off + 26);
    const xlen = buf.readUInt16LE(off + 28);
    const name = buf.subarray(off + 30, off + 30 + nlen).toString('utf8');
    const data = off + 30 + nlen + xlen;
    if (name === member) return data;
    off = data + csize;
  }
  throw new Error(`member ${member} not found in ${zipPath}`);
}

export async function runTamper(work: string): Promise<TamperOutcome[]> {
  mkdirSync(work, { recursive: true });
  const sources = copyDemo(join(work, 'sources'));
  const m = demoManifest();
  const base = join(work, 'base.tl');
  await cliOk(newCaseArgs(base, m));
  // Three items are enough: a chat, a zip export with photos (attachments), contacts.
  const pick = ['WhatsApp Chat with 陈总 Boss.txt', 'WhatsApp Chat - Sarah Chicago.zip', 'contacts.vcf'];
  for (const f of m.files.filter((x) => pick.some((p) => x.path.endsWith(p)))) await cliOk(importArgs(base, sources, f));
  for (let i = 0; i < 3; i++) await cliOk(['verify', base]);
  const ids = withCase(base, (c) => {
    const ev = c.db.prepare('SELECT id, file_name FROM evidence ORDER BY id').all() as { id: number; file_name: string }[];
    const byName = (s: string) => ev.find((e) => e.file_name.endsWith(s))!.id;
    return { chat: byName('Boss.txt'), zip: byName('Chicago.zip'), vcf: byName('contacts.vcf'), entries: (c.db.prepare('SELECT MAX(seq) AS n FROM audit_log').get() as { n: number }).n };
  });
  const chatPath = join(sources, m.files.find((f) => f.path.endsWith('Boss.txt'))!.path);
  const zipPath = join(sources, m.files.find((f) => f.path.endsWith('Chicago.zip'))!.path);

  const outcomes: TamperOutcome[] = [];
  let n = 0;
  const fresh = () => {
    const f = join(work, `tampered-${++n}.tl`);
    copyFileSync(base, f);
    return f;
  };
  const byVerify = async (id: string, what: string, file: string, want: (v: VerifyJson | null, code: number, text: string) => string[], src?: string) => {
    const r = await verifyJson(file, src);
    const problems = r.code === 3 || (r.code === 1 && /CASE_CORRUPT/.test(r.text)) ? want(r.v, r.code, r.text) : [`verify exited ${r.code} (want 3: verification failed)${r.v ? '' : `: ${r.text.split('\n')[0]}`}`, ...want(r.v, r.code, r.text)];
    const said = r.v ? (r.v.chain.ok ? '' : `chain broken at ${r.v.chain.firstBadSeq}; `) + r.v.sources.filter((s) => s.status !== 'match').map((s) => `E${s.evidence} ${s.status}`).join(', ') + (r.v.integrity.ok ? '' : ` integrity_check: ${r.v.integrity.messages.join('\n').split('\n').find((x) => x && !x.startsWith('***')) ?? ''}`) : r.text.split('\n')[0]!;
    outcomes.push({ id, what, by: 'verify', detected: problems.length === 0, said: said || 'VERIFIED (nothing found)', problems });
  };
  const firstBad = (seq: number) => (v: VerifyJson | null) => (v?.chain.ok === false && v.chain.firstBadSeq === seq ? [] : [`chain.firstBadSeq should be ${seq}: ${JSON.stringify(v?.chain)}`]);
  const mid = Math.max(2, ids.entries - 3);

  {
    const f = fresh();
    withCase(f, (c) => {
      dropTriggers(c.db);
      c.db.prepare("UPDATE audit_log SET details_json = replace(details_json, '\"ok\":true', '\"ok\":false') WHERE seq = ?").run(ids.entries);
      c.db.prepare('UPDATE audit_log SET examiner = ? WHERE seq = ?').run('Someone Else', mid);
    });
    await byVerify('audit-update', `audit entry ${mid} rewritten in place (examiner changed)`, f, firstBad(mid));
  }
  {
    const f = fresh();
    withCase(f, (c) => {
      dropTriggers(c.db);
      c.db.prepare('DELETE FROM audit_log WHERE seq = ?').run(mid);
    });
    await byVerify('audit-delete', `audit entry ${mid} deleted`, f, firstBad(mid + 1));
  }
  {
    const f = fresh();
    withCase(f, (c) => {
      dropTriggers(c.db);
      c.db.exec(`UPDATE audit_log SET seq = -1 WHERE seq = ${mid}; UPDATE audit_log SET seq = ${mid} WHERE seq = ${mid + 1}; UPDATE audit_log SET seq = ${mid + 1} WHERE seq = -1;`);
    });
    await byVerify('audit-swap', `audit entries ${mid} and ${mid + 1} swapped`, f, firstBad(mid));
  }
  // Whole-chain attacks: the file verifies internally; only the head kept outside it gives them away.
  const entryHashAt = (file: string, seq: number) => withCase(file, (c) => (c.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash);
  const controlCopy = fresh();
  const keptControl = await head(controlCopy);
  await cliOk(['verify', controlCopy]);
  for (const kind of ['rewrite-and-rechain', 'truncate-tail'] as const) {
    const f = fresh();
    const kept = await head(f);
    const report = join(work, `${kind}.html`);
    const rep = await cli(['report', f, '--out', report, '--no-verify-sources', '--max-events', '50']);
    const reportHtml = rep.code === 0 ? readFileSync(report, 'utf8') : '';
    const keptAfterReport = await head(f);
    withCase(f, (c) => {
      dropTriggers(c.db);
      const rows = [...auditRows(c.db)];
      if (kind === 'truncate-tail') {
        c.db.prepare('DELETE FROM audit_log WHERE seq > ?').run(rows.length - 3);
        return;
      }
      let prev = GENESIS_HASH;
      for (const r of rows) {
        let details = JSON.parse(r.details_json) as unknown;
        if (r.seq === 2) details = { rewritten: 'by someone holding the file' };
        const hash = entryHash({ seq: r.seq, ts_utc: r.ts_utc, examiner: r.examiner, tool_version: r.tool_version, action: r.action, details, prev_hash: prev });
        c.db.prepare('UPDATE audit_log SET details_json = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(canonicalJson(details), prev, hash, r.seq);
        prev = hash;
      }
    });
    const v = await verifyJson(f);
    const now = await head(f);
    const problems: string[] = [];
    if (!reportHtml.includes(keptAfterReport.head) && !reportHtml.includes(kept.head)) problems.push(`the report does not print the chain head (${rep.code === 0 ? 'not found in the HTML' : `report failed: ${rep.stderr.slice(0, 200)}`})`);
    if (!/head [0-9a-f]{64}/.test(await cliOk(['info', f]))) problems.push('`threadline info` does not print the chain head');
    // The external check: the entry at the kept head's position must still carry the kept hash (later honest
    // entries only extend the chain; they never change an earlier hash).
    if (entryHashAt(f, keptAfterReport.entries) === keptAfterReport.head) problems.push(`entry ${keptAfterReport.entries} still carries the kept head: the attack is not detectable`);
    if (entryHashAt(controlCopy, keptControl.entries) !== keptControl.head) problems.push('control: an untouched copy fails the external head check');
    outcomes.push({
      id: `audit-${kind}`,
      what: kind === 'truncate-tail' ? 'the last audit entries deleted (the chain prefix still verifies)' : 'audit entry 2 rewritten and every later hash recomputed',
      by: 'external-head',
      detected: problems.length === 0,
      said: `verify alone: ${v.v?.chain.ok ? 'chain ok (as expected for this attack)' : `chain broken at ${v.v?.chain.firstBadSeq}`}; kept head #${keptAfterReport.entries} ${keptAfterReport.head.slice(0, 12)}…, the file's entry #${keptAfterReport.entries} is ${entryHashAt(f, keptAfterReport.entries)?.slice(0, 12) ?? 'missing'}…, head now #${now.entries}`,
      problems,
    });
  }
  {
    const orig = readFileSync(chatPath);
    flipByte(chatPath, Math.floor(orig.length / 2));
    try {
      await byVerify('source-byte-flip', 'one bit flipped in the middle of a chat export', fresh(), (v) => (v?.sources.find((s) => s.status === 'mismatch')?.evidence === ids.chat ? [] : [`verify should name E${ids.chat} as mismatched: ${JSON.stringify(v?.sources)}`]), sources);
    } finally {
      writeFileSync(chatPath, orig);
    }
  }
  {
    const orig = readFileSync(zipPath);
    flipByte(zipPath, storedMemberOffset(zipPath, '00000011-PHOTO-2025-02-01-09-17-16.jpg') + 40);
    try {
      await byVerify('attachment-byte-flip', 'one bit flipped inside a photo stored in a WhatsApp export zip', fresh(), (v) => (v?.sources.find((s) => s.status === 'mismatch')?.evidence === ids.zip ? [] : [`verify should name E${ids.zip} as mismatched: ${JSON.stringify(v?.sources)}`]), sources);
    } finally {
      writeFileSync(zipPath, orig);
    }
  }
  {
    const f = fresh();
    withCase(f, (c) => c.db.prepare("UPDATE evidence SET sha256 = '0000000000000000000000000000000000000000000000000000000000000000' WHERE id = ?").run(ids.vcf));
    await byVerify('evidence-hash-record', "the intake SHA-256 of an evidence item edited in the case", f, (v) => (v?.sources.find((s) => s.status === 'mismatch')?.evidence === ids.vcf ? [] : [`verify should name E${ids.vcf}: ${JSON.stringify(v?.sources)}`]), sources);
  }
  {
    const f = fresh();
    const att = withCase(f, (c) => {
      const a = c.db.prepare('SELECT id FROM attachments WHERE evidence_id = ? AND sha256 IS NOT NULL ORDER BY id LIMIT 1').get(ids.zip) as { id: number };
      c.db.prepare("UPDATE attachments SET sha256 = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff' WHERE id = ?").run(a.id);
      return a.id;
    });
    await byVerify('attachment-hash-record', `the stored SHA-256 of attachment ${att} (a photo in E${ids.zip}) edited in the case`, f, (_v, code, text) => (code === 3 && (text.includes(`E${ids.zip}`) || text.includes(`"evidence": ${ids.zip}`) || text.includes(`attachment ${att}`)) ? [] : [`verify should fail naming E${ids.zip} or attachment ${att}`]), sources);
  }
  {
    const f = fresh();
    withCase(f, (c) => c.db.prepare("UPDATE messages SET body = 'I never said this' WHERE id = (SELECT MIN(id) FROM messages WHERE evidence_id = ?)").run(ids.chat));
    await byVerify('message-body-record', `the text of the first message of E${ids.chat} edited in the case`, f, (_v, code, text) => (code === 3 && (text.includes(`E${ids.chat}`) || text.includes(`"evidence": ${ids.chat}`)) ? [] : [`verify should fail naming E${ids.chat}`]), sources);
  }
  {
    const f = fresh();
    // A flipped byte in a b-tree page of the case file (past the header, inside the messages table's pages).
    const page = withCase(f, (c) => (c.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'messages'").get() as { rootpage: number }).rootpage);
    const pageSize = withCase(f, (c) => c.db.pragma('page_size', { simple: true }) as number);
    flipByte(f, (page - 1) * pageSize + 3);
    await byVerify('case-file-byte-flip', 'one bit flipped in a b-tree page header of the case file', f, (v, code, text) => (v?.integrity.ok === false || (code === 1 && /CASE_CORRUPT|CASE_NOT_A_CASE/.test(text)) ? [] : [`integrity_check should fail: ${JSON.stringify(v?.integrity ?? text)}`]));
  }
  return outcomes;
}
