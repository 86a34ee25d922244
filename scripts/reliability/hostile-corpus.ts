/**
 * The hostile-input corpus: writes seized-data attacks and accidents of every supported format into a folder
 * (generated at test time, never committed) and states, for each, the outcome Threadline must give: a clear
 * error code with the case left exactly as it was, or an import whose records keep the hostile text exactly
 * (flagged, raw bytes kept) — checked by the `check` function against the case database.
 */
import { mkdirSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { ErrorCode } from '../../shared/errors';
import type { SqlDb } from '../../main/engine/db/case-db';
import type { ImportRequest } from '../../main/engine/jobs/import';
import { DATE_STYLES, hostileZip, sheetXml, xlsxParts } from './zip-writer';

export type Expectation =
  | { error: ErrorCode; message?: RegExp }
  /** Imported; `check` returns the problems found in the stored records (empty = as expected). */
  | { ok: true; check: (q: Query) => string[] };

export interface HostileCase {
  id: string;
  /** What the input is and why it is hostile. */
  what: string;
  category: string;
  /** The file to import (absolute path). */
  file: string;
  request?: Omit<ImportRequest, 'path' | 'signal' | 'onProgress'>;
  /** Something done to the source while the import runs. */
  during?: 'delete-source' | 'append-to-source';
  /** Import the same file twice; the expectation is for the second import. */
  twice?: boolean;
  /** Wall-clock bound for the import (no super-linear parsing). */
  maxMs?: number;
  expect: Expectation;
}

/** Read access to one imported evidence item, for the checks. */
export class Query {
  constructor(
    readonly db: SqlDb,
    readonly evidence: number,
  ) {}
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }
  one<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T | undefined {
    return this.db.prepare(sql).get(...params) as T | undefined;
  }
  /** Message bodies of this item in source order. */
  bodies(): string[] {
    return this.all<{ body: string }>('SELECT body FROM messages WHERE evidence_id = ? ORDER BY seq', this.evidence).map((r) => r.body);
  }
  messages(): { body: string; sender_raw: string | null; flags: string[]; ts_flags: string[]; ts_utc: number | null; raw: string | null; raw_bytes: Buffer | null }[] {
    return this.all<{ body: string; sender_raw: string | null; flags: string | null; ts_flags: string | null; ts_utc: number | null; raw: string | null; raw_bytes: Buffer | null }>(
      'SELECT body, sender_raw, flags, ts_flags, ts_utc, raw, raw_bytes FROM messages WHERE evidence_id = ? ORDER BY seq',
      this.evidence,
    ).map((r) => ({ ...r, flags: r.flags ? (JSON.parse(r.flags) as string[]) : [], ts_flags: r.ts_flags ? (JSON.parse(r.ts_flags) as string[]) : [] }));
  }
  count(table: string): number {
    return (this.one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE evidence_id = ?`, this.evidence))!.n;
  }
  evidenceRow(): Record<string, unknown> {
    return this.one('SELECT * FROM evidence WHERE id = ?', this.evidence)!;
  }
  accounting(): { seen: number; parsed: number; skipped: number; rejected: number; reasons: Record<string, number> } {
    return JSON.parse(this.evidenceRow().accounting_json as string) as { seen: number; parsed: number; skipped: number; rejected: number; reasons: Record<string, number> };
  }
  facts(): Record<string, unknown> {
    return JSON.parse(this.evidenceRow().facts_json as string) as Record<string, unknown>;
  }
  /** Every flag on every record row of this item (record flags and time flags). */
  allFlags(): Set<string> {
    const out = new Set<string>();
    for (const t of ['messages', 'calls', 'contacts', 'sheet_rows', 'transactions', 'attachments']) {
      for (const r of this.all<{ flags: string | null }>(`SELECT flags FROM ${t} WHERE evidence_id = ? AND flags IS NOT NULL`, this.evidence)) for (const f of JSON.parse(r.flags!) as string[]) out.add(f);
    }
    for (const t of ['messages', 'calls', 'contacts', 'transactions']) {
      for (const r of this.all<{ f: string | null }>(`SELECT ts_flags AS f FROM ${t} WHERE evidence_id = ? AND ts_flags IS NOT NULL`, this.evidence)) for (const f of JSON.parse(r.f!) as string[]) out.add(f);
    }
    return out;
  }
}

/** Collects failed expectations with what was found. */
function expectAll(...checks: [boolean, string][]): string[] {
  return checks.filter(([ok]) => !ok).map(([, what]) => what);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 300);

// ---------------------------------------------------------------------------------------------------------
// Content building blocks

/** An Android WhatsApp line; 14/03 fixes the day/month order. */
const wa = (hhmm: string, who: string, text: string, d = '14/03/2025') => `${d}, ${hhmm} - ${who}: ${text}\n`;
const WA_OK = wa('21:00', 'Boss', 'hello') + wa('21:01', '+66 81 234 5678', 'ok');

const FORMULAS = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", '+1+cmd|x', '-2+3', '@SUM(A1:A9)', '\t=1+1', '＝1+1'];
const MARKUP = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '"><svg onload=alert(3)>', '</td></tr><h1>injected</h1>'];

function sms(bodyAttr: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<smses count="1">\n  <sms protocol="0" address="+66812345678" date="1741960800000" type="1" subject="null" body="${bodyAttr}" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="14 Mar 2025 21:00:00" contact_name="Boss"${extra} />\n</smses>\n`;
}

function tgChat(messages: string): string {
  return `{\n "name": "Boss",\n "type": "personal_chat",\n "id": 4415521234,\n "messages": [\n${messages}\n ]\n}\n`;
}

function tgMsg(id: number, text: string, extra = ''): string {
  return `  {\n   "id": ${id},\n   "type": "message",\n   "date": "2025-03-14T21:00:0${id % 10}",\n   "date_unixtime": "${1741960800 + id}",\n   "from": "Boss",\n   "from_id": "user4415521234",\n   "text": ${text}${extra}\n  }`;
}

const VCARD = (props: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\n${props}END:VCARD\r\n`;

/** Writes `size` bytes of `fill` to a file without holding them all in memory. */
function writeBig(path: string, prefix: string, fill: number, size: number, suffix: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, Buffer.from(prefix, 'utf8'));
    const block = Buffer.alloc(1 << 20, fill);
    let left = size;
    while (left > 0) {
      const n = Math.min(left, block.length);
      writeSync(fd, block, 0, n);
      left -= n;
    }
    writeSync(fd, Buffer.from(suffix, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 16) & 0xff;
  };
}

// ---------------------------------------------------------------------------------------------------------
// The corpus

/** Writes every hostile input under `dir` (and under `outside`: symlink targets, files changed mid-import) and returns the cases. */
export function writeHostileCorpus(dir: string, outside: string, opts: { bigMiB?: number } = {}): HostileCase[] {
  const big = opts.bigMiB ?? 12;
  mkdirSync(dir, { recursive: true });
  mkdirSync(outside, { recursive: true });
  const cases: HostileCase[] = [];
  const put = (name: string, data: string | Buffer, root = dir) => {
    const p = join(root, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, data);
    return p;
  };
  const add = (c: HostileCase) => cases.push(c);

  // --- Text that attacks whoever reads it later ---------------------------------------------------------
  add({
    id: 'wa-formula-bodies',
    category: 'formula',
    what: 'WhatsApp messages whose text is a spreadsheet formula (=, +, -, @, tab, full-width ＝)',
    file: put('wa-formula/WhatsApp Chat with Formula.txt', FORMULAS.map((f, i) => wa(`21:0${i}`, 'Boss', f)).join('')),
    expect: { ok: true, check: (q) => expectAll([same(q.bodies(), FORMULAS), `bodies stored exactly: ${show(q.bodies())}`]) },
  });
  add({
    id: 'wa-markup-bodies',
    category: 'markup',
    what: 'WhatsApp messages holding <script>, <img onerror> and table-breaking markup',
    file: put('wa-markup/WhatsApp Chat with Markup.txt', MARKUP.map((f, i) => wa(`21:0${i}`, 'Boss', f)).join('')),
    expect: { ok: true, check: (q) => expectAll([same(q.bodies(), MARKUP), `markup stored as text, unsanitised: ${show(q.bodies())}`]) },
  });
  add({
    id: 'wa-proto-senders',
    category: 'prototype',
    what: 'WhatsApp senders named __proto__, constructor, prototype, hasOwnProperty',
    file: put('wa-proto/WhatsApp Chat with Proto.txt', ['__proto__', 'constructor', 'prototype', 'hasOwnProperty'].map((s, i) => wa(`21:0${i}`, s, '{"polluted":true}')).join('')),
    expect: {
      ok: true,
      check: (q) => {
        const names = q.all<{ display: string }>('SELECT display FROM accounts WHERE evidence_id = ? ORDER BY display', q.evidence).map((r) => r.display);
        return expectAll(
          [same(names, ['__proto__', 'constructor', 'hasOwnProperty', 'prototype']), `four accounts named as written: ${show(names)}`],
          [({} as Record<string, unknown>).polluted === undefined, 'Object.prototype polluted'],
        );
      },
    },
  });
  add({
    id: 'wa-bidi-override',
    category: 'bidi',
    what: 'U+202E RIGHT-TO-LEFT OVERRIDE in a sender name and a body (gpj.exe trick)',
    file: put('wa-bidi/WhatsApp Chat with Bidi.txt', wa('21:00', 'Bo\u202Ess', 'invoice_\u202Egpj.exe') + wa('21:01', 'Boss', 'plain')),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages();
        return expectAll(
          [m[0]?.body === 'invoice_\u202Egpj.exe', `body kept with U+202E: ${show(m[0]?.body)}`],
          [m[0]?.sender_raw === 'Bo\u202Ess', `sender kept with U+202E: ${show(m[0]?.sender_raw)}`],
          [(m[0]?.flags ?? []).some((f) => /bidi|invisible/.test(f)), `the message is flagged: ${show(m[0]?.flags)}`],
        );
      },
    },
  });
  add({
    id: 'wa-zero-width',
    category: 'invisible',
    what: 'zero-width space / joiner and BOM inside a sender name and body',
    file: put('wa-zw/WhatsApp Chat with ZW.txt', wa('21:00', 'Bo\u200Bss', 'pay\u200D now\uFEFF') + wa('21:01', 'Boss', 'x')),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages();
        return expectAll([m[0]?.body === 'pay\u200D now\uFEFF', `body exact: ${show(m[0]?.body)}`], [(m[0]?.flags ?? []).length > 0, `flagged: ${show(m[0]?.flags)}`]);
      },
    },
  });
  add({
    id: 'wa-nul-bytes',
    category: 'nul',
    what: 'NUL bytes inside a message body; search must still find the text after the NUL',
    file: put('wa-nul/WhatsApp Chat with Nul.txt', wa('21:00', 'Boss', 'before\u0000after-nul-marker') + wa('21:01', 'Boss', 'x')),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages();
        const found = q.one<{ n: number }>("SELECT COUNT(*) AS n FROM messages WHERE evidence_id = ? AND instr(body, 'after-nul-marker') > 0", q.evidence)!.n;
        return expectAll([m[0]?.body === 'before\u0000after-nul-marker', `NUL kept in body: ${show(m[0]?.body)}`], [found === 1, 'instr finds text after the NUL']);
      },
    },
  });
  add({
    id: 'wa-confusable-senders',
    category: 'confusable',
    what: 'two senders that look identical: Latin "Alice" and Cyrillic "Аlice", and full-width digits in a number',
    file: put('wa-confusable/WhatsApp Chat with Confusable.txt', wa('21:00', 'Alice', 'a') + wa('21:01', '\u0410lice', 'b') + wa('21:02', '+66 81 234 5678', 'c') + wa('21:03', '+66 81 234 567８', 'd')),
    expect: {
      ok: true,
      check: (q) => {
        const names = q.all<{ display: string }>('SELECT display FROM accounts WHERE evidence_id = ? ORDER BY id', q.evidence).map((r) => r.display);
        return expectAll([names.includes('Alice') && names.includes('\u0410lice'), `both look-alike senders kept apart: ${show(names)}`], [names.length === 4, `four distinct accounts: ${show(names)}`]);
      },
    },
  });

  // --- Encodings ---------------------------------------------------------------------------------------
  add({
    id: 'wa-cesu-lone-surrogate',
    category: 'lone-surrogate',
    what: 'the bytes a buggy exporter writes for a lone surrogate (ED A0 80, not valid UTF-8) in a body',
    file: put('wa-surrogate/WhatsApp Chat with Surrogate.txt', Buffer.concat([Buffer.from(WA_OK), Buffer.from(wa('21:02', 'Boss', 'lone ').trimEnd()), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' end\n')])),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages()[2];
        return expectAll(
          [!!m && m.flags.includes('invalid-utf8'), `flagged invalid-utf8: ${show(m?.flags)}`],
          [!!m?.raw_bytes && m.raw_bytes.includes(Buffer.from([0xed, 0xa0, 0x80])), 'original bytes kept in raw_bytes'],
        );
      },
    },
  });
  add({
    id: 'wa-windows-1252',
    category: 'mis-encoded',
    what: 'a UTF-8 chat with one Windows-1252 line (café as E9)',
    file: put('wa-1252/WhatsApp Chat with Cafe.txt', Buffer.concat([Buffer.from(WA_OK), Buffer.from('14/03/2025, 21:05 - Boss: caf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')])),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages()[2];
        return expectAll([!!m && m.body.includes('\uFFFD'), `shown with U+FFFD: ${show(m?.body)}`], [!!m?.raw_bytes && m.raw_bytes.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9])), 'raw bytes kept'], [!!m && m.flags.includes('invalid-utf8'), 'flagged invalid-utf8']);
      },
    },
  });
  add({
    id: 'wa-truncated-mid-char',
    category: 'truncated',
    what: 'a chat cut in the middle of a multi-byte character (the last byte of 陈 missing)',
    file: put('wa-trunc/WhatsApp Chat with Cut.txt', Buffer.concat([Buffer.from(WA_OK), Buffer.from('14/03/2025, 21:06 - Boss: 你好'), Buffer.from('陈', 'utf8').subarray(0, 2)])),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages()[2];
        return expectAll([q.count('messages') === 3, `three messages: ${q.count('messages')}`], [!!m && m.flags.includes('invalid-utf8'), `cut message flagged: ${show(m?.flags)}`], [!!m?.raw_bytes, 'raw bytes kept']);
      },
    },
  });
  add({
    id: 'wa-utf16le-no-bom',
    category: 'mis-encoded',
    what: 'a WhatsApp chat in UTF-16LE without a byte-order mark',
    file: put('wa-utf16/WhatsApp Chat with Wide.txt', Buffer.from(WA_OK, 'utf16le')),
    expect: { ok: true, check: (q) => expectAll([same(q.bodies(), ['hello', 'ok']), `decoded: ${show(q.bodies())}`]) },
  });

  // --- Time ---------------------------------------------------------------------------------------------
  const ambiguous = wa('21:00', 'Boss', 'a', '03/04/2025') + wa('21:01', 'Boss', 'b', '05/06/2025') + wa('21:02', 'Boss', 'c', '11/12/2025');
  add({
    id: 'wa-ambiguous-dates',
    category: 'ambiguous-date',
    what: 'a WhatsApp chat whose every date has day and month ≤ 12, imported without --date-order',
    file: put('wa-ambiguous/WhatsApp Chat with Ambiguous.txt', ambiguous),
    expect: { error: 'DATE_ORDER_AMBIGUOUS' },
  });
  add({
    id: 'wa-ambiguous-dates-declared',
    category: 'ambiguous-date',
    what: 'the same ambiguous chat (a copy) with --date-order mdy: read as declared',
    file: put('wa-ambiguous/WhatsApp Chat with Ambiguous (declared).txt', ambiguous + wa('21:03', 'Boss', 'copy')),
    request: { dateOrder: 'mdy', tz: 'UTC' },
    expect: { ok: true, check: (q) => expectAll([q.messages()[0]?.ts_utc === Date.parse('2025-03-04T21:00:00Z'), `03/04 read as 4 March: ${q.messages()[0]?.ts_utc}`]) },
  });
  add({
    id: 'wa-dst-gap',
    category: 'dst',
    what: 'a message at 02:30 on the night Berlin skips 02:00–03:00 (a time that never existed)',
    file: put('wa-dst/WhatsApp Chat with Gap.txt', wa('02:30', 'Boss', 'gap', '30/03/2025') + wa('12:00', 'Boss', 'fine', '30/03/2025')),
    request: { tz: 'Europe/Berlin' },
    expect: { ok: true, check: (q) => expectAll([q.messages()[0]?.ts_flags.includes('dst-gap') === true, `flagged dst-gap: ${show(q.messages()[0]?.ts_flags)}`], [q.messages()[1]?.ts_flags.length === 0, 'the normal time is not flagged']) },
  });
  add({
    id: 'wa-dst-overlap',
    category: 'dst',
    what: 'a message at 02:30 on the night Berlin repeats 02:00–03:00 (two possible instants)',
    file: put('wa-dst/WhatsApp Chat with Overlap.txt', wa('02:30', 'Boss', 'twice', '26/10/2025') + wa('12:00', 'Boss', 'fine', '26/10/2025')),
    request: { tz: 'Europe/Berlin' },
    expect: { ok: true, check: (q) => expectAll([q.messages()[0]?.ts_flags.includes('dst-overlap') === true, `flagged dst-overlap: ${show(q.messages()[0]?.ts_flags)}`]) },
  });

  // --- Size ---------------------------------------------------------------------------------------------
  {
    const name = join(dir, 'wa-huge/WhatsApp Chat with Huge.txt');
    mkdirSync(join(dir, 'wa-huge'), { recursive: true });
    writeBig(name, WA_OK + '14/03/2025, 21:02 - Boss: ', 0x61, big << 20, '\n' + wa('21:03', 'Boss', 'after'));
    add({
      id: 'wa-huge-line',
      category: 'huge',
      what: `a ${big} MiB single-line message between normal ones`,
      file: name,
      maxMs: 20_000 + big * 1_000,
      expect: {
        ok: true,
        check: (q) => {
          const m = q.messages();
          return expectAll([m.length >= 4, `the messages around it are kept: ${m.length}`], [m.some((x) => x.flags.includes('line-truncated')), `the huge line is flagged line-truncated: ${show(m.map((x) => x.flags))}`], [m[m.length - 1]?.body === 'after', 'the message after it is read']);
        },
      },
    });
  }
  add({
    id: 'wa-whitespace-redos',
    category: 'redos',
    what: '200 000 spaces then a letter on one line (catastrophic for /\\s+$/-style regexes)',
    file: put('wa-redos/WhatsApp Chat with Spaces.txt', WA_OK + wa('21:02', 'Boss', ' '.repeat(200_000) + 'x') + ' \t'.repeat(100_000) + '!\n'),
    maxMs: 20_000,
    expect: { ok: true, check: (q) => expectAll([q.count('messages') === 3, `three messages: ${q.count('messages')}`]) },
  });
  add({
    id: 'wa-many-short-lines',
    category: 'huge',
    what: '300 000 continuation lines in one message',
    file: put('wa-lines/WhatsApp Chat with Lines.txt', WA_OK + wa('21:02', 'Boss', 'start') + 'x\n'.repeat(300_000) + wa('21:03', 'Boss', 'end')),
    maxMs: 60_000,
    expect: {
      ok: true,
      check: (q) => {
        const a = q.accounting();
        return expectAll([a.seen === 300_004, `every line counted: ${a.seen}`], [q.bodies()[q.bodies().length - 1] === 'end', 'the message after it is read']);
      },
    },
  });

  // --- Attachment names ---------------------------------------------------------------------------------
  add({
    id: 'wa-attachment-traversal',
    category: 'path-traversal',
    what: 'messages naming attachments ../../../../etc/passwd and C:\\Windows\\win.ini (file attached)',
    file: put('wa-attach/WhatsApp Chat with Attach.txt', wa('21:00', 'Boss', '../../../../etc/passwd (file attached)') + wa('21:01', 'Boss', '..\\..\\Windows\\win.ini (file attached)') + wa('21:02', 'Boss', 'x')),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.all<{ attachments_json: string | null }>('SELECT attachments_json FROM messages WHERE evidence_id = ? ORDER BY seq', q.evidence);
        const names = m.flatMap((r) => (r.attachments_json ? (JSON.parse(r.attachments_json) as { name: string; status: string }[]) : []));
        const hashed = q.all('SELECT * FROM attachments WHERE evidence_id = ? AND sha256 IS NOT NULL', q.evidence);
        return expectAll([names.some((n) => n.name === '../../../../etc/passwd'), `name kept as text: ${show(names)}`], [names.every((n) => n.status !== 'present'), 'never marked present'], [hashed.length === 0, 'nothing was opened and hashed']);
      },
    },
  });

  // --- Zip containers -----------------------------------------------------------------------------------
  const chatTxt = { name: '_chat.txt', data: WA_OK, method: 'deflate' as const };
  add({
    id: 'zip-slip-relative',
    category: 'zip-slip',
    what: 'a WhatsApp zip with an entry named ../../evil.sh',
    file: put('zip-slip/WhatsApp Chat - Slip.zip', hostileZip([chatTxt, { name: '../../evil.sh', data: '#!/bin/sh\necho pwned\n' }])),
    expect: { error: 'ZIP_UNSAFE' },
  });
  add({
    id: 'zip-slip-absolute',
    category: 'zip-slip',
    what: 'a WhatsApp zip with an entry named /etc/cron.d/evil',
    file: put('zip-slip/WhatsApp Chat - Absolute.zip', hostileZip([chatTxt, { name: '/etc/cron.d/evil', data: 'x' }])),
    expect: { error: 'ZIP_UNSAFE' },
  });
  add({
    id: 'zip-slip-backslash',
    category: 'zip-slip',
    what: 'a WhatsApp zip with a Windows-style entry ..\\..\\evil.bat',
    file: put('zip-slip/WhatsApp Chat - Backslash.zip', hostileZip([chatTxt, { name: '..\\..\\evil.bat', data: 'x' }])),
    expect: { error: 'ZIP_UNSAFE' },
  });
  add({
    id: 'zip-symlink-member',
    category: 'symlink',
    what: 'a WhatsApp zip whose media entry is a symlink to /etc/passwd',
    file: put('zip-symlink/WhatsApp Chat - Link.zip', hostileZip([{ ...chatTxt, data: WA_OK + wa('21:02', 'Boss', 'IMG-20250314-WA0001.jpg (file attached)') }, { name: 'IMG-20250314-WA0001.jpg', data: '/etc/passwd', symlink: true }])),
    expect: {
      ok: true,
      check: (q) => {
        const a = q.all<{ member: string; status: string; sha256: string | null; reason: string | null }>('SELECT member, status, sha256, reason FROM attachments WHERE evidence_id = ?', q.evidence);
        return expectAll([a.length === 1 && a[0]!.status === 'refused' && a[0]!.sha256 === null, `the link is refused, not followed or hashed: ${show(a)}`]);
      },
    },
  });
  {
    const linkZip = hostileZip([{ name: '_chat.txt', data: '/etc/passwd', symlink: true }]);
    add({
      id: 'zip-symlink-chat',
      category: 'symlink',
      what: 'a WhatsApp zip whose _chat.txt itself is a symlink (to /etc/passwd): refused as unsafe, the link never followed',
      file: put('zip-symlink/WhatsApp Chat - Chat Link.zip', linkZip),
      expect: { error: 'ZIP_UNSAFE' },
    });
    add({
      id: 'zip-symlink-chat-forced',
      category: 'symlink',
      what: 'the same zip (a copy) imported with --format whatsapp: refused, the link never followed',
      file: put('zip-symlink/WhatsApp Chat - Chat Link (copy).zip', hostileZip([{ name: '_chat.txt', data: '/etc/passwd', symlink: true }, { name: 'note.txt', data: 'a second copy' }])),
      request: { format: 'whatsapp' },
      expect: { error: 'ZIP_UNSAFE' },
    });
  }
  add({
    id: 'zip-bomb-ratio',
    category: 'zip-bomb',
    what: 'a WhatsApp zip whose media entry inflates 64 MiB of zeros at ~1000:1',
    file: put('zip-bomb/WhatsApp Chat - Ratio.zip', hostileZip([chatTxt, { name: 'VID-1.mp4', data: Buffer.alloc(64 << 20), method: 'deflate' }])),
    expect: { error: 'ZIP_BOMB' },
  });
  add({
    id: 'zip-bomb-declared-size',
    category: 'zip-bomb',
    what: 'an entry that declares 1 KiB but inflates to 8 MiB (the declared size lies)',
    file: put('zip-bomb/WhatsApp Chat - Liar.zip', hostileZip([{ ...chatTxt, data: WA_OK + 'y\n'.repeat(4 << 20), declaredSize: 1024 }])),
    expect: { error: 'ZIP_BOMB' },
  });
  add({
    id: 'zip-bomb-zip64-size',
    category: 'zip-bomb',
    what: 'a ZIP64 entry declaring 6 GiB inflated',
    file: put('zip-bomb/WhatsApp Chat - Zip64.zip', hostileZip([chatTxt, { name: 'VID-2.mp4', data: Buffer.alloc(4096, 7), method: 'deflate', zip64Size: 6 * 1024 ** 3 }])),
    expect: { error: 'ZIP_BOMB' },
  });
  add({
    id: 'zip-bomb-entry-count',
    category: 'zip-bomb',
    what: 'a ZIP64 directory declaring 5 000 000 entries',
    file: put('zip-bomb/WhatsApp Chat - Count.zip', hostileZip([chatTxt], { zip64EntryCount: 5_000_000 })),
    expect: { error: 'ZIP_BOMB' },
  });
  {
    const whole = hostileZip([chatTxt, { name: 'IMG-1.jpg', data: Buffer.alloc(20_000, 3) }]);
    add({
      id: 'zip-truncated',
      category: 'truncated',
      what: 'a WhatsApp zip cut in half (no central directory)',
      file: put('zip-trunc/WhatsApp Chat - Cut.zip', whole.subarray(0, whole.length >> 1)),
      expect: { error: 'ZIP_CORRUPT' },
    });
  }

  // --- SMS Backup & Restore XML -------------------------------------------------------------------------
  add({
    id: 'sms-billion-laughs',
    category: 'xml-entities',
    what: 'an SMS backup with a billion-laughs DTD',
    file: put(
      'sms/sms-laughs.xml',
      '<?xml version="1.0"?>\n<!DOCTYPE smses [\n<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">\n]>\n' +
        sms('&g;').replace(/^<\?xml[^>]*>\n/, ''),
    ),
    maxMs: 20_000,
    expect: { error: 'PARSE_ERROR' },
  });
  add({
    id: 'sms-xxe',
    category: 'xml-entities',
    what: 'an SMS backup with an external entity pointing at /etc/passwd',
    file: put('sms/sms-xxe.xml', '<?xml version="1.0"?>\n<!DOCTYPE smses [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n' + sms('&xxe;').replace(/^<\?xml[^>]*>\n/, '')),
    expect: { error: 'PARSE_ERROR' },
  });
  add({
    id: 'sms-proto-attributes',
    category: 'prototype',
    what: 'an SMS element with __proto__ and constructor attributes',
    file: put('sms/sms-proto.xml', sms('hello', ' __proto__="polluted" constructor="x" prototype="y"')),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages();
        return expectAll([m.length === 1 && m[0]!.body === 'hello', `one message: ${show(m)}`], [!!m[0]?.raw && m[0].raw.includes('__proto__="polluted"'), 'raw keeps the attribute'], [({} as Record<string, unknown>).polluted === undefined, 'no pollution']);
      },
    },
  });
  add({
    id: 'sms-charref-surrogate-nul',
    category: 'lone-surrogate',
    what: 'an SMS body with &#55357; (a lone high surrogate) and &#0; (NUL), both forbidden in XML 1.0',
    file: put('sms/sms-refs.xml', sms('lone &#55357; nul &#0; end')),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages()[0];
        // The importer's documented repair: U+FFFD in the body, the reference itself kept in raw, the record flagged.
        return expectAll(
          [!!m && m.body === 'lone \uFFFD nul \u0000 end', `body shows U+FFFD and keeps NUL: ${show(m?.body)}`],
          [!!m?.raw && m.raw.includes('&#55357;'), `raw keeps the reference: ${show(m?.raw)}`],
          [!!m && m.flags.includes('lone-surrogate-ref'), `flagged lone-surrogate-ref: ${show(m?.flags)}`],
        );
      },
    },
  });
  add({
    id: 'sms-truncated',
    category: 'truncated',
    what: 'an SMS backup cut in the middle of its second element: refused as a whole, naming the line',
    file: put('sms/sms-cut.xml', sms('first').replace('</smses>\n', '') + '  <sms protocol="0" address="+6681" date="17419608'),
    expect: { error: 'PARSE_ERROR', message: /line 4/ },
  });
  add({
    id: 'sms-latin1-declared-utf8',
    category: 'mis-encoded',
    what: 'an SMS backup declaring UTF-8 but holding a Latin-1 byte in a body',
    file: put('sms/sms-latin1.xml', Buffer.concat([Buffer.from(sms('caf@').split('@')[0]!), Buffer.from([0xe9]), Buffer.from(sms('caf@').split('@')[1]!)])),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages()[0];
        return expectAll([!!m && m.body.startsWith('caf'), `kept: ${show(m?.body)}`], [q.allFlags().has('invalid-utf8'), `flagged invalid-utf8: ${show([...q.allFlags()])}`]);
      },
    },
  });

  // --- XLSX ---------------------------------------------------------------------------------------------
  const header = ['Date', 'Name', 'Phone', 'Amount'];
  add({
    id: 'xlsx-billion-laughs',
    category: 'xml-entities',
    what: 'an XLSX whose sharedStrings.xml carries a billion-laughs DTD',
    file: put(
      'xlsx/laughs.xlsx',
      hostileZip(
        xlsxParts(sheetXml([header]), {
          sharedStrings: '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&c;</t></si></sst>',
        }),
      ),
    ),
    expect: { error: 'PARSE_ERROR' },
  });
  add({
    id: 'xlsx-xxe',
    category: 'xml-entities',
    what: 'an XLSX whose worksheet declares an external entity (file:///etc/passwd)',
    file: put('xlsx/xxe.xlsx', hostileZip(xlsxParts(sheetXml([header]).replace('<worksheet', '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet')))),
    expect: { error: 'PARSE_ERROR' },
  });
  add({
    id: 'xlsx-formulas-proto-headers',
    category: 'formula',
    what: 'an XLSX with formula cells (HYPERLINK, DDE) and __proto__ / constructor header cells',
    file: put(
      'xlsx/formulas.xlsx',
      hostileZip(
        xlsxParts(
          sheetXml([
            ['Name', '__proto__', 'constructor', 'Phone'],
            [{ f: 'HYPERLINK("http://evil.example","click")', v: 'click' }, 'polluted', 'x', '+66 81 000 0001'],
            [{ f: "cmd|' /C calc'!A0", v: '0' }, 'a', 'b', '+66 81 000 0002'],
          ]),
        ),
      ),
    ),
    expect: {
      ok: true,
      check: (q) => {
        const rows = q.all<{ cells_json: string }>('SELECT cells_json FROM sheet_rows WHERE evidence_id = ? ORDER BY row_number', q.evidence).map((r) => r.cells_json);
        return expectAll(
          [rows.length === 3, `three rows kept: ${rows.length}`],
          [rows.some((r) => r.includes('HYPERLINK(\\"http://evil.example\\",\\"click\\")')), `formula text kept: ${show(rows[1])}`],
          [rows[0]?.includes('__proto__') === true, `__proto__ header kept: ${show(rows[0])}`],
          [({} as Record<string, unknown>).polluted === undefined, 'no pollution'],
        );
      },
    },
  });
  add({
    id: 'xlsx-1904-dates',
    category: '1904',
    what: 'an XLSX in the 1904 date system (old Mac Excel): the same serial means a date 1462 days later',
    file: put(
      'xlsx/1904.xlsx',
      hostileZip(
        xlsxParts(
          sheetXml([
            header,
            // 2024-03-01 10:15:00 in the 1904 system: serial 1900 (45352.427083…) minus 1462.
            [{ n: 43890.42708333333, s: 1 }, 'Alice', '+44 7700 900001', 100],
          ]),
          { date1904: true, styles: DATE_STYLES },
        ),
      ),
    ),
    request: { tz: 'UTC' },
    expect: {
      ok: true,
      check: (q) => {
        const t = q.all<{ ts_utc: number | null }>('SELECT ts_utc FROM transactions WHERE evidence_id = ?', q.evidence);
        return expectAll([q.facts()['date-system'] === '1904', `date-system fact 1904: ${show(q.facts()['date-system'])}`], [t.length === 1 && t[0]!.ts_utc === Date.parse('2024-03-01T10:15:00Z'), `read as 2024-03-01 10:15 UTC: ${show(t)}`]);
      },
    },
  });
  add({
    id: 'xlsx-19-digit-ids',
    category: '19-digit',
    what: 'an XLSX with a 19-digit ICCID as text and as a number, a 15-digit IMEI and a leading-zero account',
    file: put(
      'xlsx/ids.xlsx',
      hostileZip(
        xlsxParts(
          sheetXml([
            ['ICCID', 'ICCID as number', 'IMEI', 'Account'],
            ['8966012345678901234', 8966012345678901234, '356938035643809', '0012345678'],
          ]),
        ),
      ),
    ),
    expect: {
      ok: true,
      check: (q) => {
        const r = q.all<{ cells_json: string }>('SELECT cells_json FROM sheet_rows WHERE evidence_id = ? ORDER BY row_number', q.evidence)[1]?.cells_json ?? '';
        return expectAll([r.includes('"8966012345678901234"'), `ICCID text exact: ${show(r)}`], [r.includes('"356938035643809"'), 'IMEI exact'], [r.includes('"0012345678"'), 'leading zeros kept'], [q.allFlags().size > 0 || r.includes('precision'), `the number beyond double precision is flagged: ${show(r)}`]);
      },
    },
  });
  add({
    id: 'xlsx-zip-bomb',
    category: 'zip-bomb',
    what: 'an XLSX whose worksheet part inflates 64 MiB of spaces at ~1000:1',
    file: put('xlsx/bomb.xlsx', hostileZip([...xlsxParts(sheetXml([header])).filter((p) => p.name !== 'xl/worksheets/sheet1.xml'), { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 << 20, 0x20), method: 'deflate' }])),
    expect: { error: 'ZIP_BOMB' },
  });
  {
    const whole = hostileZip(xlsxParts(sheetXml([header, ['2024-03-01', 'A', '+1', 1]])));
    add({ id: 'xlsx-truncated', category: 'truncated', what: 'an XLSX cut at two thirds', file: put('xlsx/cut.xlsx', whole.subarray(0, Math.floor((whole.length * 2) / 3))), expect: { error: 'ZIP_CORRUPT' } });
  }
  add({
    id: 'xlsx-legacy-xls',
    category: 'mis-encoded',
    what: 'an OLE (legacy .xls) file named .xlsx',
    file: put('xlsx/legacy.xlsx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('Workbook', 'utf16le'), Buffer.alloc(1024)])),
    expect: { error: 'PARSE_ERROR' },
  });

  // --- CSV ----------------------------------------------------------------------------------------------
  add({
    id: 'csv-formula-cells',
    category: 'formula',
    what: 'a CSV ledger whose cells are formulas (=, +, -, @, tab, CR, full-width ＝)',
    file: put('csv/formulas.csv', ['Name,Phone,Note', ...FORMULAS.map((f, i) => `"${f.replace(/"/g, '""')}",+66 81 000 00${10 + i},"\r${i}"`)].join('\n') + '\n'),
    expect: {
      ok: true,
      check: (q) => {
        const rows = q.all<{ cells_json: string }>('SELECT cells_json FROM sheet_rows WHERE evidence_id = ? AND is_header = 0 ORDER BY row_number', q.evidence);
        return expectAll([rows.length === FORMULAS.length, `every row kept: ${rows.length}`], [rows.every((r, i) => r.cells_json.includes(JSON.stringify(FORMULAS[i]).slice(1, -1))), `cells exact: ${show(rows[0])}`], [q.allFlags().has('formula') || q.allFlags().has('formula-like'), `flagged: ${show([...q.allFlags()])}`]);
      },
    },
  });
  add({
    id: 'csv-proto-headers',
    category: 'prototype',
    what: 'a CSV whose headers are __proto__ and constructor (papaparse header:true would drop __proto__)',
    file: put('csv/proto.csv', 'Name,__proto__,constructor,Phone\nAlice,{"polluted":1},ctor-value,+66 81 000 0001\n'),
    expect: {
      ok: true,
      check: (q) => {
        const rows = q.all<{ cells_json: string }>('SELECT cells_json FROM sheet_rows WHERE evidence_id = ? ORDER BY row_number', q.evidence).map((r) => r.cells_json);
        const all = rows.join('\n');
        return expectAll([all.includes('__proto__'), `__proto__ header kept: ${show(rows)}`], [all.includes('{\\"polluted\\":1}'), 'its value kept'], [all.includes('ctor-value'), 'constructor value kept'], [({} as Record<string, unknown>).polluted === undefined, 'no pollution']);
      },
    },
  });
  add({
    id: 'csv-duplicate-headers',
    category: 'duplicate-header',
    what: 'a CSV with two "Phone" and two "Name" columns',
    file: put('csv/dupes.csv', 'Name,Phone,Name,Phone\nAlice,+66 81 000 0001,Alicia,+66 81 000 0002\n'),
    expect: {
      ok: true,
      check: (q) => {
        const rows = q.all<{ cells_json: string }>('SELECT cells_json FROM sheet_rows WHERE evidence_id = ? ORDER BY row_number', q.evidence).map((r) => r.cells_json).join('\n');
        return expectAll([rows.includes('Alicia') && rows.includes('+66 81 000 0002'), `both duplicate columns kept: ${show(rows)}`]);
      },
    },
  });
  add({
    id: 'csv-19-digit-ids',
    category: '19-digit',
    what: 'a CSV with a 19-digit ICCID, a 15-digit IMEI and leading-zero account numbers',
    file: put('csv/ids.csv', 'ICCID,IMEI,Account,Phone\n8966012345678901234,356938035643809,0012345678,+66 81 000 0001\n'),
    expect: {
      ok: true,
      check: (q) => {
        const r = q.all<{ cells_json: string }>('SELECT cells_json FROM sheet_rows WHERE evidence_id = ? ORDER BY row_number', q.evidence).map((x) => x.cells_json).join('\n');
        return expectAll([r.includes('"8966012345678901234"'), `ICCID exact: ${show(r)}`], [r.includes('"356938035643809"'), 'IMEI exact'], [r.includes('"0012345678"'), 'leading zeros kept']);
      },
    },
  });
  {
    const name = join(dir, 'csv/huge-field.csv');
    mkdirSync(join(dir, 'csv'), { recursive: true });
    writeBig(name, 'Name,Note,Phone\nAlice,"', 0x62, big << 20, '",+66 81 000 0001\nBob,short,+66 81 000 0002\n');
    add({
      id: 'csv-huge-field',
      category: 'huge',
      what: `a CSV with one ${big} MiB quoted field${big >= 64 ? ' (past the 64 Mi-character record limit: refused as a whole)' : ''}`,
      file: name,
      maxMs: 20_000 + big * 1_500,
      expect: big >= 64 ? { error: 'LIMIT_EXCEEDED' } : {
        ok: true,
        check: (q) => {
          const n = q.count('sheet_rows');
          const rows = q.all<{ cells_json: string }>('SELECT cells_json FROM sheet_rows WHERE evidence_id = ? ORDER BY row_number', q.evidence);
          return expectAll([n === 3, `header + 2 rows: ${n}`], [rows[2]?.cells_json.includes('Bob') === true, 'the row after it is read']);
        },
      },
    });
  }
  add({
    id: 'csv-unterminated-quote',
    category: 'truncated',
    what: 'a CSV whose last field opens a quote that never closes',
    file: put('csv/open-quote.csv', 'Name,Phone,Note\nAlice,+66 81 000 0001,fine\nBob,+66 81 000 0002,"never closed\nCarol,+66 81 000 0003,x\n'),
    expect: {
      ok: true,
      check: (q) => {
        const a = q.accounting();
        const raw = q.all<{ raw: string | null }>('SELECT raw FROM sheet_rows WHERE evidence_id = ? UNION ALL SELECT raw FROM skipped_units WHERE evidence_id = ?', q.evidence, q.evidence).map((r) => r.raw ?? '').join('\n');
        return expectAll([raw.includes('never closed') && raw.includes('Carol'), `the bytes after the open quote are kept: ${show(raw)}`], [q.allFlags().size > 0 || a.rejected > 0, `the damage is flagged or rejected: ${show(a)}`]);
      },
    },
  });
  add({
    id: 'csv-ambiguous-dates',
    category: 'ambiguous-date',
    what: 'a CSV ledger whose dates are all ambiguous (day and month ≤ 12), no --date-order',
    file: put('csv/ambiguous.csv', 'Date,Name,Phone,Amount\n03/04/2024,Alice,+66 81 000 0001,100\n05/06/2024,Bob,+66 81 000 0002,200\n'),
    expect: {
      ok: true,
      check: (q) => {
        const t = q.all<{ ts_utc: number | null; ts_raw: string | null }>('SELECT ts_utc, ts_raw FROM transactions WHERE evidence_id = ?', q.evidence);
        return expectAll([t.length === 2 && t.every((x) => x.ts_utc === null && (x.ts_raw ?? '').length > 0), `no guessed instant, raw kept: ${show(t)}`]);
      },
    },
  });
  add({
    id: 'csv-binary-garbage',
    category: 'binary',
    what: 'random binary bytes named .csv',
    file: put('csv/garbage.csv', Buffer.from(Array.from({ length: 65_536 }, prng(99)))),
    expect: { error: 'FORMAT_UNRECOGNISED' },
  });

  // --- Telegram JSON ------------------------------------------------------------------------------------
  add({
    id: 'tg-proto-keys',
    category: 'prototype',
    what: 'a Telegram result.json with "__proto__" and "constructor" keys inside messages',
    file: put('tg/proto/result.json', tgChat([tgMsg(1, '"hi"', ',\n   "__proto__": {"polluted": true},\n   "constructor": {"prototype": {"polluted": true}}'), tgMsg(2, '"second"')].join(',\n'))),
    expect: { ok: true, check: (q) => expectAll([same(q.bodies(), ['hi', 'second']), `two messages: ${show(q.bodies())}`], [({} as Record<string, unknown>).polluted === undefined, 'no pollution']) },
  });
  add({
    id: 'tg-lone-surrogate-nul',
    category: 'lone-surrogate',
    what: 'Telegram text with "\\uD800" (a lone surrogate, which SQLite would mangle) and "\\u0000"',
    file: put('tg/surrogate/result.json', tgChat([tgMsg(1, '"lone \\uD800 here \\u0000 nul"'), tgMsg(2, '"ok"')].join(',\n'))),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages()[0];
        // A TEXT column cannot hold a lone surrogate (better-sqlite3 writes bytes that read back as three U+FFFD),
        // so faithful means: the body shows one visible U+FFFD and keeps the NUL, the record is flagged, and the
        // raw keeps the exact source text (the JSON escape itself), as for the SMS character reference below.
        return expectAll(
          [!!m && m.body === 'lone \uFFFD here \u0000 nul', `body shows U+FFFD and keeps NUL: ${show(m?.body)}`],
          [!!m?.raw && m.raw.includes('"lone \\uD800 here \\u0000 nul"'), `raw keeps the exact escape: ${show(m?.raw)}`],
          [!!m && m.flags.includes('lone-surrogate'), `flagged lone-surrogate: ${show(m?.flags)}`],
        );
      },
    },
  });
  add({
    id: 'tg-truncated',
    category: 'truncated',
    what: 'a Telegram result.json cut in the middle of a message',
    file: put('tg/cut/result.json', tgChat([tgMsg(1, '"one"'), tgMsg(2, '"two"')].join(',\n')).slice(0, -60)),
    expect: { error: 'PARSE_ERROR' },
  });
  add({
    id: 'tg-19-digit-ids',
    category: '19-digit',
    what: 'Telegram ids beyond 2^53 written as JSON numbers',
    file: put(
      'tg/ids/result.json',
      tgChat([tgMsg(2, '"x"'), tgMsg(1, '"big ids"', ',\n   "reply_to_message_id": 1234567890123456789').replace('"id": 1,', '"id": 9223372036854775807,')].join(',\n')).replace('"id": 4415521234', '"id": 9007199254740993'),
    ),
    expect: {
      ok: true,
      check: (q) => {
        const chat = q.one<{ ext_id: string | null }>('SELECT ext_id FROM chats WHERE evidence_id = ?', q.evidence);
        const m = q.one<{ ext_id: string | null; reply_to: string | null }>('SELECT ext_id, reply_to FROM messages WHERE evidence_id = ? ORDER BY seq DESC LIMIT 1', q.evidence);
        return expectAll([m?.ext_id === '9223372036854775807', `message id exact: ${show(m)}`], [chat?.ext_id === '9007199254740993', `chat id exact: ${show(chat)}`], [m?.reply_to === '1234567890123456789', `reply id exact: ${show(m)}`]);
      },
    },
  });
  add({
    id: 'tg-deep-nesting',
    category: 'huge',
    what: 'a Telegram message text nested 200 000 arrays deep (stack exhaustion)',
    file: put('tg/deep/result.json', tgChat([tgMsg(1, '['.repeat(200_000) + ']'.repeat(200_000)), tgMsg(2, '"after"')].join(',\n'))),
    maxMs: 30_000,
    expect: { ok: true, check: (q) => expectAll([q.bodies().includes('after'), `the message after it is read: ${show(q.bodies())}`], [q.accounting().rejected + q.accounting().parsed === q.accounting().seen, 'accounted']) },
  });

  // --- vCard --------------------------------------------------------------------------------------------
  add({
    id: 'vcard-proto-props',
    category: 'prototype',
    what: 'a vCard with __proto__ and constructor as property and parameter names',
    file: put('vcf/proto.vcf', VCARD('__proto__:polluted\r\nTEL;__proto__=x;TYPE=CELL:+66 81 000 0001\r\nconstructor:y\r\n')),
    expect: {
      ok: true,
      check: (q) => {
        const c = q.all<{ name: string; identifiers_json: string; fields_json: string }>('SELECT name, identifiers_json, fields_json FROM contacts WHERE evidence_id = ?', q.evidence);
        return expectAll([c.length === 1 && c[0]!.identifiers_json.includes('+66 81 000 0001'), `contact kept with its phone: ${show(c)}`], [({} as Record<string, unknown>).polluted === undefined, 'no pollution']);
      },
    },
  });
  add({
    id: 'vcard-truncated',
    category: 'truncated',
    what: 'a vCard file whose second card has no END:VCARD',
    file: put('vcf/cut.vcf', VCARD('TEL:+66 81 000 0001\r\n') + 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Off\r\nTEL:+66 81 000 00'),
    expect: {
      ok: true,
      check: (q) => {
        const a = q.accounting();
        const raw = q.all<{ raw: string | null }>('SELECT raw FROM skipped_units WHERE evidence_id = ?', q.evidence).map((r) => r.raw ?? '').join('\n');
        return expectAll([q.count('contacts') >= 1, 'the whole card is kept'], [a.rejected >= 1 || q.allFlags().size > 0, `the cut card is rejected or flagged: ${show(a)}`], [raw.includes('Cut Off') || q.count('contacts') === 2, 'its text is kept']);
      },
    },
  });
  add({
    id: 'vcard-huge-folded',
    category: 'huge',
    what: 'a vCard NOTE folded over 200 000 continuation lines',
    file: put('vcf/folded.vcf', VCARD('NOTE:start\r\n' + ' x\r\n'.repeat(200_000) + 'TEL:+66 81 000 0001\r\n')),
    maxMs: 30_000,
    expect: { ok: true, check: (q) => expectAll([q.count('contacts') === 1, `one contact: ${q.count('contacts')}`]) },
  });

  // --- LINE, Signal, Telegram HTML: truncation and encodings ---------------------------------------------
  const LINE_OK = '[LINE] Chat history with Boss\r\nSaved on: 2025/03/15 09:00\r\n\r\n2025/03/14(Fri)\r\n21:00\tBoss\thello\r\n21:01\tBoss\t"multi\r\nline"\r\n';
  add({
    id: 'line-truncated-in-quote',
    category: 'truncated',
    what: 'a LINE export cut inside a quoted multi-line message',
    file: put('line/[LINE] Chat with Cut.txt', LINE_OK + '21:02\tBoss\t"never\r\nclosed'),
    expect: {
      ok: true,
      check: (q) => {
        const raw = q.all<{ raw: string | null }>('SELECT raw FROM messages WHERE evidence_id = ? UNION ALL SELECT raw FROM skipped_units WHERE evidence_id = ?', q.evidence, q.evidence).map((r) => r.raw ?? '').join('\n');
        return expectAll([q.bodies().includes('hello'), `earlier messages kept: ${show(q.bodies())}`], [raw.includes('never') && raw.includes('closed'), `the cut message's text is kept: ${show(raw)}`]);
      },
    },
  });
  add({
    id: 'line-invalid-utf8',
    category: 'mis-encoded',
    what: 'a LINE export with a Windows-1252 byte in a message',
    file: put('line/[LINE] Chat with Bytes.txt', Buffer.concat([Buffer.from(LINE_OK + '21:03\tBoss\tcaf'), Buffer.from([0xe9]), Buffer.from('\r\n')])),
    expect: {
      ok: true,
      check: (q) => {
        const m = q.messages().find((x) => x.body.startsWith('caf'));
        // Every importer names the flag `invalid-utf8` (LINE once said `invalid-encoding`).
        return expectAll([!!m && m.flags.includes('invalid-utf8'), `flagged invalid-utf8: ${show(m)}`], [!!m?.raw_bytes && m.raw_bytes.includes(Buffer.from([0xe9])), 'raw bytes kept']);
      },
    },
  });
  add({
    id: 'signal-truncated',
    category: 'truncated',
    what: 'a Signal text export cut in the middle of a multi-line message',
    file: put('signal/signal-cut.txt', '[2025-03-14, 21:00] Boss: hello\n[2025-03-14, 21:01] Boss: first line\nsecond li'),
    expect: { ok: true, check: (q) => expectAll([same(q.bodies(), ['hello', 'first line\nsecond li']), `the cut message keeps what is there: ${show(q.bodies())}`]) },
  });
  {
    const page = (n: number) =>
      `<div class="message default clearfix" id="message${n}">\n <div class="pull_left userpic_wrap"><div class="userpic"></div></div>\n <div class="body">\n  <div class="pull_right date details" title="14.03.2025 21:0${n}:00 UTC+07:00">21:0${n}</div>\n  <div class="from_name">Boss</div>\n  <div class="text">message ${n} &lt;script&gt;alert(${n})&lt;/script&gt;</div>\n </div>\n</div>\n`;
    const html = `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8"/>\n<title>Exported Data</title>\n</head>\n<body>\n<div class="page_wrap">\n<div class="page_header"><div class="content"><div class="text bold">Boss</div></div></div>\n<div class="page_body chat_page">\n<div class="history">\n${page(1)}${page(2)}${page(3)}</div>\n</div>\n</div>\n</body>\n</html>\n`;
    add({
      id: 'tg-html-truncated',
      category: 'truncated',
      what: 'a Telegram HTML page cut in the middle of its third message (markup in the text)',
      file: put('tg-html/cut/messages.html', html.slice(0, html.indexOf('message 3') + 4)),
      expect: {
        ok: true,
        check: (q) => {
          const b = q.bodies();
          return expectAll([b[0] === 'message 1 <script>alert(1)</script>', `markup kept as text: ${show(b)}`], [b.length >= 2, `the whole messages are kept: ${show(b)}`]);
        },
      },
    });
  }
  add({
    id: 'tg-json-utf16',
    category: 'mis-encoded',
    what: 'a Telegram result.json re-saved as UTF-16LE with a byte-order mark',
    file: put('tg/utf16/result.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tgChat([tgMsg(1, '"wide"'), tgMsg(2, '"text"')].join(',\n')), 'utf16le')])),
    expect: { ok: true, check: (q) => expectAll([same(q.bodies(), ['wide', 'text']), `decoded: ${show(q.bodies())}`]) },
  });
  add({
    id: 'tg-attachment-traversal',
    category: 'path-traversal',
    what: 'Telegram messages whose photo and file paths climb out of the export (../../../etc/passwd, /etc/shadow)',
    file: put('tg/attach/result.json', tgChat([tgMsg(1, '""', ',\n   "photo": "../../../etc/passwd",\n   "width": 1, "height": 1'), tgMsg(2, '"x"', ',\n   "file": "/etc/shadow",\n   "mime_type": "text/plain"')].join(',\n'))),
    expect: {
      ok: true,
      check: (q) => {
        const refs = q.all<{ attachments_json: string | null }>('SELECT attachments_json FROM messages WHERE evidence_id = ? ORDER BY seq', q.evidence).map((r) => r.attachments_json ?? '').join('\n');
        const hashed = q.all('SELECT * FROM attachments WHERE evidence_id = ? AND sha256 IS NOT NULL', q.evidence);
        return expectAll([refs.includes('../../../etc/passwd') && refs.includes('/etc/shadow'), `names kept as text: ${show(refs)}`], [hashed.length === 0, `nothing opened or hashed: ${show(hashed)}`], [!refs.includes('"present"'), 'never marked present']);
      },
    },
  });
  add({
    id: 'csv-windows-1252',
    category: 'mis-encoded',
    what: 'a CSV in Windows-1252 without a BOM (José, café, €)',
    file: put('csv/cp1252.csv', Buffer.from('Name,Note,Phone\r\nJos\xe9,caf\xe9 \x80 50,+66 81 000 0001\r\n', 'latin1')),
    expect: {
      ok: true,
      check: (q) => {
        const rows = q.all<{ cells_json: string }>('SELECT cells_json FROM sheet_rows WHERE evidence_id = ? ORDER BY row_number', q.evidence).map((r) => r.cells_json).join('\n');
        return expectAll([rows.includes('José') && rows.includes('café €'), `decoded as Windows-1252: ${show(rows)}`]);
      },
    },
  });

  // --- Intake: files and folders ------------------------------------------------------------------------
  add({ id: 'empty-file', category: 'empty', what: 'a 0-byte chat file', file: put('intake/WhatsApp Chat with Nobody.txt', ''), expect: { error: 'SOURCE_EMPTY' } });
  add({ id: 'random-binary', category: 'binary', what: '256 KiB of random bytes named .txt', file: put('intake/blob.txt', Buffer.from(Array.from({ length: 262_144 }, prng(7)))), expect: { error: 'FORMAT_UNRECOGNISED' } });
  add({ id: 'folder-not-file', category: 'intake', what: 'a folder given where a file is expected', file: (mkdirSync(join(dir, 'intake/a-folder.txt'), { recursive: true }), join(dir, 'intake/a-folder.txt')), expect: { error: 'BAD_ARGUMENT' } });
  add({ id: 'missing-file', category: 'intake', what: 'a path that does not exist', file: join(dir, 'intake/does-not-exist.txt'), expect: { error: 'SOURCE_NOT_FOUND' } });
  add({ id: 'bad-zone', category: 'intake', what: 'an import declaring the zone "Mars/Olympus"', file: put('intake/WhatsApp Chat with Zone.txt', WA_OK), request: { tz: 'Mars/Olympus' }, expect: { error: 'TIMEZONE_INVALID' } });
  add({ id: 'wrong-format', category: 'intake', what: 'a WhatsApp chat imported with --format telegram', file: put('intake/WhatsApp Chat with Wrong.txt', WA_OK + wa('21:09', 'Boss', 'wrong format')), request: { format: 'telegram' }, expect: { error: 'FORMAT_MISMATCH' } });
  add({
    id: 'duplicate-import',
    category: 'intake',
    what: 'the same bytes imported twice without --allow-duplicate',
    file: put('intake/WhatsApp Chat with Twice.txt', WA_OK + wa('21:10', 'Boss', 'twice')),
    twice: true,
    expect: { error: 'SOURCE_DUPLICATE' },
  });
  {
    // Symlinks: an evidence FILE that is a link to a file outside the export folder.
    writeFileSync(join(outside, 'examiner-notes.txt'), WA_OK + wa('21:11', 'Examiner', 'this file is outside the export folder'));
    mkdirSync(join(dir, 'links'), { recursive: true });
    symlinkSync(join(outside, 'examiner-notes.txt'), join(dir, 'links/WhatsApp Chat with Link.txt'));
    symlinkSync(join(outside, 'gone.txt'), join(dir, 'links/WhatsApp Chat with Dangling.txt'));
    add({
      id: 'symlink-out-of-folder',
      category: 'symlink',
      what: 'an evidence file that is a symlink to a file outside the export folder',
      file: join(dir, 'links/WhatsApp Chat with Link.txt'),
      expect: {
        ok: true,
        check: (q) => {
          const ev = q.evidenceRow();
          // Decision: intake follows a link the examiner named, but records where the bytes really are.
          return expectAll([ev.path_resolved === join(outside, 'examiner-notes.txt'), `path_resolved is the link target (${join(outside, 'examiner-notes.txt')}), found ${show(ev.path_resolved)}`], [String(ev.path_given).endsWith('links/WhatsApp Chat with Link.txt'), 'path_given is the link as named']);
        },
      },
    });
    add({ id: 'symlink-dangling', category: 'symlink', what: 'an evidence file that is a dangling symlink', file: join(dir, 'links/WhatsApp Chat with Dangling.txt'), expect: { error: 'SOURCE_NOT_FOUND' } });
  }
  {
    // Big enough that the parse is still running when the source is changed from the progress callback. These two
    // live outside the corpus folder, which must stay untouched (and is read-only during the run).
    const lines = Array.from({ length: 20_000 }, (_, i) => wa(`${String(10 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, 'Boss', `message ${i}`)).join('');
    add({ id: 'deleted-mid-import', category: 'changed', what: 'the source file deleted while it is being parsed', file: put('changing/WhatsApp Chat with Delete.txt', lines, outside), during: 'delete-source', expect: { error: 'SOURCE_CHANGED' } });
    add({ id: 'appended-mid-import', category: 'changed', what: 'the source file appended to while it is being parsed', file: put('changing/WhatsApp Chat with Append.txt', lines + wa('23:59', 'Boss', 'last'), outside), during: 'append-to-source', expect: { error: 'SOURCE_CHANGED' } });
  }
  // A raw deflate stream posing as a chat (no zip wrapper).
  add({ id: 'raw-deflate', category: 'binary', what: 'a bare deflate stream named .txt', file: put('intake/deflated.txt', deflateRawSync(Buffer.alloc(1 << 20, 0x41))), expect: { error: 'FORMAT_UNRECOGNISED' } });
  return cases;
}
