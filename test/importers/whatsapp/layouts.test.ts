// Every WhatsApp layout in FORMATS.md §1.2, one small synthetic fixture each, with exact expected output.
import { describe, expect, it } from 'vitest';
import { fixture, run, w, wall } from './helpers';

const LRM = '\u200e';
const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('Android, day-first, 24 h (android-dmy-24h.txt)', async () => {
  const r = await run(fixture('android-dmy-24h.txt'));
  const m = r.messages;

  it('is picked by sniffing with high confidence', () => {
    expect(r.importer.id).toBe('whatsapp');
    expect(r.sniff.confidence).toBeGreaterThanOrEqual(0.9);
    expect(r.sniff.layout).toBe('android-24h');
  });

  it('accounts for every line', () => {
    expect(r.accounting).toMatchObject({ unit: 'line', seen: 23, parsed: 23, skipped: 0, rejected: 0 });
    expect(m).toHaveLength(19);
  });

  it('keeps file order, lines, offsets and times (out-of-order line included)', () => {
    expect(m.map((x) => x.prov.line)).toEqual([1, 2, 3, 4, 5, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    expect(m[4]!.prov).toEqual({ line: 5, lineEnd: 8, offset: 285 });
    expect(wall(m[0]!)).toEqual(w(2022, 3, 23, 13, 31));
    expect(wall(m[3]!)).toEqual(w(2022, 3, 18, 15, 1));
    // Line 21 is out of chronological order and stays where it is.
    expect(m[16]!.prov.line).toBe(21);
    expect(wall(m[16]!)).toEqual(w(2022, 3, 17, 9, 0));
    expect(m[3]!.time.raw).toBe('18/03/2022, 15:01');
  });

  it('reads system lines without an author', () => {
    expect(m[0]).toMatchObject({ kind: 'system', body: expect.stringMatching(/^Messages and calls are end-to-end encrypted/) });
    expect(m[0]!.sender).toBeUndefined();
    expect(m[1]).toMatchObject({ kind: 'system', body: 'Dmitry S created group "Test"' });
    expect(m[18]).toMatchObject({ kind: 'system', body: "+91 70592 29103 joined using this group's invite link" });
    expect(m[18]!.senderKey).toBeUndefined();
  });

  it('joins continuation lines, blank ones included, and keeps the raw lines', () => {
    expect(m[4]!.body).toBe('first line\nsecond line\n\nfourth line after a blank one');
    expect(m[4]!.raw).toBe('18/03/2022, 15:02 - Dmitry S: first line\nsecond line\n\nfourth line after a blank one');
    expect(m[4]!.sender).toBe('Dmitry S');
  });

  it('recognises media, attachments with captions, deletions and edits', () => {
    expect(m[5]).toMatchObject({ kind: 'media', body: '<Media omitted>', attachments: [{ name: '<Media omitted>', status: 'omitted' }] });
    expect(m[6]).toMatchObject({ kind: 'media', body: 'IMG-20220318-WA0002.jpg (file attached)\nA caption', attachments: [{ name: 'IMG-20220318-WA0002.jpg', status: 'referenced' }] });
    expect(m[7]).toMatchObject({ kind: 'deleted', sender: 'Dmitry S' });
    expect(m[8]).toMatchObject({ kind: 'deleted', sender: 'Elon', direction: 'outgoing', flags: ['deleted-by-owner'] });
    expect(m[9]).toMatchObject({ kind: 'text', body: 'Fixed typo<This message was edited>', flags: ['edited'] });
    expect(m[17]).toMatchObject({ kind: 'contact', attachments: [{ name: 'Alex.vcf', status: 'referenced' }] });
    expect(m[12]).toMatchObject({ kind: 'location' });
  });

  it('emits missed calls as a call message and a call record with the same provenance', () => {
    expect(m[10]).toMatchObject({ kind: 'call', body: 'Missed voice call', sender: 'Elon' });
    expect(m[11]).toMatchObject({ kind: 'call', body: 'Missed video call', sender: 'Dmitry S' });
    expect(r.calls).toHaveLength(2);
    expect(r.calls[0]).toMatchObject({ direction: 'missed', media: 'voice', caller: 'Elon', contactName: 'Elon', accountKey: m[10]!.senderKey, prov: m[10]!.prov, raw: m[10]!.raw });
    expect(r.calls[0]!.time).toEqual(m[10]!.time);
    expect(r.calls[1]).toMatchObject({ direction: 'missed', media: 'video', prov: { line: 16 } });
  });

  it('cuts the author at the first ": " and keeps phone-number senders as identifiers', () => {
    expect(m[15]).toMatchObject({ sender: 'John-John Doe', body: 'Lorem ipsum : dolor: sit' });
    const phone = `\u202a+55${NBSP}61${NBSP}8121\u20113457\u202c`;
    expect(m[13]).toMatchObject({ sender: phone, body: 'hi from a number' });
    const acct = r.accounts.find((a) => a.display === phone)!;
    expect(acct.identifiers).toEqual([{ kind: 'phone', value: phone }]);
    expect(acct.prov).toEqual({ line: 18, lineEnd: 18, offset: 854 });
    expect(r.accounts.find((a) => a.display === 'Dmitry S')!.identifiers).toEqual([]);
  });

  it('keeps `~ Name` senders as written, flagged', () => {
    expect(m[14]).toMatchObject({ sender: `~${NBSP}Carol`, flags: ['tilde-name'] });
  });

  it('emits one chat and one account per distinct sender', () => {
    expect(r.chat).toMatchObject({ key: 'chat', platform: 'whatsapp', name: 'android-dmy-24h', chatKind: 'group', prov: { line: 1 } });
    expect(r.accounts.map((a) => a.display)).toEqual(['Dmitry S', 'Elon', `\u202a+55${NBSP}61${NBSP}8121\u20113457\u202c`, `~${NBSP}Carol`, 'John-John Doe']);
    expect(new Set(m.filter((x) => x.senderKey).map((x) => x.senderKey))).toEqual(new Set(r.accounts.map((a) => a.key)));
  });

  it('states the facts of the evidence item', () => {
    expect(r.facts.layout).toBe('android');
    expect(r.facts.clock).toBe('24h');
    expect(r.facts.dateOrder).toEqual({ order: 'dmy', source: 'inferred', evidenceLine: 1 });
    expect(r.facts.encoding).toEqual({ encoding: 'utf-8', bom: false, linesStartingWithBom: 0 });
    expect(r.facts.participants).toBe(5);
  });
});

describe('Android, month-first, 12 h (android-mdy-12h.txt)', async () => {
  const r = await run(fixture('android-mdy-12h.txt'));
  it('reads AM/PM, midnight and noon, NNBSP before PM, no comma, a.m./p.m.', () => {
    expect(r.messages.map(wall)).toEqual([w(2019, 1, 20, 11, 23), w(2019, 1, 20, 0, 5), w(2019, 1, 20, 12, 30), w(2019, 1, 20, 21, 41), w(2017, 10, 25, 18, 57), w(2019, 12, 31, 23, 59)]);
    expect(r.messages[3]!.time.raw).toBe(`1/20/19, 9:41${NNBSP}PM`);
    expect(r.messages[3]!.sender).toBe('Ben');
    expect(r.messages[4]).toMatchObject({ kind: 'system', body: 'Maria created group "Friends"' });
    expect(r.facts.dateOrder).toEqual({ order: 'mdy', source: 'inferred', evidenceLine: 1 });
    expect(r.facts.clock).toBe('12h');
    expect(r.sniff.layout).toBe('android-12h');
  });
});

describe('Android, dotted dates, Russian, BOM (android-dots-ru-bom.txt)', async () => {
  const r = await run(fixture('android-dots-ru-bom.txt'));
  it('reads the localised bodies', () => {
    expect(r.messages.map((x) => x.kind)).toEqual(['system', 'media', 'location', 'call', 'deleted']);
    expect(r.messages.map(wall)).toEqual([w(2022, 3, 23, 13, 31), w(2022, 3, 18, 15, 10), w(2022, 3, 18, 15, 13), w(2023, 1, 7, 23, 32), w(2022, 3, 27, 13, 44)]);
    expect(r.messages[1]!.attachments).toEqual([{ name: '<Без медиафайлов>', status: 'omitted' }]);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatchObject({ media: 'voice', caller: 'Dmitry S' });
    expect(r.facts.encoding).toEqual({ encoding: 'utf-8', bom: true, linesStartingWithBom: 0 });
    // The BOM is not part of the first line's offset-0 text but the offset counts it.
    expect(r.messages[0]!.prov).toEqual({ line: 1, lineEnd: 1, offset: 3 });
  });
});

describe('Android, dashed dates without comma, Dutch (android-dash-no-comma-nl.txt)', async () => {
  const r = await run(fixture('android-dash-no-comma-nl.txt'));
  it('reads dates, attachments, missed call, deletion and caption', () => {
    expect(r.messages.map((x) => x.kind)).toEqual(['text', 'contact', 'call', 'deleted', 'media']);
    expect(wall(r.messages[0]!)).toEqual(w(2022, 3, 18, 14, 56));
    expect(r.messages[0]!.time.raw).toBe('18-03-2022 14:56');
    expect(r.messages[1]!.attachments).toEqual([{ name: 'Alex.vcf', status: 'referenced' }]);
    expect(r.messages[1]!.body).toBe(`${LRM}Alex.vcf (bestand bijgevoegd)`);
    expect(r.messages[4]).toMatchObject({ body: '<Media weggelaten>\nCaption', prov: { line: 5, lineEnd: 6 } });
    expect(r.calls).toHaveLength(1);
  });
});

describe('Android, Spanish a. m. / p. m. with NBSP (android-es-ampm-nbsp.txt)', async () => {
  const r = await run(fixture('android-es-ampm-nbsp.txt'));
  it('reads the spaced markers', () => {
    expect(r.messages.map(wall)).toEqual([w(2018, 6, 13, 13, 55), w(2018, 6, 13, 9, 5), w(2018, 6, 14, 0, 10)]);
    expect(r.messages[1]).toMatchObject({ sender: 'Ana', body: 'espacio duro dentro' });
    expect(r.messages[1]!.time.raw).toBe(`13/06/2018, 9:05 a.${NBSP}m.`);
  });
});

describe('Android, flexible day periods (android-day-periods.txt)', async () => {
  const r = await run(fixture('android-day-periods.txt'));
  it('turns `in the morning` … `at night` into 24 h and keeps the author clean', () => {
    expect(r.messages.map(wall)).toEqual([w(2021, 1, 3, 9, 15), w(2021, 1, 3, 14, 30), w(2021, 1, 3, 19, 45), w(2021, 1, 3, 23, 30), w(2021, 1, 4, 2, 10), w(2021, 1, 13, 12, 0)]);
    expect(r.messages.map((x) => x.sender)).toEqual(['Wolfgang', 'Jane', 'Jane', 'Wolfgang', 'Wolfgang', 'Jane']);
    expect(r.messages[0]!.time).toMatchObject({ raw: '03/01/2021, 9:15 in the morning', flags: ['day-period'] });
    expect(r.facts.dateOrder).toEqual({ order: 'dmy', source: 'inferred', evidenceLine: 6 });
  });
});

describe('Android, year-first dates (android-ymd-ampm.txt)', async () => {
  const r = await run(fixture('android-ymd-ampm.txt'));
  it('needs no day/month order', () => {
    expect(r.messages.map(wall)).toEqual([w(2019, 8, 6, 7, 3), w(2019, 8, 6, 19, 3), w(2019, 1, 1, 11, 25)]);
    expect(r.facts.dateOrder).toEqual({ order: 'ymd', source: 'year-first' });
  });
});

describe('Android 2013 and year-less forms (android-2013-and-no-year.txt)', async () => {
  const r = await run(fixture('android-2013-and-no-year.txt'));
  it('reads `HH:MM, D Mon YYYY` and keeps year-less dates raw, flagged', () => {
    expect(r.messages.map((x) => x.kind)).toEqual(['text', 'system', 'system', 'text']);
    expect(wall(r.messages[0]!)).toEqual(w(2013, 8, 28, 19, 23));
    expect(r.messages[0]).toMatchObject({ sender: 'Tanay Gahlot', body: 'hello 2013' });
    expect(wall(r.messages[1]!)).toEqual(w(2013, 9, 3, 20, 1));
    expect(r.messages[2]!.time).toEqual({ kind: 'none', raw: '18 Mar 12:14', flags: ['no-year'] });
    expect(r.messages[3]).toMatchObject({ sender: 'Sadie', body: 'hi without a year', flags: expect.arrayContaining(['no-year', 'layout-differs']) });
    expect(r.facts.undatedMessages).toBe(2);
    expect(r.facts.dateOrder).toEqual({ order: 'ymd', source: 'not-needed' });
  });
});

describe('iOS, month-first, 12 h with NNBSP, CRLF (ios-mdy-12h-nnbsp-crlf.txt)', async () => {
  const r = await run(fixture('ios-mdy-12h-nnbsp-crlf.txt'));
  const m = r.messages;
  it('reads every line and time', () => {
    expect(r.accounting).toMatchObject({ seen: 13, parsed: 13, rejected: 0, skipped: 0 });
    expect(m.map((x) => x.prov.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 12, 13]);
    expect(m.map(wall)).toEqual([
      w(2022, 3, 18, 14, 56, 1),
      w(2022, 3, 27, 21, 41, 35),
      w(2022, 3, 27, 21, 41, 55),
      w(2022, 3, 27, 21, 43, 56),
      w(2022, 3, 27, 21, 50, 25),
      w(2022, 3, 27, 21, 50, 54),
      w(2022, 3, 27, 21, 54, 45),
      w(2022, 3, 27, 22, 2, 0),
      w(2022, 4, 28, 0, 17, 30),
      w(2022, 4, 28, 0, 18, 0),
    ]);
    expect(m[1]!.time.raw).toBe(`3/27/22, 9:41:35${NNBSP}PM`);
  });
  it('detects the E2E and security-code notices written under an author', () => {
    expect(m[0]).toMatchObject({ kind: 'system', flags: expect.arrayContaining(['system-under-author']) });
    expect(m[0]!.sender).toBeUndefined();
    expect(m[8]).toMatchObject({ kind: 'system', body: `${LRM}${LRM}Your security code with Elon changed. ${LRM}Tap to learn more.` });
  });
  it('reads attachments, placeholders, documents, deletions, missed calls; strips CR only', () => {
    expect(m[2]).toMatchObject({ kind: 'media', body: `${LRM}<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>`, attachments: [{ name: '00000035-PHOTO-2022-03-27-21-41-55.jpg', status: 'referenced' }] });
    expect(m[2]!.raw).toBe(`${LRM}[3/27/22, 9:41:55${NNBSP}PM] Dmitry S: ${LRM}<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>`);
    expect(m[3]).toMatchObject({ kind: 'media', attachments: [{ name: 'image omitted', status: 'omitted' }] });
    expect(m[4]).toMatchObject({ kind: 'media', attachments: [{ name: 'Resume-Dmitry-Starkov.pdf', status: 'omitted' }] });
    expect(m[5]).toMatchObject({ kind: 'deleted', direction: 'outgoing' });
    expect(m[6]).toMatchObject({ kind: 'deleted', sender: 'Elon Musk' });
    expect(m[7]).toMatchObject({ kind: 'text', body: 'multi\nline\n\nend', prov: { line: 8, lineEnd: 11 } });
    expect(m[9]).toMatchObject({ kind: 'call', sender: 'Elon Musk' });
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatchObject({ media: 'voice', prov: { line: 13 } });
  });
  it('only creates accounts for real senders', () => {
    expect(r.accounts.map((a) => a.display)).toEqual(['Dmitry S', 'Elon Musk']);
    expect(r.chat.chatKind).toBeUndefined();
  });
});

describe('iOS, time before date (ios-time-first-vi.txt)', async () => {
  const r = await run(fixture('ios-time-first-vi.txt'));
  it('reads `[HH:MM:SS, d/m/yy]`', () => {
    expect(r.messages.map(wall)).toEqual([w(2022, 3, 18, 14, 56, 1), w(2022, 3, 27, 21, 41, 35), w(2022, 3, 27, 21, 41, 55)]);
    expect(r.messages[0]!.kind).toBe('system');
    expect(r.messages[2]).toMatchObject({ kind: 'media', attachments: [{ name: 'đã bỏ qua hình ảnh', status: 'omitted' }] });
    expect(r.facts.layout).toBe('ios-time-first');
    expect(r.messages[1]!.time.raw).toBe('21:41:35, 27/3/22');
  });
});

describe('iOS, dotted time (ios-dotted-time-id.txt)', async () => {
  const r = await run(fixture('ios-dotted-time-id.txt'));
  it('reads `[dd/mm/yy HH.MM.SS]`', () => {
    expect(r.messages.map(wall)).toEqual([w(2021, 1, 26, 21, 5, 53), w(2021, 1, 26, 21, 6, 10)]);
    expect(r.messages[1]!.kind).toBe('media');
  });
});

describe('old iOS without brackets (ios-legacy-2016.txt)', async () => {
  const r = await run(fixture('ios-legacy-2016.txt'));
  it('reads `date, time: author: text` and its system lines', () => {
    expect(r.messages.map(wall)).toEqual([w(2016, 7, 1, 17, 8, 8), w(2016, 7, 1, 17, 13, 36), w(2016, 7, 13, 16, 31, 58)]);
    expect(r.messages[0]).toMatchObject({ kind: 'system', body: `${LRM}Sophia H. added you` });
    expect(r.messages[0]!.sender).toBeUndefined();
    expect(r.messages[1]).toMatchObject({ sender: 'Sophia H.', body: 'So hier' });
    const phone = `\u202a+55${NBSP}61${NBSP}8589\u20117117\u202c`;
    expect(r.messages[2]).toMatchObject({ sender: phone, body: '🙏🏼' });
    expect(r.accounts[1]!.identifiers).toEqual([{ kind: 'phone', value: phone }]);
    expect(r.facts.layout).toBe('ios-legacy');
    expect(r.facts.clock).toBe('mixed');
  });
});

describe('iOS, Arabic-Indic digits with RLM and Arabic comma (ios-arabic-digits-rlm.txt)', async () => {
  const r = await run(fixture('ios-arabic-digits-rlm.txt'));
  it('reads digits, ص/م markers and the phone-number author', () => {
    expect(r.messages.map(wall)).toEqual([w(2022, 3, 18, 14, 56, 0), w(2022, 3, 27, 9, 41, 35), w(2022, 3, 27, 22, 41, 55)]);
    expect(r.messages[0]!.kind).toBe('system');
    expect(r.messages[0]!.time.raw).toBe(`١٨\u200f/٣\u200f/٢٠٢٢، ٢:٥٦:٠٠${NBSP}م`);
    expect(r.messages[2]).toMatchObject({ kind: 'media', sender: 'Dmitry S' });
    expect(r.facts.dateOrder).toEqual({ order: 'dmy', source: 'inferred', evidenceLine: 1 });
  });
});

describe('calendars', () => {
  it('converts Buddhist Era years written with BE', async () => {
    const r = await run(fixture('ios-buddhist-era.txt'));
    expect(r.messages.map(wall)).toEqual([w(2022, 3, 27, 21, 41, 35), w(2023, 1, 12, 2, 5, 44)]);
    expect(r.messages[0]!.time).toMatchObject({ raw: '3/27/2565 BE, 21:41:35', flags: ['buddhist-era'] });
    expect(r.facts.calendar).toBe('buddhist-era');
  });
  it('converts a bare Buddhist year above 2400 (Thai phone)', async () => {
    const r = await run(fixture('ios-thai-bare-buddhist-year.txt'));
    expect(r.messages.map(wall)).toEqual([w(2022, 3, 27, 21, 41, 35)]);
    expect(r.messages[0]).toMatchObject({ sender: 'สมชาย', flags: ['buddhist-era'] });
  });
  it('converts Japanese era years (Reiwa, Heisei, Showa)', async () => {
    const r = await run(fixture('ios-japanese-era.txt'));
    expect(r.messages.map(wall)).toEqual([w(2022, 3, 27, 21, 41, 35), w(2019, 4, 30, 10, 0, 0), w(1989, 1, 7, 8, 0, 0)]);
    expect(r.messages[0]!.time).toMatchObject({ raw: '3/27/R4, 21:41:35', flags: ['japanese-era'] });
    expect(r.facts.calendar).toBe('japanese-era');
  });
});

describe('Finnish `klo` and Czech separator-less headers', () => {
  it('reads `13.6.2018 klo 21.25.15 - a: m`', async () => {
    const r = await run(fixture('android-finnish-klo.txt'));
    expect(r.messages.map(wall)).toEqual([w(2018, 6, 13, 21, 25, 15), w(2018, 6, 14, 9, 5, 0)]);
    expect(r.messages.map((x) => [x.sender, x.body])).toEqual([['Aino', 'moi'], ['Eero', 'huomenta']]);
  });
  it('reads `13. 6. 2018. 21:25:15 a: m` with a weak-layout sniff confidence', async () => {
    const r = await run(fixture('czech-no-separator.txt'));
    expect(r.messages.map(wall)).toEqual([w(2018, 6, 13, 21, 25, 15), w(2018, 6, 13, 21, 26, 0)]);
    expect(r.messages.map((x) => [x.sender, x.body])).toEqual([['Jana', 'ahoj'], ['Petr Novák', 'jak se máš: dobře']]);
    expect(r.facts.layout).toBe('no-separator');
    expect(r.sniff.confidence).toBeLessThanOrEqual(0.5);
  });
});

describe('BOM on every line, CRLF (android-bom-every-line-de.txt)', async () => {
  const r = await run(fixture('android-bom-every-line-de.txt'));
  it('finds headers behind the BOM and keeps the BOM in stored text', () => {
    expect(r.messages).toHaveLength(2);
    expect(r.messages[0]).toMatchObject({ sender: 'Anna', body: "Hallo\n\ufeffwie geht's", prov: { line: 1, lineEnd: 2, offset: 3 } });
    expect(r.messages[1]).toMatchObject({ sender: 'Ben', kind: 'media', raw: '\ufeff14.06.18, 08:00 - Ben: <Medien ausgeschlossen>' });
    expect(r.messages.map(wall)).toEqual([w(2018, 6, 13, 21, 25), w(2018, 6, 14, 8, 0)]);
    expect(r.facts.encoding).toEqual({ encoding: 'utf-8', bom: true, linesStartingWithBom: 2 });
  });
});

describe('text before the first message (text-before-first-message.txt)', async () => {
  const r = await run(fixture('text-before-first-message.txt'));
  it('skips blank lines and rejects text, keeping it raw with its line', () => {
    expect(r.accounting).toMatchObject({ seen: 4, parsed: 1, skipped: 2, rejected: 1, reasons: { 'blank-before-first-message': 2, 'text-before-first-message': 1 } });
    expect(r.skips).toEqual([
      { type: 'skip', outcome: 'rejected', count: 1, reason: 'text-before-first-message', prov: { line: 3, lineEnd: 3, offset: 5 }, raw: "Exported by the suspect's phone" },
      { type: 'skip', outcome: 'skipped', count: 2, reason: 'blank-before-first-message', prov: { line: 1, lineEnd: 2, offset: 0 } },
    ]);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]!.prov.line).toBe(4);
  });
});

describe('a header-looking line inside a message (documented limit)', async () => {
  const r = await run(fixture('header-inside-message.txt'));
  it('starts a new message, as the importer states in its limits', () => {
    expect(r.messages.map((x) => [x.sender, x.body])).toEqual([
      ['Ann', 'look what he sent me:'],
      ['Bob', 'send the money'],
      ['Ann', 'see?'],
    ]);
    expect(r.importer.limits.join(' ')).toMatch(/looks exactly like a message header/);
  });
});

describe('rare header layouts inside a message of a common layout (weak-header-inside-message.txt)', async () => {
  const r = await run(fixture('weak-header-inside-message.txt'));
  it('keeps separator-less and year-less look-alikes in the message, flagged', () => {
    expect(r.messages.map((x) => [x.sender, x.body, x.flags])).toEqual([
      ['Ann', 'he wrote on the note:\n13. 1. 2021. 09:00:00 Bob: pay now\n18 Mar 12:14 - and this', ['header-like-line']],
      ['Ann', 'see?', undefined],
    ]);
    expect(r.accounting).toMatchObject({ seen: 4, parsed: 4 });
  });
});
