/**
 * jCard (RFC 7095, the JSON form of vCard 4.0): `["vcard", [[name, params, type, value…], …]]`, or an array of
 * them. jCard files are small (a contact export), so the file is read whole up to a cap and parsed with JSON.parse.
 */
import { ThreadlineError } from '../../errors';
import type { ImportRecord, Provenance } from '../../model/records';
import { hashBase64 } from '../sms-backup/base64-hash';
import { buildCard } from './card';
import type { VProp } from './props';

export const JCARD_CAP = 64 * 1024 * 1024;

const BINARY_PROPS = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);

function asStrings(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  return [typeof v === 'string' ? v : JSON.stringify(v)];
}

function toProp(p: unknown): VProp | undefined {
  if (!Array.isArray(p) || p.length < 4 || typeof p[0] !== 'string' || typeof p[2] !== 'string') return undefined;
  const rawParams: unknown = p[1];
  if (rawParams === null || typeof rawParams !== 'object' || Array.isArray(rawParams)) return undefined;
  const params = new Map<string, string[]>();
  let group: string | undefined;
  // Own keys only; a "__proto__" key from JSON.parse is an own property and stays plain data here.
  for (const k of Object.keys(rawParams)) {
    const v = (rawParams as Record<string, unknown>)[k];
    if (k.toLowerCase() === 'group' && typeof v === 'string') group = v;
    else params.set(k.toUpperCase(), asStrings(v));
  }
  const name = p[0].toUpperCase();
  const values = p.slice(3) as unknown[];
  const prop: VProp = { name, params, value: '', escaped: false, flags: [] };
  if (group !== undefined) prop.group = group;
  if (values.length === 1 && Array.isArray(values[0])) {
    prop.components = (values[0] as unknown[]).map((x) => (Array.isArray(x) ? x.map(String).join(',') : typeof x === 'string' ? x : JSON.stringify(x)));
    prop.value = prop.components.join(';');
  } else {
    prop.value = values.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(',');
  }
  // JSON can carry lone surrogates ("\ud800") that no text encoding can: kept as written, flagged.
  if (!(prop.value as string & { isWellFormed(): boolean }).isWellFormed() || [...params.values()].some((v) => v.some((x) => !(x as string & { isWellFormed(): boolean }).isWellFormed()))) prop.flags.push('lone-surrogate');
  const m = /^data:([^,;]*)((?:;[^,;]*)*);base64,/i.exec(prop.value);
  if (BINARY_PROPS.has(name) && m) {
    prop.binary = { ...hashBase64(prop.value.slice(m[0].length)), ...(m[1] ? { mime: m[1] } : {}) };
  }
  return prop;
}

/** Records for a whole jCard document; throws PARSE_ERROR when it is not JSON. */
export function jcardRecords(text: string, file: string, member: string | undefined): { records: ImportRecord[]; seen: number; parsed: number } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ThreadlineError('PARSE_ERROR', `The jCard file is not valid JSON: ${(e as Error).message}`, { file, hint: 'The file is damaged or truncated; re-export or re-acquire it.' });
  }
  const single = Array.isArray(doc) && doc[0] === 'vcard';
  const cards: unknown[] = single ? [doc] : Array.isArray(doc) ? doc : [doc];
  const records: ImportRecord[] = [];
  let parsed = 0;
  cards.forEach((card, i) => {
    const prov: Provenance = { path: single ? '$' : `$[${i}]` };
    if (member !== undefined) prov.member = member;
    const raw = JSON.stringify(card) ?? String(card);
    if (!Array.isArray(card) || card[0] !== 'vcard' || !Array.isArray(card[1])) {
      records.push({ type: 'skip', outcome: 'rejected', count: 1, reason: 'not a jCard (expected ["vcard", [properties]])', prov, raw });
      return;
    }
    const props: VProp[] = [];
    let bad = 0;
    for (const p of card[1] as unknown[]) {
      const prop = toProp(p);
      if (prop) props.push(prop);
      else bad++;
    }
    const c = buildCard(props);
    if (bad) c.flags.push('bad-jcard-property');
    parsed++;
    records.push({
      type: 'contact',
      ...(c.name !== undefined ? { name: c.name } : {}),
      identifiers: c.identifiers,
      fields: c.fields,
      ...(c.flags.length ? { flags: c.flags } : {}),
      prov,
      raw,
    });
  });
  return { records, seen: cards.length, parsed };
}
