/** The Telegram Desktop HTML export importer (`messages.html`, or a zip holding one or more chats' pages). */
import type { Readable } from 'node:stream';
import { ThreadlineError } from '../../errors';
import type { ImportRecord, Provenance } from '../../model/records';
import type { Importer, ImporterContext, SniffInput, SniffResult } from '../types';
import { TelegramHtmlPage, type HtmlChatState, type HtmlCounters } from './reader';

const PAGE = /(^|\/)messages(\d*)\.html$/;
const RE_MESSAGE_DIV = /<div class="message (?:default|service)[^"]*" id="message-?\d+"/;
const RE_EXPORT_PAGE = /<title>Exported Data<\/title>/;

function pageNumber(name: string): number {
  const m = PAGE.exec(name);
  return m && m[2] ? Number(m[2]) : 1;
}

function dirOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i >= 0 ? name.slice(0, i + 1) : '';
}

function isJunk(n: string): boolean {
  return n.startsWith('__MACOSX/') || /(^|\/)\._/.test(n);
}

export function sniffTelegramHtml(input: SniffInput): SniffResult | null {
  if (input.zipEntries) {
    const pages = input.zipEntries.filter((n) => PAGE.test(n) && !isJunk(n));
    if (pages.length === 0) return null;
    // A JSON export in the same zip is the richer source: let the JSON importer win.
    if (input.zipEntries.some((n) => /(^|\/)result\.json$/.test(n) && !isJunk(n))) return { confidence: 0.3, layout: 'zip', member: pages[0]! };
    const head = input.zipMember && PAGE.test(input.zipMember) ? Buffer.from(input.head).toString('utf8') : '';
    return { confidence: RE_MESSAGE_DIV.test(head) ? 0.9 : 0.8, layout: 'zip', member: pages[0]! };
  }
  const text = Buffer.from(input.head.buffer, input.head.byteOffset, input.head.byteLength).toString('utf8');
  if (RE_MESSAGE_DIV.test(text)) return { confidence: 0.9, layout: /title="\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} UTC[+-]/.test(text) ? 'html-with-offset' : 'html' };
  if (RE_EXPORT_PAGE.test(text) && /class="page_wrap"/.test(text) && /class="history"/.test(text)) return { confidence: 0.7, layout: 'html' };
  return null;
}

async function* pages(ctx: ImporterContext): AsyncGenerator<{ name: string; member?: string; stream: Readable; zipNames?: Set<string>; baseDir: string }> {
  if (!ctx.sniff.member) {
    yield { name: ctx.file.name, stream: ctx.file.open({ highWaterMark: 64 * 1024 }), baseDir: '' };
    return;
  }
  const zip = await ctx.file.zip();
  const zipNames = new Set(zip.members.filter((m) => !m.isDirectory).map((m) => m.name));
  const list = zip.members
    .filter((m) => PAGE.test(m.name) && !m.isPlatformJunk && !m.isDirectory)
    .sort((a, b) => (dirOf(a.name) === dirOf(b.name) ? pageNumber(a.name) - pageNumber(b.name) : dirOf(a.name) < dirOf(b.name) ? -1 : 1));
  for (const m of list) {
    if (m.encrypted) throw new ThreadlineError('PARSE_ERROR', `"${m.name}" in the archive is encrypted.`, { file: ctx.file.name, hint: 'Decrypt the archive, then import it again.' });
    yield { name: m.name, member: m.name, stream: await zip.open(m), zipNames, baseDir: dirOf(m.name) };
  }
}

export const telegramHtmlImporter: Importer = {
  id: 'telegram-html',
  version: '1.0.0',
  label: 'Telegram Desktop export (HTML)',
  unit: 'message',
  method:
    'Reads Telegram Desktop HTML chat pages (messages.html, messages2.html …), a single page or every page of every chat inside a zip (pages of one folder are one chat, read in page order). ' +
    'The HTML is streamed through htmlparser2; every div.message element is one unit and its source markup is kept as the raw record with the page, element id and line. ' +
    'Default messages: sender from .from_name (a "joined" message has none: the previous message\'s author is carried over, flag sender-carried), time from the title of .date.details — "04.06.2020 14:16:12" is the exporting computer\'s local time, kept as wall-clock time read in the zone declared for the evidence item (flag no-offset); "… UTC+01:00" is an instant — text from .text with <br> as line breaks and links as entities, forwarded-from, reply-to (GoToMessage id), media references. ' +
    'Calls (media_call) become call records with the direction tdesktop prints (Outgoing, Incoming, Missed, Cancelled → missed, Declined → rejected) and the duration in seconds. ' +
    'Service messages are system messages with their English prose as body; they carry no time in the HTML (time none, raw = the day separator above them, flag no-time). Day separators are counted as skipped units.',
  limits: [
    'The HTML export has no user ids, phone numbers or UTC instants in older versions: senders are display names only, and times are wall-clock times unless the page writes a UTC offset.',
    'Service messages (group created, member added …) have no time in the HTML export.',
    'Only messages*.html pages are read; other pages of a full HTML export (contacts, sessions, lists) are not imported.',
    'Attachment files are referenced by their link, never opened; only their presence in the same zip is checked.',
    'Byte offsets are not recorded (the parser reports character positions); line numbers are.',
  ],

  sniff: sniffTelegramHtml,

  async *parse(ctx: ImporterContext): AsyncGenerator<ImportRecord[]> {
    const counters: HtmlCounters = { seen: 0, parsed: 0 };
    const skips = new Map<string, { count: number; first: Provenance }>();
    const chats = new Map<string, HtmlChatState>();
    let pageCount = 0;
    for await (const p of pages(ctx)) {
      pageCount++;
      const dir = p.member ? dirOf(p.member) : '';
      const chatId = p.member ? dir || p.member : p.name;
      let chat = chats.get(chatId);
      if (!chat) chats.set(chatId, (chat = { key: `chat:${chatId}`, emitted: false }));
      const env = { page: p.member ? p.member.slice(dir.length) : p.name, baseDir: p.baseDir, ...(p.member ? { member: p.member } : {}), ...(p.zipNames ? { zipNames: p.zipNames } : {}) };
      const page = new TelegramHtmlPage(chat, env, counters, skips);
      const decoder = new TextDecoder('utf-8');
      try {
        for await (const chunk of p.stream as AsyncIterable<Buffer>) {
          if (ctx.signal.aborted) throw new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled; nothing of this file was kept.', { file: ctx.file.name, hint: 'Start the import again when ready.' });
          page.write(decoder.decode(chunk, { stream: true }));
          if (page.out.length >= 128) yield page.out.splice(0); // small batches: records die young (less GC)
        }
        page.write(decoder.decode());
        page.end();
      } finally {
        p.stream.destroy();
      }
      yield page.out.splice(0);
    }
    const out: ImportRecord[] = [];
    for (const [reason, s] of skips) out.push({ type: 'skip', outcome: 'skipped', count: s.count, reason, prov: s.first });
    out.push({ type: 'fact', key: 'telegram-html-pages', value: pageCount });
    out.push({ type: 'units', unit: 'message', seen: counters.seen, parsed: counters.parsed });
    yield out;
  },
};
