// Identifier markers in message templates (`{P02.mm}`) turned into the surface forms a given file writes.
import type { At, Corpus } from './corpus';
import { formAllowed, renderPhone, type PhoneForm } from './phones';
import type { Rng } from './prng';
import type { Ident, World } from './world';

/** How a file writes identifiers inside free text. */
export interface TextStyle {
  /** The file's declared phone region: national forms only for numbers of that country. */
  region: string;
  phoneForms: readonly PhoneForm[];
  rng: Rng;
}

export interface Span {
  ident: Ident;
  raw: string;
  form: string;
  start: number;
  end: number;
}

const MARKER = /\{([PX]\d\d?)\.([a-z0-9]+)(?::([a-z0-9-]+))?\}/g;

/** Every form an identifier can take, per kind (phones come from phones.ts). */
export function identForms(id: Ident): string[] {
  switch (id.kind) {
    case 'phone':
      return ['e164', 'intl', 'intl-dash', 'intl-paren0', 'national', 'national-dash', 'national-compact', 'digits-cc', 'idd00', 'wrapped'];
    case 'email':
      return ['as-is', 'capitalised'];
    case 'username':
      return id.platform === 'telegram' ? ['at', 'bare', 'url', 'at-mixed-case'] : ['bare', 'at', 'url'];
    case 'user-id':
      return ['bare', 'from-id'];
    case 'wallet':
      return id.chain === 'ethereum' ? ['eip55', 'lower'] : ['as-is'];
    case 'iban':
      return ['grouped', 'compact'];
    case 'account':
      return ['bank-layout', 'digits'];
  }
}

export function renderIdent(id: Ident, form: string): string {
  switch (id.kind) {
    case 'phone':
      return renderPhone(id.value, form as PhoneForm);
    case 'email':
      if (form === 'capitalised') {
        const [local, domain] = id.value.split('@') as [string, string];
        const cap = (s: string) => s.replace(/(^|[._])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
        return `${cap(local)}@${cap(domain)}`;
      }
      return id.value;
    case 'username': {
      const h = id.canonical;
      if (form === 'at') return `@${h}`;
      if (form === 'at-mixed-case') return `@${h.replace(/(^|_)([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase())}`;
      if (form === 'url') return id.platform === 'telegram' ? `t.me/${h}` : `line.me/ti/p/~${h}`;
      return h;
    }
    case 'user-id':
      return form === 'from-id' ? `user${id.canonical}` : id.canonical;
    case 'wallet':
      return id.chain === 'ethereum' && form === 'lower' ? id.value : id.canonical;
    case 'iban':
      return form === 'grouped' ? id.value.replace(/(.{4})/g, '$1 ').trim() : id.value;
    case 'account':
      return form === 'digits' ? id.value.split(':')[1]! : id.canonical;
  }
}

/** The default form for free text: phones from the file's pool (national only where valid), others mostly canonical. */
export function pickForm(id: Ident, style: TextStyle): string {
  switch (id.kind) {
    case 'phone': {
      const ok = style.phoneForms.filter((f) => formAllowed(id.value, f, style.region));
      return ok.length ? style.rng.pick(ok) : 'intl';
    }
    case 'email':
      return style.rng.chance(0.2) ? 'capitalised' : 'as-is';
    case 'username':
      return id.platform === 'telegram' ? style.rng.pick(['at', 'at', 'url']) : style.rng.pick(['bare', 'bare', 'at']);
    case 'user-id':
      return 'bare';
    case 'wallet':
      return id.chain === 'ethereum' ? (style.rng.chance(0.3) ? 'lower' : 'eip55') : 'as-is';
    case 'iban':
      return style.rng.chance(0.5) ? 'grouped' : 'compact';
    case 'account':
      return 'bank-layout';
  }
}

/** Replaces markers with surface forms; returns the text and where each identifier sits in it. */
export function renderMarkers(world: World, template: string, style: TextStyle): { text: string; spans: Span[] } {
  const spans: Span[] = [];
  let out = '';
  let last = 0;
  for (const m of template.matchAll(MARKER)) {
    out += template.slice(last, m.index);
    const id = world.ident(`${m[1]}.${m[2]}`);
    if (m[3] && id.kind === 'phone' && !formAllowed(id.value, m[3] as PhoneForm, style.region)) {
      throw new Error(`form ${m[3]} of ${id.key} would misread in region ${style.region}`);
    }
    const form = m[3] ?? pickForm(id, style);
    const raw = renderIdent(id, form);
    spans.push({ ident: id, raw, form, start: out.length, end: out.length + raw.length });
    out += raw;
    last = m.index + m[0].length;
  }
  out += template.slice(last);
  return { text: out, spans };
}

/**
 * Records what a message states: each identifier as `mentioned`, and content co-occurrences — what the sender says
 * about themself (paired with the identifier the sender is known by in this record, if any) and what they say about
 * each other person.
 */
export function recordStatement(corpus: Corpus, file: string, at: At, speaker: string | null, speakerKnownBy: Ident | undefined, spans: Span[]): void {
  for (const s of spans) corpus.occur(file, at, s.ident, s.raw, s.form, 'mentioned', 'message-text');
  const byPerson = new Map<string, Ident[]>();
  for (const s of spans) {
    const list = byPerson.get(s.ident.person) ?? [];
    list.push(s.ident);
    byPerson.set(s.ident.person, list);
  }
  for (const [person, ids] of byPerson) {
    if (person === speaker) {
      const all = speakerKnownBy && speakerKnownBy.person === speaker ? [speakerKnownBy, ...ids] : ids;
      corpus.content(file, at, speakerKnownBy ? 'stated-by-sender' : 'stated-together', all, speaker ?? person);
    } else corpus.content(file, at, 'stated-about-other', ids, speaker ?? person);
  }
}
