// Telegram Desktop full-account export (result.json): personal_information, contacts.list and chats.list.
import { DateTime } from 'luxon';
import type { Msg } from './convo';
import type { RenderCtx } from './doc';
import type { TgChat } from './content/telegram';
import { recordStatement, renderIdent, renderMarkers, type Span, type TextStyle } from './text';
import type { Ident } from './world';

export interface TgSpec {
  file: string;
  chats: TgChat[];
  /** The names the owner saved contacts under (what `from` shows). */
  names: Record<string, string>;
  /** contacts.list entries: person id, identifier key of the phone, and the form the phone is written in. */
  contacts: { person: string; phone: string; form: 'intl' | 'e164'; addedAt: string }[];
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Telegram Desktop's `date`: local time of the exporting computer, ISO without offset. */
function localIso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

function unix(ms: number): string {
  return String(Math.floor(ms / 1000));
}

const URL_RE = /https?:\/\/[^\s<>'"]+/g;

/** Splits text into Telegram's text array: plain runs as strings, identifiers and links as entity objects. */
function entities(text: string, spans: Span[]): { text: Json; entities: Json[] } {
  const marks: { start: number; end: number; type: string }[] = spans.map((s) => ({
    start: s.start,
    end: s.end,
    type: s.ident.kind === 'phone' ? 'phone' : s.ident.kind === 'email' ? 'email' : s.ident.kind === 'username' ? (s.raw.startsWith('@') ? 'mention' : 'link') : 'plain',
  }));
  for (const m of text.matchAll(URL_RE)) marks.push({ start: m.index, end: m.index + m[0].length, type: 'link' });
  const typed = marks.filter((m) => m.type !== 'plain').sort((a, b) => a.start - b.start);
  if (typed.length === 0) return { text, entities: text ? [{ type: 'plain', text }] : [] };
  const parts: Json[] = [];
  const ents: Json[] = [];
  let pos = 0;
  for (const m of typed) {
    if (m.start > pos) {
      parts.push(text.slice(pos, m.start));
      ents.push({ type: 'plain', text: text.slice(pos, m.start) });
    }
    const e = { type: m.type, text: text.slice(m.start, m.end) };
    parts.push(e);
    ents.push({ ...e });
    pos = m.end;
  }
  if (pos < text.length) {
    parts.push(text.slice(pos));
    ents.push({ type: 'plain', text: text.slice(pos) });
  }
  return { text: parts, entities: ents };
}

export function renderTelegram(ctx: RenderCtx, spec: TgSpec): { text: string; counts: Record<string, number> } {
  const { world, corpus, device } = ctx;
  const zone = device.zone;
  const owner = world.person(device.owner);
  const style: TextStyle = { region: device.region, phoneForms: ['intl', 'e164', 'intl-dash'], rng: ctx.rng };
  const tgid = (person: string) => world.ident(`${person}.tgid`);
  const counts = { messages: 0, service: 0, calls: 0, contacts: spec.contacts.length, chats: spec.chats.length };

  const me = owner.ids;
  const piPath = '$.personal_information';
  const piPhone = renderIdent(me.cn!, 'intl');
  corpus.occur(spec.file, { path: `${piPath}.user_id` }, me.tgid!, me.tgid!.canonical, 'bare', 'used-by', 'personal-information');
  corpus.occur(spec.file, { path: `${piPath}.phone_number` }, me.cn!, piPhone, 'intl', 'used-by', 'personal-information');
  corpus.occur(spec.file, { path: `${piPath}.username` }, me.tg!, renderIdent(me.tg!, 'at'), 'at', 'used-by', 'personal-information');
  corpus.structured(spec.file, { path: piPath }, 'personal-information', [me.tgid!, me.cn!, me.tg!]);
  const [first, last] = owner.name.split(' ') as [string, string];

  const contactList: Json[] = spec.contacts.map((c, i) => {
    const id = tgid(c.person);
    const ph = world.ident(c.phone);
    const raw = renderIdent(ph, c.form);
    const path = `$.contacts.list[${i}]`;
    corpus.occur(spec.file, { path: `${path}.user_id` }, id, id.canonical, 'bare', 'used-by', 'telegram-contact');
    corpus.occur(spec.file, { path: `${path}.phone_number` }, ph, raw, c.form, 'used-by', 'telegram-contact');
    corpus.structured(spec.file, { path }, 'telegram-contact', [id, ph]);
    const saved = spec.names[c.person]!;
    corpus.name(spec.file, { path }, saved, c.person, 'telegram-contact');
    const [fn, ...ln] = saved.split(' ');
    const t = DateTime.fromISO(c.addedAt, { zone }).toMillis();
    return { user_id: Number(id.canonical), first_name: fn!, last_name: ln.join(' '), phone_number: raw, date: localIso(t, zone), date_unixtime: unix(t) };
  });

  let nextId = 1000 + ctx.rng.int(0, 400);
  const chatList: Json[] = spec.chats.map((chat, ci) => {
    const messages: Json[] = [];
    const from = (person: string) => {
      const name = person === owner.id ? owner.name : spec.names[person]!;
      return { name, id: `user${tgid(person).canonical}` };
    };
    const recordSender = (person: string, path: string, field: 'from_id' | 'actor_id') => {
      const id = tgid(person);
      corpus.occur(spec.file, { path: `${path}.${field}` }, id, `user${id.canonical}`, 'from-id', 'used-by', 'sender');
      corpus.name(spec.file, { path: `${path}.${field === 'from_id' ? 'from' : 'actor'}` }, from(person).name, person, 'sender');
      return id;
    };
    chat.msgs.forEach((m: Msg, mi) => {
      const path = `$.chats.list[${ci}].messages[${mi}]`;
      nextId += ctx.rng.int(1, 3);
      const base: Record<string, Json> = { id: nextId, type: m.type === 'text' ? 'message' : 'service', date: localIso(m.t, zone), date_unixtime: unix(m.t) };
      if (m.type === 'text') {
        const f = from(m.from!);
        const speaker: Ident = recordSender(m.from!, path, 'from_id');
        const { text, spans } = renderMarkers(world, m.text, style);
        recordStatement(corpus, spec.file, { path: `${path}.text` }, m.from, speaker, spans);
        const e = entities(text, spans);
        messages.push({ ...base, from: f.name, from_id: f.id, text: e.text, text_entities: e.entities });
        counts.messages++;
      } else if (m.type === 'call') {
        const f = from(m.from!);
        recordSender(m.from!, path, 'actor_id');
        const call: Record<string, Json> = { ...base, actor: f.name, actor_id: f.id, action: 'phone_call' };
        // `duration_seconds` is only written when the call connected.
        if (m.durationS) call.duration_seconds = m.durationS;
        call.discard_reason = m.durationS ? 'hangup' : ctx.rng.chance(0.7) ? 'missed' : 'busy';
        call.text = '';
        call.text_entities = [];
        messages.push(call);
        counts.service++;
        counts.calls++;
      } else if (m.type === 'system' && m.system === 'created-group') {
        const f = from(m.from!);
        recordSender(m.from!, path, 'actor_id');
        messages.push({ ...base, actor: f.name, actor_id: f.id, action: 'create_group', title: m.text, members: (chat.members ?? []).map((p) => from(p).name), text: '', text_entities: [] });
        counts.service++;
      } else throw new Error(`Telegram cannot render ${m.type}`);
    });
    if (chat.type === 'saved_messages') return { type: 'saved_messages', id: Number(me.tgid!.canonical), messages } as Json;
    const id = chat.type === 'personal_chat' ? Number(tgid(chat.peer!).canonical) : 1_000_000_000 + ctx.rng.int(100_000_000, 999_999_999);
    return { name: chat.name!, type: chat.type, id, messages } as Json;
  });

  const root: Json = {
    about: 'Here is the data you requested. Remember: Telegram is ad free, it doesn\'t use your data for ad targeting and doesn\'t sell it to others. Telegram only keeps the information it needs to function as a feature-rich cloud service.',
    personal_information: {
      about: 'This page shows your personal information.',
      user_id: Number(me.tgid!.canonical),
      first_name: first,
      last_name: last,
      phone_number: piPhone,
      username: renderIdent(me.tg!, 'at'),
      bio: '生意兴隆 · business only',
    },
    profile_pictures: [],
    contacts: { about: 'This is your contacts list.', list: contactList },
    frequent_contacts: {
      about: 'This is a list of people you message frequently.',
      list: spec.chats
        .filter((c) => c.type === 'personal_chat')
        .map((c, i) => ({ id: Number(tgid(c.peer!).canonical), category: 'people', type: 'user', name: spec.names[c.peer!]!, rating: Math.round((0.9 - i * 0.13) * 1e6) / 1e6 })),
    },
    chats: { about: 'This page lists all chats from this export.', list: chatList },
    left_chats: { about: 'This page lists all supergroups and channels from this export that you\'ve left.', list: [] },
  };
  return { text: JSON.stringify(root, null, 1), counts };
}
