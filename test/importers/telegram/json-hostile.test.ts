// Hostile and broken Telegram JSON: repairs, __proto__, lone surrogates, truncation, encodings, huge and deep values.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ThreadlineError } from '../../../main/engine/errors';
import { MAX_UNIT_BYTES, telegramImporter } from '../../../main/engine/importers/telegram';
import { failure } from '../../helpers/failure';
import { byExt, calls, chats, fact, fx, messages, parseDirect, skips, tmpFile, parseTg } from './helpers';

const parseError = (path: string): Promise<ThreadlineError> => failure(parseTg(path));

describe('tdesktop output bugs are repaired on a copy and reported', async () => {
  const path = fx('tdesktop-bugs-x-escapes-unquoted-document-id.json');
  const r = await parseTg(path);

  it('rewrites \\xHH escapes inside strings only, keeping the raw text as written', () => {
    const m = byExt(r.records, '1');
    expect(m.body).toBe('line\u0001one\u001btwo C:\\xampp');
    expect(m.flags).toEqual(['json-repaired', 'control-chars']);
    expect(m.raw).toContain('"text": "line\\x01one\\x1Btwo C:\\\\xampp"');
    expect(chats(r.records)[0]!.name).toBe('Esc\u0007pe chat');
  });

  it('quotes the unquoted custom-emoji document_id of tdesktop 4.1.1', () => {
    const m = byExt(r.records, '2');
    expect(m.body).toBe('😮 ok');
    expect(m.entities).toEqual([{ type: 'custom_emoji', text: '😮' }]);
    expect(m.flags).toEqual(['json-repaired']);
    expect(m.raw).toContain('"document_id": video_files/sticker (2).webm');
  });

  it('counts repairs in a fact and leaves clean messages unflagged', () => {
    expect(fact(r.records, 'repairs')).toEqual({ 'x-escape': 5, 'unquoted-document_id': 2, values: 3 });
    expect(byExt(r.records, '3').flags).toBeUndefined();
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 3, rejected: 0 });
  });
});

describe('__proto__ and constructor keys are data, never prototypes', async () => {
  const r = await parseTg(fx('hostile-proto-keys.json'));

  it('does not pollute Object.prototype', () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('reads only own fields: a message whose id and date exist only under __proto__ is rejected for its missing date', () => {
    const m = byExt(r.records, '1');
    expect(m.body).toBe('@x hi');
    expect(m.sender).toBe('Somchai K');
    expect(m.entities).toEqual([{ type: 'mention', text: '@x' }]);
    expect(m.raw).toContain('"__proto__": {"text": "FROM PROTO"');
    const s = skips(r.records);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ outcome: 'rejected', reason: 'The message has neither "date" nor "date_unixtime".', prov: { path: '$.messages[1]', line: 27 } });
    expect(r.accounting).toMatchObject({ seen: 2, parsed: 1, rejected: 1 });
  });

  it('lists unknown root keys, __proto__ included, as not imported', () => {
    const f = fact(r.records, 'sections-not-imported') as Record<string, unknown>;
    expect(Object.keys(f).sort()).toEqual(['__proto__', 'constructor']);
  });
});

describe('lone surrogates and NUL', async () => {
  const r = await parseTg(fx('hostile-lone-surrogates-nul.json'));

  it('keeps them in the body, keeps the escape in raw, and flags them', () => {
    const m = byExt(r.records, '1');
    expect(m.body).toBe('bad \uD800 end \u0000 nul');
    expect(m.body.charCodeAt(4)).toBe(0xd800);
    expect(m.sender).toBe('Eve \uDC00');
    expect(m.raw).toContain('"text": "bad \\uD800 end \\u0000 nul"');
    expect(m.flags).toEqual(['lone-surrogate', 'control-chars']);
  });

  it('does not flag a proper surrogate pair', () => {
    expect(byExt(r.records, '2').body).toBe('a pair is fine: 😀');
    // The sender name still holds a lone low surrogate.
    expect(byExt(r.records, '2').flags).toEqual(['lone-surrogate']);
  });
});

describe('truncated and invalid files fail as a whole with a clear error', () => {
  it('names the file, line and byte offset of a truncated export', async () => {
    const e = await parseError(fx('truncated-mid-message.json'));
    expect(e).toBeInstanceOf(ThreadlineError);
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.file).toBe('truncated-mid-message.json');
    expect(e.line).toBe(105);
    expect(e.message).toBe(
      'truncated-mid-message.json is not valid JSON at byte 1756, line 105 ($.messages[2]): The JSON ends unexpectedly inside a value (2 containers left open): the file is truncated. The unfinished value starts at line 102, byte 1711.',
    );
    expect(e.hint).toMatch(/re-acquire/);
  });

  it('fails at every cut point of a valid export, never crashing or succeeding', async () => {
    const full = readFileSync(fx('single-chat-personal-berlin-dst.json'));
    const end = full.lastIndexOf('}');
    let failures = 0;
    for (let cut = 0; cut <= end; cut += 37) {
      // Directly, without sniffing: a head too short to recognise would stop at format detection.
      const p = tmpFile('cut.json', full.subarray(0, cut));
      await expect(parseDirect(telegramImporter, p)).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringMatching(/truncated|no JSON value/) });
      failures++;
    }
    expect(failures).toBeGreaterThan(100);
    // The complete object without its trailing newline is fine.
    const ok = await parseTg(tmpFile('whole.json', full.subarray(0, end + 1)));
    expect(ok.accounting.seen).toBe(16);
  });

  it('reports a missing comma between top-level keys at its line', async () => {
    const text = '{\n "name": "x",\n "type": "personal_chat",\n "id": 1\n "messages": [\n  {"id": 1, "type": "message", "date_unixtime": "1704445200", "text": "a"}\n ]\n}\n';
    const e = await parseError(tmpFile('nocomma.json', text));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/\(\$\.id\): Expected "," or "}" but found """ \(a comma may be missing\)/);
  });

  it('rejects trailing data after the document', async () => {
    const e = await parseError(tmpFile('trailing.json', '{"messages": [{"id": 1, "type": "message", "date_unixtime": "1704445200", "from_id": "user1", "text": "a"}]}\n{"x": 1}'));
    expect(e.message).toMatch(/after the end of the JSON document/);
  });

  it('rejects (without failing the file) a message that is not valid JSON inside', async () => {
    const text = '{\n "name": "x",\n "type": "personal_chat",\n "id": 1,\n "messages": [\n  {"id": 1, "type": "message", "date_unixtime": "1704445200", "from_id": "user1", "text": tru},\n  {"id": 2, "type": "message", "date_unixtime": "1704445201", "from_id": "user1", "text": "fine"}\n ]\n}\n';
    const r = await parseTg(tmpFile('badmsg.json', text));
    expect(r.accounting).toMatchObject({ seen: 2, parsed: 1, rejected: 1 });
    const s = skips(r.records)[0]!;
    expect(s.reason).toMatch(/^The message is not valid JSON \(/);
    expect(s.prov).toMatchObject({ path: '$.messages[0]', line: 6 });
    expect(s.raw).toContain('"text": tru}');
  });
});

describe('odd values inside messages', () => {
  it('rejects entries that are not objects, one by one', async () => {
    const p = tmpFile('notobj.json', '{"name": "x", "type": "personal_chat", "id": 1, "messages": [1, "two", null, [], {"id": 5, "type": "message", "date_unixtime": "1704445200", "from_id": "user1", "text": "ok"}]}');
    const r = await parseTg(p);
    expect(r.accounting).toMatchObject({ seen: 5, parsed: 1, rejected: 4 });
    expect(skips(r.records).map((s) => s.reason)).toEqual(Array(4).fill('The message is not a JSON object.'));
  });

  it('rejects a "messages" that is not an array as one unit', async () => {
    const p = tmpFile('msgobj.json', '{"name": "x", "type": "personal_chat", "id": 1, "messages": {"0": {"id": 1}}}');
    const r = await parseDirect(telegramImporter, p);
    expect(r.accounting).toMatchObject({ seen: 1, parsed: 0, rejected: 1 });
    expect(skips(r.records)[0]!.reason).toBe('The chat\'s "messages" is not an array. It was not read as messages.');
  });

  it('flags duplicate keys (JSON.parse keeps the last) and keeps both in raw', async () => {
    const p = tmpFile('dup.json', '{"messages": [{"id": 1, "type": "service", "date_unixtime": "1734775200", "actor": "A", "actor_id": "user1", "action": "send_star_gift", "text": "gift note", "text": ""}]}');
    const r = await parseTg(p);
    const m = messages(r.records)[0]!;
    expect(m.flags).toContain('duplicate-keys');
    expect(m.raw).toContain('"text": "gift note"');
  });

  it('keeps ids beyond 2^53 exact from the raw text', async () => {
    const p = tmpFile('bigid.json', '{"messages": [{"id": 12345678901234567890, "type": "message", "date_unixtime": "1704445200", "from_id": "user1", "text": "x"}]}');
    const m = messages((await parseTg(p)).records)[0]!;
    expect(m.extId).toBe('12345678901234567890');
    expect(m.flags).toContain('unsafe-integer');
  });

  it('falls back to date when date_unixtime is corrupt, and flags it', async () => {
    const p = tmpFile('badux.json', '{"messages": [{"id": 1, "type": "message", "date": "2024-01-05T10:00:00", "date_unixtime": "17044x5200", "from_id": "user1", "text": "x"}]}');
    const m = messages((await parseTg(p)).records)[0]!;
    expect(m.time).toEqual({ kind: 'wall', wall: { y: 2024, mo: 1, d: 5, h: 10, mi: 0, s: 0 }, raw: '2024-01-05T10:00:00', flags: ['bad-unixtime'] });
    expect(m.flags).toContain('bad-unixtime');
  });

  it('survives a message nested 100 000 levels deep (no recursion anywhere)', async () => {
    const deep = '['.repeat(100_000) + '"\\uD800"' + ']'.repeat(100_000);
    const p = tmpFile('deep.json', `{"messages": [{"id": 1, "type": "service", "date_unixtime": "1704445200", "actor_id": "user1", "action": "x", "deep": ${deep}, "text": ""}]}`);
    const r = await parseTg(p);
    const m = messages(r.records)[0]!;
    expect(m.kind).toBe('system');
    expect(m.flags).toContain('lone-surrogate');
    expect(m.body).toMatch(/^x — deep: /);
  });

  it('parses a big message (4 MB text) and rejects one over the unit limit, keeping its head', async () => {
    const okText = 'a'.repeat(4 * 1024 * 1024);
    const hugeText = 'b'.repeat(MAX_UNIT_BYTES + 10);
    const p = tmpFile(
      'huge.json',
      `{"messages": [{"id": 1, "type": "message", "date_unixtime": "1704445200", "from_id": "user1", "text": "${okText}"},\n{"id": 2, "type": "message", "date_unixtime": "1704445201", "from_id": "user1", "text": "${hugeText}"},\n{"id": 3, "type": "message", "date_unixtime": "1704445202", "from_id": "user1", "text": "after"}]}`,
    );
    const r = await parseTg(p);
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 2, rejected: 1 });
    expect(byExt(r.records, '1').body.length).toBe(okText.length);
    expect(byExt(r.records, '3').prov.line).toBe(3);
    const s = skips(r.records)[0]!;
    expect(s.reason).toMatch(/over the 33554432-byte limit/);
    expect((s.raw as Uint8Array).length).toBe(MAX_UNIT_BYTES);
  });

  it('keeps invalid UTF-8 bytes of a message and flags it', async () => {
    const text = readFileSync(fx('single-chat-personal-berlin-dst.json'));
    const at = text.indexOf('Hello, did');
    const bad = Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xfe]), text.subarray(at + 5)]);
    const r = await parseTg(tmpFile('badutf8.json', bad));
    const m = byExt(r.records, '101');
    expect(m.body).toBe('\ufffd\ufffd, did you get the money?');
    expect(m.flags).toContain('invalid-utf8');
    expect(Buffer.from(m.rawBytes!).includes(Buffer.from([0xff, 0xfe]))).toBe(true);
    expect(r.accounting.parsed).toBe(15);
  });
});

describe('encodings and containers', () => {
  it('skips a UTF-8 BOM but keeps offsets as file offsets', async () => {
    const text = readFileSync(fx('single-chat-personal-berlin-dst.json'));
    const r = await parseTg(tmpFile('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text])));
    expect(byExt(r.records, '102').prov.offset).toBe(399 + 3);
    expect(fact(r.records, 'bom')).toBe('utf-8');
  });

  it('transcodes UTF-16LE (re-saved in Notepad) and drops byte offsets', async () => {
    const text = readFileSync(fx('single-chat-personal-berlin-dst.json'), 'utf8');
    const r = await parseTg(tmpFile('utf16.json', iconv.encode(text, 'utf-16le', { addBOM: true })));
    expect(r.importer.id).toBe('telegram');
    expect(r.accounting).toMatchObject({ seen: 16, parsed: 15, rejected: 1 });
    const m = byExt(r.records, '102');
    expect(m.prov).toEqual({ path: '$.messages[1]', line: 21, lineEnd: 101 });
    expect(m.body).toMatch(/^Send to \+66 81 234 5678/);
    expect(fact(r.records, 'encoding')).toBe('utf-16le (transcoded to UTF-8; offsets omitted)');
  });

  it('reads result.json from a zip and finds attachments beside it', async () => {
    const { makeZip } = await import('./helpers');
    const json = readFileSync(fx('single-chat-personal-berlin-dst.json'));
    const zip = makeZip([
      { name: 'ChatExport_2023-10-30/result.json', data: json },
      { name: 'ChatExport_2023-10-30/files/ledger.xlsx', data: 'PK fake' },
      { name: '__MACOSX/ChatExport_2023-10-30/._result.json', data: 'junk' },
    ]);
    const r = await parseTg(tmpFile('export.zip', zip));
    expect(r.importer.id).toBe('telegram');
    expect(r.sniff.member).toBe('ChatExport_2023-10-30/result.json');
    expect(byExt(r.records, '111').attachments).toEqual([{ name: 'files/ledger.xlsx', status: 'present', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }]);
    expect(byExt(r.records, '109').attachments![0]!.status).toBe('referenced');
    expect(byExt(r.records, '102').prov).toEqual({ path: '$.messages[1]', line: 21, lineEnd: 101, offset: 399, member: 'ChatExport_2023-10-30/result.json' });
    expect(calls(r.records)).toHaveLength(4);
  });

  it('uses the examiner-declared owner when the export names none', async () => {
    const r = await parseTg(fx('single-chat-personal-berlin-dst.json'), { owner: 'user5550001' });
    // Declared owner = the chat peer: now the peer's calls are outgoing (basis owner, no chat-peer flag).
    const c = calls(r.records);
    expect(c[2]).toMatchObject({ direction: 'outgoing', flags: ['discard-reason:disconnect'] });
    expect(byExt(r.records, '101').direction).toBe('outgoing');
    expect(fact(r.records, 'owner')).toEqual({ key: 'tg:user5550001', userId: '5550001', source: 'examiner' });
  });
});

describe('UTF-16 without a byte-order mark', () => {
  it('fails with a hint to name the encoding, and imports when it is named', async () => {
    const text = readFileSync(fx('old-2020-no-unixtime-numeric-ids.json'), 'utf8');
    const p = tmpFile('nobom.json', iconv.encode(text, 'utf-16le'));
    await expect(parseDirect(telegramImporter, p)).rejects.toMatchObject({ code: 'PARSE_ERROR', hint: expect.stringMatching(/UTF-16 without a byte-order mark/) });
    const r = await parseDirect(telegramImporter, p, { confidence: 1 }, { encoding: 'utf-16le' });
    expect(r.accounting).toMatchObject({ seen: 4, parsed: 4 });
    expect(messages(r.records)[0]!.prov.offset).toBeUndefined();
  });
});

describe('bounded bookkeeping on hostile files', () => {
  it('pools exporter offsets beyond 1000 distinct values', async () => {
    const msgs = Array.from({ length: 1500 }, (_, i) => {
      const ux = 1704445200 + i * 60;
      // A different offset (in whole minutes) for every message.
      const wall = new Date((ux + i * 60) * 1000).toISOString().slice(0, 19);
      return `{"id": ${i + 1}, "type": "message", "date": "${wall}", "date_unixtime": "${ux}", "from_id": "user1", "text": "m"}`;
    });
    const r = await parseTg(tmpFile('offsets.json', `{"messages": [\n${msgs.join(',\n')}\n]}`));
    const f = fact(r.records, 'exporter-utc-offsets') as { offsets: { offset: string; count: number }[]; disagreements: number };
    expect(f.offsets).toHaveLength(1001);
    expect(f.offsets.find((o) => o.offset === 'other')!.count).toBe(500);
    expect(f.disagreements).toBeGreaterThan(1400);
    expect(r.accounting.parsed).toBe(1500);
  });
});
