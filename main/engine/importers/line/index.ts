// LINE "Export chat history" (.txt) importer: header/tab layout in EN/JA/ZH/TH and the newer header-less space-separated layout.
import type { ImportRecord } from '../../model/records';
import type { Importer, ImporterContext, SniffInput, SniffResult } from '../types';
import { DateResolver, isBlank, parseDateLine, parseHeader, parseSavedOn, parseSpaceLine, parseTabLine, type HeaderInfo } from './grammar';
import { LineChatParser, type Layout } from './parser';
import { PrefixCounter } from './participants';
import { decodeHead, encodingFor, headLines, parseSourceLines, readSourceHead, sourceLines } from './text-source';

interface HeadScan {
  header: HeaderInfo | null;
  dates: number;
  tab: number;
  space: number;
  savedOn: number;
  nonBlank: number;
  layout: Layout;
}

/** Classify the first lines of a file: how much of it reads as LINE structure, and in which layout. */
export function scanHead(lines: readonly string[]): HeadScan {
  const scan: HeadScan = { header: null, dates: 0, tab: 0, space: 0, savedOn: 0, nonBlank: 0, layout: 'tab' };
  let firstNonBlank = true;
  for (const line of lines) {
    if (isBlank(line)) continue;
    scan.nonBlank++;
    if (firstNonBlank) {
      firstNonBlank = false;
      scan.header = parseHeader(line);
      if (scan.header) continue;
    }
    if (parseTabLine(line)) scan.tab++;
    else if (parseDateLine(line)) scan.dates++;
    else if (parseSavedOn(line) && scan.dates === 0) scan.savedOn++;
    else if (parseSpaceLine(line)) scan.space++;
  }
  scan.layout = scan.tab > 0 || scan.space === 0 ? 'tab' : 'space';
  return scan;
}

function sniffLine(input: SniffInput): SniffResult | null {
  if (input.zipEntries && !(input.zipMember && /\.txt$/i.test(input.zipMember))) return null;
  const scan = scanHead(headLines(decodeHead(input.head), 400));
  const bonus = /^\[LINE\]/i.test(input.zipMember ?? input.fileName) ? 0.04 : 0;
  const member = input.zipMember ? { member: input.zipMember } : {};
  const structure = scan.dates + scan.tab + scan.space;
  let confidence = 0;
  if (scan.header) {
    const known = scan.header.language !== 'unknown';
    if (structure > 0 || scan.nonBlank <= 2) confidence = known ? 0.95 : 0.9;
    else confidence = known ? 0.6 : 0;
  } else if (scan.dates > 0 && scan.tab > 0) {
    if ((scan.dates + scan.tab + scan.savedOn) / scan.nonBlank >= 0.5) confidence = 0.9;
  } else if (scan.dates > 0 && scan.space > 0) {
    if ((scan.dates + scan.space) / scan.nonBlank >= 0.6) confidence = 0.7;
  }
  if (confidence <= 0) return null;
  return { confidence: Math.min(0.99, confidence + bonus), layout: scan.layout, ...member };
}

/** Feed a line to a resolver that only gathers day/month-order evidence from `Www, A/B/YYYY` date lines. */
function gatherOrder(ev: DateResolver, text: string): void {
  if (text.length > 80) return;
  const d = parseDateLine(text);
  if (d?.form === 'ab-y') ev.resolve(d);
}

async function* parseLine(ctx: ImporterContext): AsyncGenerator<ImportRecord[]> {
  const head = await readSourceHead(ctx);
  const headText = headLines(decodeHead(head, ctx.options.encoding), 5000);
  const scan = scanHead(headText);
  const layout = scan.layout;
  const first: ImportRecord[] = [{ type: 'fact', key: 'encoding', value: encodingFor(head, ctx.options.encoding).encoding }];

  // Day/month order evidence: the head usually settles it; otherwise the first pass over the whole file does.
  let evidence = new DateResolver();
  for (const t of headText) gatherOrder(evidence, t);
  const unsettled = evidence.provenOrder() === undefined && evidence.decisions.assumed + evidence.decisions.earlier > 0;
  const wholeFileKnown = head.length < 64 * 1024;

  let names: Set<string> | undefined;
  if (layout === 'space' || (unsettled && !wholeFileKnown && !ctx.options.dateOrder)) {
    // A first pass over the whole file: participant names (space layout) and day/month-order evidence.
    evidence = new DateResolver();
    const counter = layout === 'space' ? new PrefixCounter() : undefined;
    let headerName: string | undefined;
    for await (const batch of sourceLines(ctx)) {
      for (const l of batch) {
        gatherOrder(evidence, l.text);
        if (!counter) continue;
        if (l.line === 1) {
          const h = parseHeader(l.text);
          if (h?.chatKind === 'personal' && h.name) headerName = h.name;
        }
        const s = parseSpaceLine(l.text);
        if (s) counter.add(s.rest);
      }
    }
    if (counter) {
      names = counter.infer();
      if (headerName) names.add(headerName);
      const list = [...names].sort();
      first.push({
        type: 'fact',
        key: 'participants-inferred',
        value: {
          names: list.slice(0, 500),
          count: list.length,
          pruned: counter.pruned,
          rule: 'Space-separated layout: a sender name is a run of leading words that starts 2+ lines and is followed by varied words; a run whose next word is nearly always one of at most three repeated words (Erik → Hornberger) is only the start of a name. The 1:1 header name counts too. Lines that match no name are split after their first word and flagged sender-ambiguous.',
        },
      });
    }
  }
  const fileOrder = evidence.provenOrder();

  const parser = new LineChatParser({
    layout,
    fileName: ctx.file.name,
    ...(ctx.sniff.member ? { member: ctx.sniff.member } : {}),
    ...(ctx.options.dateOrder ? { dateOrder: ctx.options.dateOrder } : {}),
    ...(fileOrder ? { fileOrder } : {}),
    ...(names ? { names } : {}),
  });
  yield* parseSourceLines(ctx, parser, first);
}

export const lineImporter: Importer = {
  id: 'line',
  version: '1.0.0',
  label: 'LINE chat history (.txt)',
  unit: 'line',
  method:
    'Reads a LINE "Export chat history" text file line by line. The header names the chat (1:1 "with" or group "in", in English, Japanese, Chinese or Thai); each date line sets the day for the messages under it; each message line gives a clock time without seconds or zone, the sender as displayed and the text. Times are kept as wall-clock times to be read in the zone the examiner declares. Multi-line messages are wrapped in double quotes by LINE and are joined with their continuation lines. Media placeholders become media messages whose files are marked omitted; call notices become call messages and call records; unsent notices become deleted messages. Every line is counted as parsed, skipped (header, saved-on, blank and date lines) or rejected with its text and reason.',
  limits: [
    'Times carry no seconds and no zone; messages in the same minute keep file order (line numbers).',
    'Sender names are display names, not identifiers; they are never used to link accounts automatically.',
    'In a 1:1 export the header names the other party, so the only other sender is taken as the exporting owner and message directions follow from that; a third name is flagged instead.',
    'A completed call is attributed to the name LINE wrote beside it; whether that person placed the call is not proven, so its direction is unknown.',
    '`Www, A/B/YYYY` date lines are month-first in English exports and day-first in Thai ones; each line is decided by a number above 12, else by its weekday, else by the declared day/month order or earlier lines, else assumed and flagged.',
    'Years of 2400 and above (or marked BE) are Thai Buddhist Era and converted by subtracting 543.',
    'A clock time of 24:MM is read as 00:MM of the date above it and flagged hour-24; 12-hour times whose hour is above 12 are kept as written and flagged time-inconsistent.',
    'Call, media and unsent notices are recognised only in the wordings listed in the importer (English, Japanese, Chinese, Thai, Korean, Indonesian); others stay text messages.',
    'A quote that never closes ends at the next well-formed message line and is flagged unterminated-quote; a line that merely looks like a message inside a quoted body therefore splits it.',
    'How LINE escapes a double quote inside a quoted body is not documented; a continuation line ending in a double quote closes the body.',
    'Lines that follow a message without quotes are taken as its continuation and flagged unquoted-continuation.',
    'In the header-less space-separated layout the end of a sender name is inferred from the word runs that recur at the start of lines in the whole file (a first pass); a line that matches no inferred name is split after its first word and flagged sender-ambiguous, so a multi-word name seen only once, or a sender who only ever repeats one message, is split wrongly but visibly. A continuation line that itself starts with a clock time is read as a new message.',
    'Lines longer than 4 MiB are cut and flagged line-truncated; Thai Windows (cp874) files need the windows-874 encoding stated, otherwise their lines are kept as raw bytes and flagged invalid-utf8.',
  ],
  sniff: sniffLine,
  parse: parseLine,
};
