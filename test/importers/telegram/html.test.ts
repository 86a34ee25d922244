// The Telegram HTML importer: old (no offset) and new (UTC offset) pages, joined authors, calls, pages in a zip.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { telegramHtmlImporter } from '../../../main/engine/importers/telegram-html';
import { parseHtmlDate } from '../../../main/engine/importers/telegram-html/reader';
import { accounts, byExt, calls, chats, contacts, fx, makeZip, messages, skips, tmpFile, parseTg } from './helpers';

describe('HTML export, 2020 layout (times without offset)', async () => {
  const path = fx('html-2020-no-offset/messages.html');
  const r = await parseTg(path);
  const recs = r.records;

  it('is recognised and accounted for (day separators skipped)', () => {
    expect(r.importer.id).toBe('telegram-html');
    expect(r.sniff).toMatchObject({ confidence: 0.9, layout: 'html' });
    expect(r.accounting).toMatchObject({ unit: 'message', seen: 10, parsed: 9, skipped: 1, rejected: 0 });
    expect(skips(recs)[0]).toMatchObject({ outcome: 'skipped', count: 1, reason: 'day separator', prov: { path: 'messages.html#message-1', line: 38 } });
    expect(chats(recs)).toEqual([{ type: 'chat', key: 'chat:messages.html', platform: 'telegram', name: 'Somchai K', prov: { path: 'messages.html', line: 1 } }]);
  });

  it('reads text with line breaks, links as entities and markup as text', () => {
    const m = byExt(recs, '1001');
    expect(m.body).toBe('Deposit to +66812345678 or pay@example.com\nask @cashier_bot <script>alert(1)</script>');
    expect(m.entities).toEqual([
      { type: 'phone', text: '+66812345678' },
      { type: 'email', text: 'pay@example.com' },
      { type: 'mention', text: '@cashier_bot', href: 'https://t.me/cashier_bot' },
    ]);
    expect(m.time).toEqual({ kind: 'wall', wall: { y: 2020, mo: 3, d: 12, h: 9, mi: 15, s: 2 }, raw: '12.03.2020 09:15:02' });
    expect(m).toMatchObject({ sender: 'Somchai K', senderKey: 'tg-name:Somchai K', flags: ['no-offset'], prov: { path: 'messages.html#message1001', line: 46, lineEnd: 76 } });
    const src = readFileSync(path, 'utf8');
    expect(src.includes(m.raw)).toBe(true);
    expect(m.raw.startsWith('<div class="message default clearfix" id="message1001">')).toBe(true);
    expect(m.raw.endsWith('</div>')).toBe(true);
  });

  it('carries the author over joined messages and flags it', () => {
    expect(byExt(recs, '1002')).toMatchObject({ sender: 'Somchai K', flags: ['no-offset', 'sender-carried'] });
  });

  it('reads replies, forwards and omitted media', () => {
    expect(byExt(recs, '1003')).toMatchObject({ sender: 'Ops Lead', replyTo: '1001', body: 'ok, sent' });
    const m = byExt(recs, '1005');
    expect(m).toMatchObject({ kind: 'media', forwardedFrom: 'Boss Chan', body: 'the list', sender: 'Somchai K' });
    expect(m.attachments).toEqual([{ name: 'Photo: Not included, change data exporting settings to download.', status: 'omitted' }]);
  });

  it('turns media_call into calls with the direction tdesktop printed', () => {
    const c = calls(recs);
    expect(c.map((x) => [x.direction, x.durationS, x.caller, x.counterpart])).toEqual([
      ['outgoing', 125, 'Ops Lead', 'Somchai K'],
      ['missed', undefined, 'Somchai K', 'Somchai K'],
    ]);
    expect(c[0]!.flags).toEqual(['no-offset', 'sender-carried', 'call-status:Outgoing (125 seconds)']);
  });

  it('keeps service messages without a time, with the day separator as raw time', () => {
    const m = byExt(recs, '1006');
    expect(m).toMatchObject({ kind: 'system', body: 'Somchai K pinned this message', replyTo: '1003', time: { kind: 'none', raw: '12 March 2020' }, flags: ['no-time'] });
    expect(m.sender).toBeUndefined();
  });

  it('makes a shared contact card a contact record, and renders a location', () => {
    const m = byExt(recs, '1008');
    expect(m).toMatchObject({ kind: 'contact', body: 'Contact: Nok Driver +66 89 765 4321', sender: 'Ops Lead', flags: ['no-offset', 'body-rendered'] });
    expect(m.attachments).toEqual([{ name: 'contacts/contact_1.vcf', status: 'referenced' }]);
    const c = contacts(recs);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ name: 'Nok Driver', identifiers: [{ kind: 'phone', value: '+66 89 765 4321' }], prov: { path: 'messages.html#message1008 .media_contact', line: 306 } });
    expect(byExt(recs, '1009')).toMatchObject({ kind: 'location', body: 'Location — 13.7563, 100.5018', sender: 'Ops Lead', flags: ['no-offset', 'sender-carried', 'body-rendered'] });
    expect(byExt(recs, '1009').attachments).toBeUndefined();
  });

  it('declares name-only accounts (the HTML export has no ids)', () => {
    expect(accounts(recs).map((a) => [a.key, a.identifiers.length])).toEqual([
      ['tg-name:Somchai K', 0],
      ['tg-name:Ops Lead', 0],
    ]);
  });
});

describe('HTML export, 2026 layout (UTC offsets), two pages of one chat in a zip', async () => {
  const dir = 'ChatExport_2026-05-01/';
  const zip = makeZip([
    { name: `${dir}messages.html`, data: readFileSync(fx('html-2026-utc-offset-two-pages/messages.html')) },
    { name: `${dir}messages2.html`, data: readFileSync(fx('html-2026-utc-offset-two-pages/messages2.html')) },
    { name: `${dir}photos/photo_1@30-04-2026_11-07-00.jpg`, data: Buffer.from([0xff, 0xd8, 0xff]) },
    { name: `${dir}css/style.css`, data: 'body{}' },
  ]);
  const r = await parseTg(tmpFile('html-export.zip', zip));
  const recs = r.records;

  it('reads every page of the chat in order as one chat', () => {
    expect(r.importer.id).toBe('telegram-html');
    expect(r.accounting).toMatchObject({ seen: 5, parsed: 4, skipped: 1 });
    expect(chats(recs)).toHaveLength(1);
    expect(chats(recs)[0]).toMatchObject({ key: `chat:${dir}`, name: 'Team' });
    expect(messages(recs).map((m) => [m.extId, m.chatKey])).toEqual([
      ['11', `chat:${dir}`],
      ['12', `chat:${dir}`],
      ['13', `chat:${dir}`],
      ['14', `chat:${dir}`],
    ]);
  });

  it('turns titles with a UTC offset into instants', () => {
    expect(byExt(recs, '11').time).toEqual({ kind: 'instant', utcMs: Date.UTC(2026, 3, 30, 10, 6, 45), raw: '30.04.2026 11:06:45 UTC+01:00' });
    expect(byExt(recs, '13').time).toEqual({ kind: 'instant', utcMs: Date.UTC(2026, 4, 1, 5, 29, 59), raw: '30.04.2026 23:59:59 UTC-05:30' });
    expect(byExt(recs, '11').flags).toBeUndefined();
  });

  it('finds linked photos in the zip and keeps replies across pages', () => {
    expect(byExt(recs, '12')).toMatchObject({ kind: 'media', sender: 'Mule 7', attachments: [{ name: 'photos/photo_1@30-04-2026_11-07-00.jpg', status: 'present' }] });
    expect(byExt(recs, '13')).toMatchObject({ replyTo: '12', sender: 'Ops Lead', prov: { member: `${dir}messages2.html`, path: 'messages2.html#message13' } });
    expect(byExt(recs, '14')).toMatchObject({ sender: 'Ops Lead', flags: ['sender-carried'] });
  });
});

describe('HTML dates and hostile pages', () => {
  it('parses both title forms and refuses impossible dates', () => {
    expect(parseHtmlDate('04.06.2020 14:16:12')).toEqual({ kind: 'wall', wall: { y: 2020, mo: 6, d: 4, h: 14, mi: 16, s: 12 }, raw: '04.06.2020 14:16:12' });
    expect(parseHtmlDate('30.04.2026 11:06:45 UTC+01:00')).toMatchObject({ kind: 'instant', utcMs: Date.UTC(2026, 3, 30, 10, 6, 45) });
    expect(parseHtmlDate('31.02.2020 10:00:00')).toBeNull();
    expect(parseHtmlDate('2020-06-04 14:16:12')).toBeNull();
  });

  it('rejects a message with no date and one with no id, keeping raw', async () => {
    const page = `<div class="history">
<div class="message default clearfix" id="message5"><div class="body"><div class="from_name">A</div><div class="text">no date</div></div></div>
<div class="message default clearfix" id="msgX"><div class="body"><div class="pull_right date details" title="04.06.2020 14:16:12">14:16</div><div class="text">no id</div></div></div>
<div class="message default clearfix" id="message7"><div class="body"><div class="pull_right date details" title="04.06.2020 14:17:00">14:17</div><div class="from_name">A</div><div class="text">ok</div></div></div>
</div>`;
    const r = await parseTg(tmpFile('messages.html', page));
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 1, rejected: 2 });
    expect(skips(r.records).map((s) => [s.reason, s.prov?.line])).toEqual([
      ['The message has no date title.', 2],
      ['The message element has no usable id ("msgX").', 3],
    ]);
  });

  it('survives unclosed tags and a truncated page', async () => {
    const src = readFileSync(fx('html-2020-no-offset/messages.html'), 'utf8');
    const cut = src.slice(0, src.indexOf('second line from') + 6);
    const r = await parseTg(tmpFile('messages.html', cut), { format: 'telegram-html' });
    expect(r.accounting.seen).toBe(3);
    expect(byExt(r.records, '1002').body).toBe('second');
  });

  it('keeps a 3 MB text and many nested spans without trouble', async () => {
    const big = 'x'.repeat(3_000_000);
    const nested = '<span>'.repeat(20_000) + 'deep' + '</span>'.repeat(20_000);
    const page = `<div class="message default clearfix" id="message1"><div class="body"><div class="pull_right date details" title="04.06.2020 14:16:12">14:16</div><div class="from_name">A</div><div class="text">${big}${nested}</div></div></div>`;
    const r = await parseTg(tmpFile('messages.html', page), { format: 'telegram-html' });
    expect(byExt(r.records, '1').body.length).toBe(3_000_004);
  });

  it('does not claim a JSON export or a random HTML page', () => {
    const head = (s: string) => ({ fileName: 'x', size: s.length, head: Buffer.from(s) });
    expect(telegramHtmlImporter.sniff(head('{"messages": [{"date_unixtime": "1"}]}'))).toBeNull();
    expect(telegramHtmlImporter.sniff(head('<html><body><div class="message">hi</div></body></html>'))).toBeNull();
  });
});
