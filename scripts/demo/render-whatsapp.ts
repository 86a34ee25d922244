// WhatsApp "Export chat" text in three real layouts: Android DMY 24 h, Android MDY 12 h, iOS MDY 12 h (zip).
import type { At } from './corpus';
import type { Msg } from './convo';
import { wall } from './convo';
import { TextDoc, type RenderCtx } from './doc';
import { recordStatement, renderIdent, renderMarkers, type TextStyle } from './text';
import type { PhoneForm } from './phones';
import type { Ident } from './world';

export type WaLayout = 'android-dmy-24h' | 'android-mdy-12h' | 'ios-mdy-12h';

/** How a participant appears as an author in this export: a saved contact name, or their number. */
export type Author = { name: string } | { phone: string };

export interface WaChatSpec {
  layout: WaLayout;
  /** Author form per person id. */
  authors: Record<string, Author>;
  /** Chat member file path (for zips: the member name, e.g. `_chat.txt`). */
  member?: string;
  file: string;
  phoneForms: readonly PhoneForm[];
  msgs: Msg[];
}

const E2E_ANDROID = 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.';
const E2E_IOS = '\u200EMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.';
const LRM = '\u200E';
const NNBSP = '\u202F';

function header(layout: WaLayout, ms: number, zone: string): string {
  const d = wall(ms, zone);
  switch (layout) {
    case 'android-dmy-24h':
      return `${d.toFormat('dd/MM/yyyy')}, ${d.toFormat('HH:mm')} -`;
    case 'android-mdy-12h':
      return `${d.toFormat('M/d/yy')}, ${d.toFormat('h:mm')} ${d.toFormat('a')} -`;
    case 'ios-mdy-12h':
      return `[${d.toFormat('M/d/yy')}, ${d.toFormat('h:mm:ss')}${NNBSP}${d.toFormat('a')}]`;
  }
}

export interface WaResult {
  text: string;
  messages: number;
  /** iOS: attachments written, in order, with the time they were sent. */
  attachments: { name: string; t: number; stem: string }[];
}

export function renderWhatsApp(ctx: RenderCtx, spec: WaChatSpec): WaResult {
  const { world, corpus, device } = ctx;
  const doc = new TextDoc();
  const ios = spec.layout === 'ios-mdy-12h';
  const owner = device.owner;
  const ownerIdent = world.ident(device.ownerIdent);
  const style: TextStyle = { region: device.region, phoneForms: spec.phoneForms, rng: ctx.rng };
  const attachments: WaResult['attachments'] = [];
  let messages = 0;
  let mediaSeq = 11;
  const at = (line: number, lineEnd?: number): At => {
    const a: At = { line };
    if (spec.member) a.member = spec.member;
    if (lineEnd !== undefined && lineEnd !== line) a.lineEnd = lineEnd;
    return a;
  };
  /** Writes a person as an author or system-message subject, recording the identifier or name it shows. */
  const who = (person: string, line: number, use: 'sender' | 'group-member'): { text: string; ident?: Ident } => {
    const a = spec.authors[person];
    if (!a) throw new Error(`no author form for ${person} in ${spec.file}`);
    if ('name' in a) {
      corpus.name(spec.file, at(line), a.name, person, use);
      return { text: a.name };
    }
    const id = world.ident(a.phone);
    const raw = renderIdent(id, 'wrapped');
    corpus.occur(spec.file, at(line), id, raw, 'wrapped', 'used-by', use);
    return { text: raw, ident: id };
  };
  const line = (m: Msg, body: string, author: string | null): number => {
    const h = header(spec.layout, m.t, device.zone);
    messages++;
    return doc.add(author === null ? `${h} ${body}` : `${h} ${author}: ${body}`);
  };

  for (const m of spec.msgs) {
    const n = doc.next;
    switch (m.type) {
      case 'system': {
        if (m.system === 'e2e') {
          if (ios) {
            const peer = Object.keys(spec.authors).find((p) => p !== owner)!;
            line(m, E2E_IOS, who(peer, n, 'sender').text);
          } else line(m, E2E_ANDROID, null);
        } else if (m.system === 'security-code') {
          if (!ios) line(m, `Your security code with ${who(m.from!, n, 'sender').text} changed. Tap to learn more.`, null);
        } else if (m.system === 'created-group') {
          const by = m.from === owner ? 'You' : who(m.from!, n, 'sender').text;
          line(m, `${by} created group "${m.text}"`, null);
        } else if (m.system === 'added') {
          const by = m.from === owner ? 'You' : who(m.from!, n, 'sender').text;
          line(m, `${by} added ${who(m.subject!, n, 'group-member').text}`, null);
        } else if (m.system === 'left') {
          line(m, `${who(m.from!, n, 'group-member').text} left`, null);
        } else throw new Error(`unhandled WhatsApp system message ${m.system}`);
        break;
      }
      case 'text': {
        const author = who(m.from!, n, 'sender');
        const { text, spans } = renderMarkers(world, m.text, style);
        const [first, ...rest] = text.split('\n');
        const l = line(m, first!, author.text);
        for (const r of rest) doc.add(r);
        const speakerId = author.ident ?? (m.from === owner ? ownerIdent : undefined);
        recordStatement(corpus, spec.file, at(l, doc.lines.length), m.from, speakerId, spans);
        break;
      }
      case 'photo':
      case 'sticker': {
        const author = who(m.from!, n, 'sender').text;
        if (ios) {
          const d = wall(m.t, device.zone);
          const kind = m.type === 'photo' ? 'PHOTO' : 'STICKER';
          const ext = m.type === 'photo' ? 'jpg' : 'webp';
          const name = `${String(mediaSeq++).padStart(8, '0')}-${kind}-${d.toFormat('yyyy-MM-dd-HH-mm-ss')}.${ext}`;
          attachments.push({ name, t: m.t, stem: m.media ?? 'sticker' });
          line(m, `${LRM}<attached: ${name}>`, author);
        } else line(m, '<Media omitted>', author);
        if (m.text) {
          messages++;
          doc.add(`${header(spec.layout, m.t, device.zone)} ${author}: ${m.text}`);
        }
        break;
      }
      case 'missed-call':
        // Exports only show calls the owner missed; the caller's own export has no line for it.
        if (m.from !== owner) line(m, ios ? `${LRM}Missed voice call` : 'Missed voice call', who(m.from!, n, 'sender').text);
        break;
      case 'deleted':
        line(m, m.from === owner ? 'You deleted this message' : 'This message was deleted', who(m.from!, n, 'sender').text);
        break;
      case 'call':
        // Answered calls never appear in WhatsApp chat exports.
        break;
    }
  }
  return { text: doc.toString(ios ? '\r\n' : '\n'), messages, attachments };
}
