/** `threadline thread`: a message in its conversation, with the messages before and after it. */
import { ThreadlineError } from '../../engine/errors';
import { thread } from '../../engine/timeline/thread';
import { flag, parse, requirePositional, str } from '../args';
import { safeText, table, type Out } from '../output';
import { EVENT_HEADER, displayZone, eventRow, openForReading, positiveInt, zoneLine } from './timeline';

const USAGE = 'threadline thread CASE MESSAGE_ID [--before N] [--after N] [--display-tz IANA] [--json]';

export function cmdThread(argv: string[], out: Out): number {
  const p = parse(argv, { before: { type: 'string' }, after: { type: 'string' }, 'display-tz': { type: 'string' }, json: { type: 'boolean' }, examiner: { type: 'string' } }, USAGE);
  const file = requirePositional(p, 0, 'the case file path', USAGE);
  const idText = requirePositional(p, 1, 'the message id', USAGE);
  const m = /^m?(\d{1,15})$/i.exec(idText.trim());
  if (!m) throw new ThreadlineError('BAD_ARGUMENT', `"${idText}" is not a message id.`, { hint: 'Use the id from timeline or search output, e.g. m123 or 123.' });
  const before = str(p, 'before') === '0' ? 0 : positiveInt(str(p, 'before'), '--before');
  const after = str(p, 'after') === '0' ? 0 : positiveInt(str(p, 'after'), '--after');
  const c = openForReading(file, str(p, 'examiner'));
  try {
    const tz = displayZone(p, c);
    const t = thread(c.db, { messageId: Number(m[1]), displayTz: tz, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
    if (flag(p, 'json')) {
      out.json(t);
      return 0;
    }
    out.line(zoneLine(tz));
    if (t.chat) out.line(`Chat ${t.chat.id} "${safeText(t.chat.name)}" (${t.chat.platform}${t.chat.kind ? `, ${t.chat.kind}` : ''}) in E${t.chat.evidence}, ${t.chat.messages} messages.`);
    const rows = [...t.before.map((e) => ['', ...eventRow(e)]), ['▶', ...eventRow(t.target)], ...t.after.map((e) => ['', ...eventRow(e)])];
    out.line(table(rows, ['', ...EVENT_HEADER]));
    for (const n of t.notes) out.line(`note: ${n}`);
    return 0;
  } finally {
    c.close();
  }
}
