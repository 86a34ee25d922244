// LINE "Export chat history" text: the English layout (MM/DD/YYYY, 12 h) and the Thai one (Buddhist-Era years, 24 h).
import type { Msg } from './convo';
import { wall } from './convo';
import { TextDoc, type RenderCtx } from './doc';
import type { PhoneForm } from './phones';
import { recordStatement, renderMarkers } from './text';

export type LineLayout = 'en' | 'th';

export interface LineChatSpec {
  layout: LineLayout;
  file: string;
  /** The chat name in the header (the other party's LINE display name). */
  title: string;
  /** LINE display name per person id. */
  names: Record<string, string>;
  phoneForms: readonly PhoneForm[];
  msgs: Msg[];
  /** When the export was saved (UTC ms). */
  savedAt: number;
}

const WORDS = {
  en: { header: (t: string) => `[LINE] Chat history with ${t}`, saved: 'Saved on\uFF1A', photo: '[Photo]', sticker: '[Sticker]', callTime: 'Call time', missed: 'Missed call', canceled: 'Canceled' },
  th: { header: (t: string) => `[LINE] ประวัติการแชทกับ ${t}`, saved: 'บันทึกวันที่: ', photo: '[รูปภาพ]', sticker: '[สติกเกอร์]', callTime: 'ระยะเวลาการโทร', missed: 'สายที่ไม่ได้รับ', canceled: 'ยกเลิก' },
} as const;

export function renderLine(ctx: RenderCtx, spec: LineChatSpec): { text: string; messages: number } {
  const { world, corpus, device } = ctx;
  const w = WORDS[spec.layout];
  const doc = new TextDoc();
  const ownerIdent = world.ident(device.ownerIdent);
  const style = { region: device.region, phoneForms: spec.phoneForms, rng: ctx.rng };
  const year = (y: number) => (spec.layout === 'th' ? y + 543 : y);
  doc.add(`\uFEFF${w.header(spec.title)}`);
  const saved = wall(spec.savedAt, device.zone);
  doc.add(`${w.saved}${year(saved.year)}/${saved.toFormat('MM/dd HH:mm')}`);
  let day = '';
  let messages = 0;
  for (const m of spec.msgs) {
    const d = wall(m.t, device.zone);
    const key = d.toISODate()!;
    if (key !== day) {
      day = key;
      doc.add('');
      // English exports write the month first; Thai ones the day first with the Buddhist-Era year.
      const weekday = d.setLocale('en').toFormat('ccc');
      doc.add(spec.layout === 'en' ? `${weekday}, ${d.toFormat('MM/dd/yyyy')}` : `${weekday}, ${d.toFormat('dd/MM')}/${year(d.year)} BE`);
    }
    const time = spec.layout === 'en' ? d.setLocale('en').toFormat('hh:mm a') : d.toFormat('HH:mm');
    const name = spec.names[m.from!];
    if (!name) throw new Error(`no LINE name for ${m.from} in ${spec.file}`);
    const n = doc.next;
    corpus.name(spec.file, { line: n }, name, m.from!, 'sender');
    let body: string;
    switch (m.type) {
      case 'text': {
        const r = renderMarkers(world, m.text, style);
        // Multi-line messages are wrapped in double quotes by the exporter.
        body = r.text.includes('\n') ? `"${r.text}"` : r.text;
        const span = doc.addText(`${time}\t${name}\t${body}`);
        const speakerId = m.from === device.owner ? ownerIdent : undefined;
        recordStatement(corpus, spec.file, span.lineEnd > span.line ? span : { line: span.line }, m.from, speakerId, r.spans);
        messages++;
        continue;
      }
      case 'photo':
        body = w.photo;
        break;
      case 'sticker':
        body = w.sticker;
        break;
      case 'call': {
        const dur = m.durationS ?? 0;
        body = dur > 0 ? `☎ ${w.callTime} ${Math.floor(dur / 60)}:${String(dur % 60).padStart(2, '0')}` : m.from === device.owner ? `☎ ${w.canceled}` : `☎ ${w.missed}`;
        break;
      }
      default:
        throw new Error(`LINE cannot render ${m.type}`);
    }
    doc.add(`${time}\t${name}\t${body}`);
    messages++;
  }
  return { text: doc.toString('\n'), messages };
}
