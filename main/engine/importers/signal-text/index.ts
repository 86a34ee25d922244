// Signal plain-text chat export importer (`[2019-12-24, 12:23] Jane Doe: Hello John!` plus continuation lines, as in chat-miner's fixture).
import type { AccountRecord, ImportRecord, MessageRecord, RecordTime } from '../../model/records';
import type { TextLine } from '../../text/lines';
import { isBlank, validDate } from '../line/grammar';
import { decodeHead, encodingFor, Flags, headLines, provOf, rawBytesOf, readSourceHead, parseSourceLines, textFlags } from '../line/text-source';
import type { Importer, ImporterContext, SniffInput, SniffResult } from '../types';

// Leading invisibles are tolerated (exporters prepend BOM/LRM); the bracketed stamp is ISO date, comma, clock time.
const START = /^[\uFEFF\u200E\u200F]*\[(\d{4})-(\d{2})-(\d{2}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\] ?/;
/** A body longer than this, or spanning more lines, is cut into linked records to bound memory. */
const MAX_BODY_CHARS = 32 * 1024 * 1024;
const MAX_BODY_LINES = 200_000;

interface Start {
  stamp: string;
  time: RecordTime;
  sender?: string;
  body: string;
}

function parseStart(text: string): Start | null {
  const m = START.exec(text);
  if (!m) return null;
  const stamp = m[0].trimEnd();
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const time: RecordTime =
    validDate(y, mo, d) && h < 24 && mi < 60 && s < 60 ? { kind: 'wall', wall: { y, mo, d, h, mi, s }, raw: stamp } : { kind: 'none', raw: stamp, flags: ['invalid-date'] };
  const rest = text.slice(m[0].length);
  // "Name: text". Names may carry U+2068/U+2069 isolates (signal-cli#599); they are kept as written.
  const colon = rest.indexOf(': ');
  if (colon > 0) return { stamp, time, sender: rest.slice(0, colon), body: rest.slice(colon + 2) };
  if (rest.endsWith(':') && rest.length > 1 && !rest.slice(0, -1).includes(':')) return { stamp, time, sender: rest.slice(0, -1), body: '' };
  return { stamp, time, body: rest };
}

function sniffSignal(input: SniffInput): SniffResult | null {
  if (input.zipEntries) return null;
  const lines = headLines(decodeHead(input.head), 300);
  let nonBlank = 0;
  let starts = 0;
  let withSeconds = 0;
  let firstIsStart: boolean | undefined;
  for (const l of lines) {
    if (isBlank(l)) continue;
    nonBlank++;
    const m = START.exec(l);
    firstIsStart ??= m !== null;
    if (m) {
      starts++;
      if (m[6] !== undefined) withSeconds++;
    }
  }
  if (starts === 0 || starts / nonBlank < 0.3) return null;
  // WhatsApp iOS with ISO dates looks the same but always writes seconds; the file name is the other hint.
  let confidence = withSeconds === starts ? 0.45 : 0.6;
  // A tool's preamble before the first message is tolerated, with less confidence.
  if (!firstIsStart) confidence -= 0.1;
  const name = input.fileName.toLowerCase();
  if (name.includes('signal')) confidence += 0.25;
  if (name.includes('whatsapp') || name === '_chat.txt') confidence -= 0.2;
  return { confidence, layout: withSeconds === starts ? 'iso-bracket-seconds' : 'iso-bracket' };
}

interface Open {
  lines: TextLine[];
  parts: string[];
  chars: number;
  start: Start;
  flags: Flags;
}

class SignalTextParser {
  private out: ImportRecord[] = [];
  private seen = 0;
  private parsed = 0;
  private blank = 0;
  private cur: Open | undefined;
  private pendingBlanks: TextLine[] = [];
  private readonly accounts = new Map<string, string>();
  private chatEmitted = false;

  constructor(private readonly member: string | undefined) {}

  push(l: TextLine): void {
    this.seen++;
    const s = parseStart(l.text);
    if (s) {
      this.finish();
      this.cur = { lines: [l], parts: [s.body], chars: s.body.length, start: s, flags: new Flags() };
      return;
    }
    if (isBlank(l.text)) {
      if (this.cur) this.pendingBlanks.push(l);
      else this.blank++;
      return;
    }
    if (this.cur) {
      for (const b of this.pendingBlanks) this.append(b);
      this.pendingBlanks = [];
      this.append(l);
      return;
    }
    const raw = l.invalidBytes ?? l.text;
    this.out.push({ type: 'skip', outcome: 'rejected', count: 1, reason: 'line before the first message that is not a message line', prov: provOf(l, this.member), raw });
  }

  private append(l: TextLine): void {
    let cur = this.cur!;
    if (cur.chars + l.text.length > MAX_BODY_CHARS || cur.lines.length >= MAX_BODY_LINES) {
      const start = { ...cur.start, body: '' };
      cur.flags.add('body-split');
      this.finish(true);
      cur = { lines: [], parts: [], chars: 0, start, flags: new Flags(['continued-from-previous-record']) };
      this.cur = cur;
    }
    cur.lines.push(l);
    cur.parts.push(l.text);
    cur.chars += l.text.length;
  }

  private finish(keepBlanks = false): void {
    if (!keepBlanks) {
      this.blank += this.pendingBlanks.length;
      this.pendingBlanks = [];
    }
    const cur = this.cur;
    if (!cur) return;
    this.cur = undefined;
    this.ensureChat();
    const first = cur.lines[0]!;
    const last = cur.lines[cur.lines.length - 1]!;
    this.parsed += cur.lines.length;
    const { start, flags } = cur;
    textFlags(cur.lines, cur.parts, flags);
    if (start.sender !== undefined) textFlags([], [start.sender], flags);
    if (cur.parts.length > 1) flags.add('multiline');
    const msg: MessageRecord = {
      type: 'message',
      chatKey: 'chat',
      time: start.time,
      kind: start.sender === undefined ? 'system' : 'text',
      body: cur.parts.length === 1 ? cur.parts[0]! : cur.parts.join('\n'),
      prov: provOf(first, this.member, last),
      raw: cur.lines.length === 1 ? first.text : cur.lines.map((x) => x.text).join('\n'),
    };
    if (start.sender !== undefined && start.sender !== '') {
      msg.sender = start.sender;
      msg.senderKey = this.account(start.sender, first);
    }
    const rawBytes = rawBytesOf(cur.lines);
    if (rawBytes) msg.rawBytes = rawBytes;
    if (flags.size) msg.flags = flags.toArray();
    this.out.push(msg);
  }

  private account(name: string, l: TextLine): string {
    const known = this.accounts.get(name);
    if (known) return known;
    const key = `acct:${this.accounts.size + 1}`;
    this.accounts.set(name, key);
    const rec: AccountRecord = { type: 'account', key, platform: 'signal', display: name, identifiers: [], chats: ['chat'], prov: provOf(l, this.member) };
    this.out.push(rec);
    return key;
  }

  private ensureChat(): void {
    if (this.chatEmitted) return;
    this.chatEmitted = true;
    this.out.push({ type: 'chat', key: 'chat', platform: 'signal', prov: this.member ? { line: 1, member: this.member } : { line: 1 } });
  }

  end(): void {
    this.finish();
    this.ensureChat();
    if (this.blank) this.out.push({ type: 'skip', outcome: 'skipped', count: this.blank, reason: 'blank line' });
    this.out.push({ type: 'units', unit: 'line', seen: this.seen, parsed: this.parsed });
  }

  drain(): ImportRecord[] {
    const o = this.out;
    this.out = [];
    return o;
  }
}

async function* parseSignal(ctx: ImporterContext): AsyncGenerator<ImportRecord[]> {
  const head = await readSourceHead(ctx);
  const parser = new SignalTextParser(ctx.sniff.member);
  yield* parseSourceLines(ctx, parser, [
    { type: 'fact', key: 'encoding', value: encodingFor(head, ctx.options.encoding).encoding },
    { type: 'fact', key: 'layout', value: ctx.sniff.layout ?? 'iso-bracket' },
  ]);
}

export const signalTextImporter: Importer = {
  id: 'signal-text',
  version: '1.0.0',
  label: 'Signal text export (.txt)',
  unit: 'line',
  method:
    'Reads a plain-text Signal chat export made by a third-party tool, one line at a time. A line starting with a bracketed ISO date and clock time ("[2019-12-24, 12:23] Name: text") starts a message; the sender is the text before the first ": "; lines that do not start so continue the previous message. Times are wall-clock times without zone, read in the zone the examiner declares. Every line is counted as parsed, skipped (blank) or rejected with its text and reason.',
  limits: [
    'Signal has no official plain-text export; this layout is the one chat-miner documents and may differ between tools.',
    'WhatsApp on iOS with ISO dates writes the same bracketed stamp (with seconds); the file name and the presence of seconds decide between them, and the examiner can force the format.',
    'A sender name containing ": " is cut at its first ": ".',
    'Sender names are display names, not identifiers, and may carry invisible Unicode isolates (flagged invisible-chars).',
    'Times have no seconds and no zone; messages in the same minute keep file order (line numbers).',
  ],
  sniff: sniffSignal,
  parse: parseSignal,
};
