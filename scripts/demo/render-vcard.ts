// vCard exports: Android's 2.1 (bare types, QUOTED-PRINTABLE names) and the iPhone's 3.0 (TYPE=, grouped items).
import type { At } from './corpus';
import { TextDoc, type RenderCtx } from './doc';
import type { PhoneForm } from './phones';
import { formAllowed } from './phones';
import { flatJpeg } from './media';
import { renderIdent, renderMarkers } from './text';
import type { Ident } from './world';

export interface CardField {
  /** Identifier key (`P01.kh`). */
  id: string;
  /** 2.1: `CELL`, `WORK`, `HOME`; 3.0: `CELL`, `iPhone`, `WORK` or an X-ABLabel text for grouped items. */
  label: string;
  form?: string;
  /** 3.0 only: write as `itemN.TEL` + `itemN.X-ABLabel`. */
  grouped?: boolean;
}

export interface Card {
  person: string;
  /** Display name (FN), exactly as saved — may be in any script, or hostile. */
  fn: string;
  /** Structured name parts (family, given). */
  n: [string, string];
  fields: CardField[];
  /** Free-text note; may contain identifier markers (recorded as content, not as card fields). */
  note?: string;
  org?: string;
  photo?: boolean;
}

/** Quoted-printable with soft line breaks every 75 characters, as Android writes vCard 2.1 values. */
export function qpEncode(value: string, keepSemicolons = false): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const tokens: string[] = [];
  // Spaces are encoded too (=20), as Android does; `;` stays literal where it separates structured parts (N).
  for (const b of bytes) tokens.push(b >= 0x21 && b <= 0x7e && b !== 0x3d && (b !== 0x3b || keepSemicolons) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
  const lines: string[] = [];
  let cur = '';
  for (const t of tokens) {
    if (cur.length + t.length > 74) {
      lines.push(`${cur}=`);
      cur = '';
    }
    cur += t;
  }
  lines.push(cur);
  return lines;
}

function needsQp(s: string): boolean {
  return /[^\x20-\x7e]/.test(s);
}

function phoneForm(ctx: RenderCtx, id: Ident, wanted: string | undefined): string {
  if (wanted) return wanted;
  if (id.kind !== 'phone') return id.kind === 'email' ? 'as-is' : 'bare';
  return formAllowed(id.value, 'national' as PhoneForm, ctx.device.region) ? 'national' : 'intl';
}

/** Escapes a vCard 3.0 text value (`,` `;` `\` and newlines). */
function esc3(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/,/g, '\\,').replace(/;/g, '\\;');
}

/** Contact photo: importers skip it but hash it. */
const PHOTO_B64 = flatJpeg(112, 'contact photo').toString('base64');

export function renderVcards(ctx: RenderCtx, file: string, version: '2.1' | '3.0', cards: Card[]): { text: string; counts: Record<string, number> } {
  const { world, corpus, device } = ctx;
  const doc = new TextDoc();
  for (const card of cards) {
    const begin = doc.add('BEGIN:VCARD');
    doc.add(`VERSION:${version}`);
    if (version === '3.0') doc.add('PRODID:-//Apple Inc.//iPhone OS 17.4.1//EN');
    const [family, given] = card.n;
    if (version === '2.1') {
      if (needsQp(card.fn) || needsQp(family + given)) {
        const n = qpEncode(`${family};${given};;;`, true);
        doc.add(`N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${n[0]}`);
        for (const l of n.slice(1)) doc.add(l);
        const fn = qpEncode(card.fn);
        doc.add(`FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${fn[0]}`);
        for (const l of fn.slice(1)) doc.add(l);
      } else {
        doc.add(`N:${family};${given};;;`);
        doc.add(`FN:${card.fn}`);
      }
    } else {
      doc.add(`N:${esc3(family)};${esc3(given)};;;`);
      doc.add(`FN:${esc3(card.fn)}`);
    }
    const nameLine = doc.lines.length;
    if (card.org) doc.add(version === '2.1' ? `ORG:${card.org}` : `ORG:${esc3(card.org)};`);
    const ids: Ident[] = [];
    let item = 1;
    for (const f of card.fields) {
      const id = world.ident(f.id);
      const form = phoneForm(ctx, id, f.form);
      const raw = renderIdent(id, form);
      let line: number;
      if (id.kind === 'phone') {
        if (version === '2.1') line = doc.add(`TEL;${f.label}${ids.length === 0 ? ';PREF' : ''}:${raw}`);
        else if (f.grouped) {
          line = doc.add(`item${item}.TEL:${raw}`);
          doc.add(`item${item}.X-ABLabel:${f.label}`);
          item++;
        } else line = doc.add(`TEL;type=${f.label};type=VOICE${ids.length === 0 ? ';type=pref' : ''}:${raw}`);
      } else if (id.kind === 'email') {
        line = doc.add(version === '2.1' ? `EMAIL;${f.label}:${raw}` : `EMAIL;type=INTERNET;type=${f.label}:${raw}`);
      } else if (id.kind === 'username' && version === '3.0') {
        const service = id.platform === 'telegram' ? 'Telegram' : 'LINE';
        line = doc.add(`IMPP;X-SERVICE-TYPE=${service};type=pref:x-apple:${raw}`);
      } else throw new Error(`vCard ${version} cannot hold ${id.kind} (${f.id})`);
      corpus.occur(file, { line }, id, raw, form, 'used-by', 'contact-card');
      ids.push(id);
    }
    if (card.note) {
      const r = renderMarkers(world, card.note, { region: device.region, phoneForms: ['intl'], rng: ctx.rng });
      let line: number;
      if (version === '2.1' && needsQp(r.text)) {
        const q = qpEncode(r.text);
        line = doc.add(`NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${q[0]}`);
        for (const l of q.slice(1)) doc.add(l);
      } else line = doc.add(`NOTE:${version === '3.0' ? esc3(r.text) : r.text}`);
      // A note is free text: what it states is content, paired with the card's first identifier.
      const first = ids[0];
      for (const s of r.spans) corpus.occur(file, { line }, s.ident, s.raw, s.form, 'mentioned', 'contact-note');
      const same = r.spans.filter((s) => s.ident.person === card.person).map((s) => s.ident);
      if (first && same.length) corpus.content(file, { line }, 'contact-note', [first, ...same], card.person);
      const others = new Map<string, Ident[]>();
      for (const s of r.spans.filter((x) => x.ident.person !== card.person)) others.set(s.ident.person, [...(others.get(s.ident.person) ?? []), s.ident]);
      for (const [person, list] of others) corpus.content(file, { line }, 'contact-note', list, person);
    }
    if (card.photo) {
      doc.add(version === '2.1' ? 'PHOTO;ENCODING=BASE64;JPEG:' + PHOTO_B64.slice(0, 60) : `PHOTO;ENCODING=b;TYPE=JPEG:${PHOTO_B64.slice(0, 60)}`);
      for (let i = 60; i < PHOTO_B64.length; i += 74) doc.add(` ${PHOTO_B64.slice(i, i + 74)}`);
      if (version === '2.1') doc.add('');
    }
    if (version === '2.1') doc.add('CATEGORIES:My Contacts');
    const end = doc.add('END:VCARD');
    const at: At = { line: begin, lineEnd: end };
    corpus.name(file, { line: nameLine }, card.fn, card.person, 'contact-card');
    corpus.structured(file, at, 'contact-card', ids);
  }
  return { text: doc.toString('\r\n'), counts: { contacts: cards.length } };
}
