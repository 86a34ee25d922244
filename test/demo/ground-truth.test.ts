import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xmlEscape } from '../../scripts/demo/render-sms';
import { normaliseIdentifier } from '../../scripts/demo/reference-normalise';
import type { Occurrence } from '../../scripts/demo/corpus';
import { lines, useGeneratedDemo, type GroundTruth } from './generated';

const demo = useGeneratedDemo();

/** `$.chats.list[0].messages[5].text` → the value at that path. */
function jsonAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const m of path.slice(1).matchAll(/\.([A-Za-z_]+)|\[(\d+)\]/g)) {
    cur = m[1] !== undefined ? (cur as Record<string, unknown>)[m[1]] : (cur as unknown[])[Number(m[2])];
    if (cur === undefined) throw new Error(`no value at ${path}`);
  }
  return cur;
}

function flatText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((p) => (typeof p === 'string' ? p : (p as { text: string }).text)).join('');
  throw new Error(`not text: ${JSON.stringify(v)}`);
}

/** Union-find over values, written here again so the test does not trust the generator's own count. */
function recall(truth: GroundTruth, groups: { values: string[] }[]): { same: number; joined: number; wrong: number } {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x);
    if (p === undefined || p === x) return x;
    const r = find(p);
    parent.set(x, r);
    return r;
  };
  for (const g of groups) for (const v of g.values) parent.set(find(v), find(g.values[0]!));
  const owner = new Map(truth.persons.flatMap((p) => p.identifiers.map((i) => [i.value, p.id] as const)));
  const values = [...owner.keys()];
  let same = 0;
  let joined = 0;
  let wrong = 0;
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const s = owner.get(values[i]!) === owner.get(values[j]!);
      const k = find(values[i]!) === find(values[j]!);
      if (s) same++;
      if (s && k) joined++;
      if (!s && k) wrong++;
    }
  }
  return { same, joined, wrong };
}

describe('ground-truth.json against the files', () => {
  it('every occurrence is written at the place it names, exactly as recorded', async () => {
    const d = demo();
    const truth = d.truth;
    const byFile = new Map<string, Occurrence[]>();
    for (const o of truth.occurrences) byFile.set(o.file, [...(byFile.get(o.file) ?? []), o]);
    expect(byFile.size).toBe(13);
    for (const [file, occ] of byFile) {
      if (file.endsWith('.json')) {
        const root = JSON.parse(d.text(file)) as unknown;
        for (const o of occ) {
          const v = flatText(jsonAt(root, o.at.path!));
          if (/\.(user_id|from_id|actor_id|phone_number|username)$/.test(o.at.path!)) expect(v, o.at.path).toBe(o.raw);
          else expect(v, o.at.path).toContain(o.raw);
        }
      } else if (file.endsWith('.xlsx')) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(d.bytes(file) as unknown as ArrayBuffer);
        for (const o of occ) {
          const m = /^'(.+)'!([A-Z]+\d+)$/.exec(o.at.path!)!;
          expect(String(wb.getWorksheet(m[1]!)!.getCell(m[2]!).value), o.at.path).toBe(o.raw);
        }
      } else {
        const zip = file.endsWith('.zip');
        const text = d.text(file, zip ? '_chat.txt' : undefined);
        const all = lines(text.replace(/^\uFEFF/, ''), text.includes('\r\n') ? '\r\n' : '\n');
        for (const o of occ) {
          if (zip) expect(o.at.member).toBe('_chat.txt');
          const span = all.slice(o.at.line! - 1, o.at.lineEnd ?? o.at.line!).join('\n');
          // An address is a whole attribute; an identifier stated in a message sits inside the body attribute.
          if (file.endsWith('.xml')) expect(span, `${file}:${o.at.line}`).toContain(o.use === 'used-by' ? `="${xmlEscape(o.raw)}"` : xmlEscape(o.raw));
          else if (file.endsWith('.csv')) expect(span.split(';'), `${file}:${o.at.line}`).toContain(o.raw);
          else expect(span, `${file}:${o.at.line}`).toContain(o.raw);
        }
      }
    }
  });

  it('every raw form normalises to its value in the file\'s declared region, and the value is its person\'s', () => {
    const d = demo();
    const truth = d.truth;
    const region = new Map(d.manifest.files.map((f) => [f.path, f.region]));
    const own = new Map(truth.persons.flatMap((p) => p.identifiers.map((i) => [i.value, p.id] as const)));
    expect(truth.occurrences.length).toBeGreaterThan(500);
    for (const o of truth.occurrences) {
      expect(normaliseIdentifier(o.kind, o.raw, region.get(o.file)!, o.form, o.platform), `${o.file} ${o.raw}`).toBe(o.value);
      expect(own.get(o.value)).toBe(o.person);
    }
    // The forms the brief names, each really present.
    const phones = truth.occurrences.filter((o) => o.kind === 'phone');
    expect(phones.some((o) => /^\u202A\+\d+(\u00A0\d+)+\u202C$/.test(o.raw))).toBe(true);
    expect(phones.some((o) => /^00[1-9]\d{8,}$/.test(o.raw))).toBe(true);
    expect(phones.some((o) => /^0\d{1,2}-\d{3}-\d{4}$/.test(o.raw) && region.get(o.file) === 'TH')).toBe(true);
    expect(phones.some((o) => o.form === 'digits-cc' && /^[1-9]\d{9,13}$/.test(o.raw))).toBe(true);
    expect(phones.some((o) => /^\+\d{1,3} \d/.test(o.raw))).toBe(true);
    expect(new Set(phones.map((o) => o.form)).size).toBeGreaterThanOrEqual(9);
  });

  it('each person\'s identifiers are unique to them, and phones appear in different surface forms across files', () => {
    const truth = demo().truth;
    const values = truth.persons.flatMap((p) => p.identifiers.map((i) => i.value));
    expect(new Set(values).size).toBe(values.length);
    expect(values.length).toBe(truth.expected.identifiers);
    expect(truth.persons.length).toBeGreaterThanOrEqual(34);
    const seen = new Set(truth.occurrences.map((o) => o.value));
    for (const v of values) expect(seen.has(v), v).toBe(true);
    let multiForm = 0;
    for (const v of new Set(truth.occurrences.filter((o) => o.kind === 'phone').map((o) => o.value))) {
      const occ = truth.occurrences.filter((o) => o.value === v);
      if (new Set(occ.map((o) => o.raw)).size >= 2 && new Set(occ.map((o) => o.file)).size >= 2) multiForm++;
    }
    expect(multiForm).toBeGreaterThanOrEqual(12);
    const countries = new Set(truth.persons.map((p) => p.identifiers.find((i) => i.kind === 'phone')?.value.slice(0, 4)).filter(Boolean));
    for (const cc of ['+66', '+855', '+95', '+856', '+63', '+1', '+86']) expect([...countries].some((c) => c!.startsWith(cc)), cc).toBe(true);
  });

  it('decoys share a display name with a suspect, appear in the evidence under it, and share no identifier', () => {
    const truth = demo().truth;
    const decoys = truth.persons.filter((p) => p.decoyOf);
    expect(decoys).toHaveLength(4);
    for (const d of decoys) {
      const twin = truth.persons.find((p) => p.id === d.decoyOf)!;
      expect(d.name).toBe(twin.name);
      const mine = new Set(d.identifiers.map((i) => i.value));
      expect(twin.identifiers.some((i) => mine.has(i.value))).toBe(false);
      expect(truth.names.some((n) => n.person === d.id && n.name === d.name), d.id).toBe(true);
    }
  });

  it('co-occurrence groups are consistent: one person each, values written in that file, recall bound as stated', () => {
    const truth = demo().truth;
    const own = new Map(truth.persons.flatMap((p) => p.identifiers.map((i) => [i.value, p.id] as const)));
    const inFile = new Set(truth.occurrences.map((o) => `${o.file}\u0000${o.value}`));
    for (const g of [...truth.links.structured, ...truth.links.content]) {
      expect(g.values.length).toBeGreaterThanOrEqual(2);
      for (const v of g.values) {
        expect(own.get(v), `${g.id} ${v}`).toBe(g.person);
        // A value paired with the device owner may come from the import's --owner rather than the file itself.
        if (g.type === 'structured') expect(inFile.has(`${g.file}\u0000${v}`), `${g.id} ${v}`).toBe(true);
      }
    }
    expect(new Set(truth.links.structured.map((g) => g.basis))).toEqual(new Set(['personal-information', 'telegram-contact', 'contact-card', 'ledger-row', 'agent-row', 'transfer-row']));
    expect(truth.links.content.every((g) => typeof g.speaker === 'string')).toBe(true);

    const s = recall(truth, truth.links.structured);
    const all = recall(truth, [...truth.links.structured, ...truth.links.content]);
    expect(s.wrong).toBe(0);
    expect(all.wrong).toBe(0);
    expect(s.same).toBe(truth.expected.truePairs);
    expect(s.joined).toBe(truth.expected.structuredOnly.reachablePairs);
    expect(all.joined).toBe(s.same);
    expect(truth.expected.withContent.recall).toBe(1);
    // Some links can only come from what people say: the structured bound is real but incomplete.
    expect(s.joined / s.same).toBeGreaterThan(0.3);
    expect(s.joined / s.same).toBeLessThan(0.8);
  });

  it('content statements include the handler\'s new number, stated with his old one', () => {
    const truth = demo().truth;
    const zhao = truth.persons.find((p) => p.id === 'P02')!;
    const kh = zhao.identifiers.find((i) => i.key === 'P02.kh')!.value;
    const mm = zhao.identifiers.find((i) => i.key === 'P02.mm')!.value;
    const stated = truth.links.content.filter((g) => g.values.includes(kh) && g.values.includes(mm));
    expect(stated.length).toBeGreaterThanOrEqual(1);
    expect(stated[0]!.file).toBe('D1-handler-phone/WhatsApp Chat with 陈总 Boss.txt');
    // No structured record ever puts the two SIMs together.
    expect(truth.links.structured.some((g) => g.values.includes(kh) && g.values.includes(mm))).toBe(false);
  });
});

describe('MANIFEST.json', () => {
  it('lists every evidence file with import options that name a real zone, region and the device owner', () => {
    const d = demo();
    const m = d.manifest;
    const listing = d.listing().filter((f) => !['MANIFEST.json', 'ground-truth.json', 'README.md'].includes(f));
    expect(m.files.map((f) => f.path).sort()).toEqual(listing);
    expect(new Set(m.files.map((f) => f.format))).toEqual(new Set(['whatsapp', 'telegram', 'line', 'sms-backup', 'vcard', 'xlsx', 'csv']));
    const devices = new Map(d.truth.devices.map((x) => [x.id, x]));
    for (const f of m.files) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: f.import.tz })).not.toThrow();
      expect(f.import.tz).toBe(devices.get(f.device)!.zone);
      expect(f.import.region).toBe(devices.get(f.device)!.region);
      expect(normaliseIdentifier('phone', f.import.owner, f.import.region)).toBe(devices.get(f.device)!.ownerIdentifier);
      expect(f.path.startsWith(`${devices.get(f.device)!.folder}/`)).toBe(true);
    }
    expect(m.files.find((f) => f.format === 'csv')!.import.dateOrder).toBe('dmy');
    expect(m.files.filter((f) => f.format === 'whatsapp').map((f) => f.import.dateOrder)).toEqual(['dmy', 'dmy', 'mdy', 'mdy']);
    const messages = m.files.reduce((n, f) => n + (f.counts.messages ?? 0) + (f.counts.sms ?? 0) + (f.counts.mms ?? 0), 0);
    expect(messages).toBeGreaterThan(300);
    expect(messages).toBeLessThan(2500);
  });
});
