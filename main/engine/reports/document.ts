/**
 * The report as a sequence of blocks (headings, paragraphs, label/value lists, tables, images): what the PDF and
 * HTML say, decided once. Renderers only lay blocks out. Text from the evidence (and anything an examiner typed)
 * is marked `seized`, so renderers show it with visible marks, isolated from the surrounding text direction.
 */
import type { GraphDrawing } from '../graph/svg';
import { displayTime } from '../timeline/display-time';
import type { TimelineEvent } from '../timeline/types';
import { cutText, PDF_AUDIT_DETAILS_LIMIT, PROFILE_SEEN_LIMIT } from './limits';
import type { AuditRowOut, EntityProfile, EvidenceOut, ReportModel, ReportNote, TargetAnnotations } from './types';

export interface Inline {
  text: string;
  bold?: boolean;
  mono?: boolean;
  muted?: boolean;
  /** Text from the evidence or typed by a person: shown with visible marks and bidi isolation. */
  seized?: boolean;
  tone?: 'good' | 'bad';
}

export type Content = Inline[];

export interface TableColumn {
  header: string;
  /** Relative width. */
  width: number;
  mono?: boolean;
}

export type Block =
  | { type: 'title'; title: string; lines: [string, Content][] }
  | { type: 'toc' }
  | { type: 'heading'; level: 1 | 2 | 3; text: Content; id?: string }
  | { type: 'para'; content: Content; small?: boolean; /** A caption: kept on the same page as what follows. */ keep?: boolean }
  | { type: 'list'; items: Content[] }
  | { type: 'kv'; rows: [string, Content][] }
  | { type: 'table'; columns: TableColumn[]; rows: () => Iterable<Content[]>; empty: string }
  | { type: 'image'; png: Buffer; caption: string }
  /** The link graph: SVG text for HTML, drawing primitives for PDF (the same picture). */
  | { type: 'graph'; svg: string; drawing: GraphDrawing; caption: string }
  | { type: 'pagebreak' };

const t = (text: string, o: Omit<Inline, 'text'> = {}): Inline => ({ text, ...o });
const seized = (text: string | null | undefined, o: Omit<Inline, 'text' | 'seized'> = {}): Inline => ({ text: text ?? '', seized: true, ...o });
const plain = (text: string): Content => [t(text)];
/** A bold caption paragraph that stays with the table or list after it. */
const caption = (text: string): Block => ({ type: 'para', content: [t(text, { bold: true })], keep: true });
const en = (n: number) => n.toLocaleString('en-US');

function cite(evidence: number | null, source: string | null): Content {
  if (source === null && evidence === null) return [t('(no source record)', { muted: true })];
  return [t(evidence === null ? '' : `E${evidence} `, { bold: true }), seized(source ?? '')];
}

/** Examiner notes: text, who and when (display zone), and whether they were edited or deleted (history in the XLSX). */
function notesContent(notes: ReportNote[], tz: string): Content {
  return notes.flatMap((n, k) => [
    ...(k ? [t(' | ')] : []),
    t(`note ${n.id}: `, { muted: true }),
    ...(n.deleted ? [t('(deleted) ', { tone: 'bad' as const })] : []),
    seized(n.text),
    t(' (', { muted: true }),
    seized(n.examiner, { muted: true }),
    t(`, ${displayTime(Date.parse(n.at), tz)}`, { muted: true }),
    ...(n.edited ? [t(`; edited, ${n.versions} versions, first written by `, { muted: true }), seized(n.createdBy, { muted: true }), t(` ${displayTime(Date.parse(n.created), tz)}`, { muted: true })] : []),
    t(')', { muted: true }),
  ]);
}

/** Tags, bookmark and notes of an entity or evidence item, as key/value rows. */
function targetAnnotationRows(a: TargetAnnotations, tz: string): [string, Content][] {
  const rows: [string, Content][] = [];
  if (a.tags.length) rows.push(['Examiner tags', a.tags.flatMap((x, k) => [...(k ? [t(', ')] : []), seized(x, { bold: true })])]);
  if (a.bookmark) rows.push(['Bookmarked', [t('by '), seized(a.bookmark.examiner), t(` ${displayTime(Date.parse(a.bookmark.at), tz)}`), ...(a.bookmark.label ? [t(': '), seized(a.bookmark.label)] : [])]]);
  if (a.notes.length) rows.push(['Examiner notes', notesContent(a.notes, tz)]);
  return rows;
}

function bytes(n: number): string {
  if (n < 1024) return `${en(n)} bytes`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${en(n)} bytes (${v.toFixed(1)} ${units[i]})`;
}

function verifyContent(e: EvidenceOut, checked: boolean): Content {
  switch (e.verify.status) {
    case 'match':
      return [t('SHA-256 matches', { tone: 'good', bold: true }), t(' — re-hashed at '), seized(e.verify.checkedPath ?? '')];
    case 'mismatch':
      return [t('SHA-256 DIFFERS', { tone: 'bad', bold: true }), t(' — the file at '), seized(e.verify.checkedPath ?? ''), t(' now hashes to '), t(e.verify.actual ?? '', { mono: true })];
    case 'not-found':
      return [t('file not found', { bold: true }), t(` where it was imported from${checked ? ' (nor under the sources folder, if one was given)' : ''}; the hashes above are those recorded at intake`)];
    case 'not-checked':
      return [t('not re-hashed for this report (option)', { muted: true })];
    default: {
      const never: never = e.verify.status;
      return plain(String(never));
    }
  }
}

function evidenceBlocks(m: ReportModel): Block[] {
  const out: Block[] = [
    { type: 'heading', level: 1, text: plain('1  Evidence'), id: 'evidence' },
    {
      type: 'para',
      content: plain(
        `${en(m.evidence.length)} evidence item(s). Each file was hashed (SHA-256, SHA-1, MD5) in one streaming pass when it was taken in, before it was parsed, and the parser read the bytes that were hashed. ` +
          (m.verification.sourcesChecked
            ? `For this report every file was re-hashed where it was imported from${m.meta.options.sourcesDir ? ' or found by name under the sources folder' : ''}: ${m.verification.sourcesMatched} match, ${m.verification.sourcesMismatched} differ, ${m.verification.sourcesMissing} not found.`
            : 'The files were not re-hashed for this report.'),
      ),
    },
  ];
  for (const e of m.evidence) {
    const a = e.accounting;
    const reasons = Object.entries(a.reasons);
    out.push({ type: 'heading', level: 3, text: [t(`E${e.id}  `), seized(e.fileName)] });
    out.push({
      type: 'kv',
      rows: [
        ['Path as given', [seized(e.pathGiven)]],
        ...(e.pathResolved !== undefined ? [['Path read (links resolved)', [seized(e.pathResolved)]] as [string, Content]] : []),
        ['Size', plain(bytes(e.size))],
        ['SHA-256', [t(e.sha256, { mono: true })]],
        ['SHA-1', [t(e.sha1, { mono: true })]],
        ['MD5', [t(e.md5, { mono: true })]],
        ['File modified (UTC)', plain(e.mtime ?? 'unknown')],
        ['Importer', plain(`${e.importerLabel} (${e.format} ${e.importerVersion})${e.layout ? `, layout ${e.layout}` : ''}`)],
        ['Declared', [t(`zone ${e.tz}; date order ${e.dateOrder ?? 'not needed / inferred'}; phone region ${e.region ?? 'none'}; device owner `), seized(e.owner ?? 'not declared')]],
        ['Taken in', [t(`${e.imported} by `), seized(e.examiner)]],
        [
          'Units read',
          plain(
            `${en(a.seen)} ${a.unit}(s): ${en(a.parsed)} parsed, ${en(a.skipped)} skipped, ${en(a.rejected)} rejected` +
              (reasons.length ? ` (${reasons.map(([r, n]) => `${r}: ${en(n)}`).join('; ')})` : ''),
          ),
        ],
        ['Records', plain(Object.entries(e.records).map(([k, n]) => `${k} ${en(n)}`).join(', ') || 'none')],
        ...(e.duplicateOf !== null ? [['Duplicate of', plain(`E${e.duplicateOf} (same bytes, imported again on purpose)`)] as [string, Content]] : []),
        ['Verification at report time', verifyContent(e, m.verification.sourcesChecked)],
      ],
    });
  }
  return out;
}

function pct(p: number | null): string {
  return p === null ? 'not measured (no instances in the corpus)' : `${(p * 100).toFixed(1)}%`;
}

function methodologyBlocks(m: ReportModel): Block[] {
  const me = m.methodology;
  const l = me.linking;
  const out: Block[] = [
    { type: 'pagebreak' },
    { type: 'heading', level: 1, text: plain('2  Methodology'), id: 'methodology' },
    { type: 'heading', level: 2, text: plain('2.1  Importers used in this case') },
  ];
  for (const imp of me.importers) {
    const versions = imp.evidenceVersions.join(', ');
    out.push({ type: 'heading', level: 3, text: plain(`${imp.label} — importer "${imp.id}" ${imp.version}`) });
    out.push({ type: 'para', content: [t(`Used for ${imp.items.map((i) => `E${i}`).join(', ')}`, { bold: true }), t(`; imported with version ${versions}.${versions !== imp.version ? ` The text below is that of version ${imp.version} in this build.` : ''}`)] });
    out.push({ type: 'para', content: plain(imp.method) });
    if (imp.limits.length) {
      out.push(caption('Known limits'));
      out.push({ type: 'list', items: imp.limits.map(plain) });
    }
  }
  out.push({ type: 'heading', level: 2, text: plain('2.2  Times') }, { type: 'list', items: me.time.map(plain) });
  out.push({ type: 'heading', level: 2, text: plain('2.3  Identifier normalisation') }, { type: 'list', items: me.normalisation.map(plain) });
  out.push(
    { type: 'heading', level: 2, text: plain(`2.4  Linking (linker ${l.version})`) },
    { type: 'list', items: l.statement.map(plain) },
    caption('Automatic rules and their measured precision'),
    {
      type: 'table',
      columns: [{ header: 'Rule', width: 1.1 }, { header: 'What it links on', width: 4 }, { header: 'Links in corpus', width: 0.8 }, { header: 'Precision', width: 0.8 }],
      rows: () => l.automatic.map((r) => [plain(r.rule), plain(r.description), plain(en(r.measuredOn)), plain(pct(r.precision))]),
      empty: '',
    },
    {
      type: 'para',
      content: plain(
        `All automatic rules together: pairwise precision ${pct(l.overall.precision)}, recall ${pct(l.overall.recall)} (the most the structured records allow on that corpus: ${pct(l.overall.recallBound)}; the remaining true pairs are joined only by what people write in messages, which is left to suggestions and the examiner).`,
      ),
    },
    {
      type: 'para',
      small: true,
      content: plain(
        `Measured on: ${l.corpus.description} ${l.corpus.people} people, ${l.corpus.decoys} decoys, ${l.corpus.items} labelled items, ${l.corpus.truePairs} true pairs. These figures describe that corpus, not this case; they are re-measured by Threadline's test suite on every build.`,
      ),
    },
    caption('Links an examiner makes'),
    { type: 'list', items: l.examiner.map((r) => [t(`${r.rule}: `, { bold: true }), t(r.description)]) },
    caption('Suggestion rules (never link by themselves) and their measured precision'),
    {
      type: 'table',
      columns: [{ header: 'Rule', width: 1.1 }, { header: 'What it suggests on', width: 4 }, { header: 'Raised in corpus', width: 0.8 }, { header: 'Precision', width: 0.8 }],
      rows: () => l.suggestions.map((r) => [plain(r.rule), plain(r.description), plain(en(r.measuredOn)), plain(pct(r.precision))]),
      empty: '',
    },
    caption('Examiner decisions recorded in this case'),
    {
      type: 'table',
      columns: [{ header: '#', width: 0.35 }, { header: 'Decision', width: 2.4 }, { header: 'Justification', width: 2.2 }, { header: 'By, when (UTC)', width: 1.3 }],
      rows: () =>
        l.decisions.map((d) => [
          plain(String(d.id)),
          [seized(d.subject), ...(d.undoneBy !== null ? [t(` (undone by decision ${d.undoneBy})`, { muted: true })] : [])],
          [seized(d.why)],
          [seized(d.examiner), t(`, ${d.at}`)],
        ]),
      empty: 'No examiner decisions: no suggestion was confirmed or rejected, and no entity was merged, split or named.',
    },
  );
  if (l.unlinkedEvidence.length) out.push({ type: 'para', content: [t(`Not yet linked: ${l.unlinkedEvidence.map((e) => `E${e}`).join(', ')}. Run threadline link CASE; their identifiers are not in the entity profiles.`, { tone: 'bad' })] });
  out.push({ type: 'heading', level: 2, text: plain('2.5  How this report shows text and writes values') }, { type: 'list', items: me.output.map(plain) });
  return out;
}

function seenRows(e: EntityProfile): Content[][] {
  const rows: Content[][] = [];
  for (const i of e.identifiers) {
    const head: Content = [t(`${i.kind} `, { bold: true }), seized(i.value, { mono: true })];
    if (!i.valid) head.push(t(' invalid, never linked', { tone: 'bad' }));
    if (i.mentionedOnly) head.push(t(' mentioned only', { muted: true }));
    if (i.flags.length) head.push(t(` [${i.flags.join(', ')}]`, { muted: true }));
    const all = [...i.seen.map((s) => ({ ...s, mentioned: false })), ...i.mentioned.map((s) => ({ ...s, role: 'mentioned', count: 1, mentioned: true }))];
    const shown = all.slice(0, PROFILE_SEEN_LIMIT);
    // Later rows repeat the identifier quietly, so a row read alone (or after a page break) still says whose it is.
    const again: Content = [t(`${i.kind} `, { muted: true }), seized(i.value, { mono: true, muted: true })];
    shown.forEach((s, k) => {
      rows.push([k === 0 ? head : again, [t(`${s.role}${s.count > 1 ? ` ×${en(s.count)}` : ''}: `, { muted: true }), seized(s.raw)], cite(s.evidence, s.source)]);
    });
    if (all.length === 0) rows.push([head, plain('—'), plain('—')]);
    if (all.length > shown.length) rows.push([[], [t(`… ${en(all.length - shown.length)} more places`, { muted: true })], [t('listed in the XLSX report, sheet Identifiers', { muted: true })]]);
  }
  return rows;
}

function entityBlocks(m: ReportModel): Block[] {
  const tz = m.meta.displayTz;
  const out: Block[] = [{ type: 'heading', level: 2, text: plain('3.1  Entities (who is who)'), id: 'entities' }];
  const sel = m.meta.options.entities;
  out.push({
    type: 'para',
    content: plain(
      `${en(m.entities.length)} entity profile(s): ${Array.isArray(sel) ? 'the entities selected for this report' : sel === 'linked' ? 'every entity joining two or more identifiers or accounts' : sel === 'all' ? 'every entity in the case' : 'none selected'}. An entity is a set of identifiers and accounts joined by the links listed with it; each place an identifier was seen cites its evidence item and line, row or path.`,
    ),
  });
  if (m.missingEntities.length) out.push({ type: 'para', content: [t(`Selected but not in the case: ${m.missingEntities.map((e) => `N${e}`).join(', ')}.`, { tone: 'bad' })] });
  for (const e of m.entities) {
    out.push({ type: 'heading', level: 3, text: [t(`N${e.id}  `), seized(e.name)] });
    out.push({
      type: 'kv',
      rows: [
        ['Name', [seized(e.name), t(` (${e.nameFrom})`, { muted: true })]],
        ['Evidence items', plain(e.evidence.map((x) => `E${x}`).join(', ') || 'none')],
        ['Active', plain(e.firstSeen && e.lastSeen ? `${displayTime(Date.parse(e.firstSeen), tz)} to ${displayTime(Date.parse(e.lastSeen), tz)}` : 'no dated record')],
        ['Names seen', e.names.length ? e.names.slice(0, 12).flatMap((n, k) => [...(k ? [t('; ')] : []), seized(n.name), t(' ('), ...cite(n.evidence, n.source).map((x) => ({ ...x, muted: true })), t(')')]).concat(e.names.length > 12 ? [t(`; and ${e.names.length - 12} more`, { muted: true })] : []) : plain('none')],
        ...targetAnnotationRows(m.annotations.entities.get(e.id) ?? { tags: [], colours: [], bookmark: null, notes: [] }, tz),
      ],
    });
    out.push({
      type: 'table',
      columns: [{ header: 'Identifier', width: 2 }, { header: 'Seen as', width: 1.7 }, { header: 'Source (evidence item, line/row/path)', width: 2.6 }],
      rows: () => seenRows(e),
      empty: 'No identifiers: the entity is accounts only.',
    });
    if (e.accounts.length) {
      out.push({
        type: 'table',
        columns: [{ header: 'Account', width: 2 }, { header: 'Platform / key', width: 1.7 }, { header: 'Source', width: 2.6 }],
        rows: () => e.accounts.map((a) => [[seized(a.display ?? a.key), ...(a.owner ? [t(' (device owner)', { muted: true })] : [])], [t(`${a.platform} `), seized(a.key, { mono: true })], cite(a.evidence, a.source)]),
        empty: '',
      });
    }
    out.push({
      type: 'table',
      columns: [{ header: 'Link', width: 1.2 }, { header: 'Between', width: 2.3 }, { header: 'Why (record or decision)', width: 2.8 }],
      rows: () =>
        e.links.map((k) => [
          [t(`#${k.id} `, { muted: true }), t(k.rule, { bold: true })],
          [seized(k.a), t(' — '), seized(k.b)],
          k.decision
            ? [t(`examiner decision ${k.decision.id} by `), seized(k.decision.examiner), t(` at ${k.decision.at}: `), seized(k.decision.why)]
            : [...cite(k.evidence, k.source), ...(k.count > 1 ? [t(` (and ${en(k.count - 1)} more record(s) in that item)`, { muted: true })] : [])],
        ]),
      empty: 'No links: a single identifier or account.',
    });
  }
  return out;
}

/** A short kind label for a narrow column: "text", "call missed", "transfer", "contact card". */
function kindLabel(e: TimelineEvent): string {
  switch (e.kind) {
    case 'message':
      return e.subkind;
    case 'call':
      return `call ${e.subkind}`;
    case 'transaction':
      return 'transfer';
    case 'contact':
      return 'contact card';
    case 'row':
      return 'sheet row';
    case 'file':
      return `file ${e.subkind}`;
    default: {
      const never: never = e.kind;
      return String(never);
    }
  }
}

export function eventRow(e: TimelineEvent): Content[] {
  const text: Content = [seized(e.text)];
  if (e.attachments.length && e.kind === 'message') text.push(t(' [attachment: ', { muted: true }), seized(e.attachments.join(', ')), t(']', { muted: true }));
  if (e.flags.length) text.push(t(` {${e.flags.join(', ')}}`, { muted: true }));
  const time: Content = [t(e.display?.time ?? '(no time)')];
  if (e.tsRaw && e.tsZone && e.tsZone !== 'UTC') time.push(t(` as written "${e.tsRaw}" (${e.tsZone})`, { muted: true }));
  return [
    time,
    [t(kindLabel(e)), t(` ${e.id}`, { muted: true })],
    e.from === null && e.to === null ? [] : [seized(e.from ?? ''), t(' → ', { muted: true }), seized(e.to ?? '')],
    text,
    cite(e.evidence, e.source),
  ];
}

const EVENT_COLUMNS: TableColumn[] = [
  { header: 'Time', width: 1.25 },
  { header: 'Kind', width: 0.65 },
  { header: 'From → to', width: 1.3 },
  { header: 'Content', width: 2.9 },
  { header: 'Source', width: 1.5 },
];

function findingBlocks(m: ReportModel): Block[] {
  const out: Block[] = [{ type: 'pagebreak' }, { type: 'heading', level: 1, text: plain('3  Findings'), id: 'findings' }, ...entityBlocks(m)];
  out.push({ type: 'heading', level: 2, text: plain('3.2  Bookmarked and tagged events'), id: 'annotations' });
  const an = m.annotations;
  const tz = m.meta.displayTz;
  if (!an.available) {
    out.push({ type: 'para', content: plain("No event, entity or evidence item in this case carries an examiner's tag, bookmark or note.") });
  } else {
    out.push({
      type: 'para',
      content: plain(
        `${en(an.items.length + an.omitted)} annotated event(s)${an.omitted ? ` (the first ${en(an.items.length)} in time order are listed; all are in the XLSX report, sheet Annotations)` : ''}, from ${an.source}. Times in ${tz}. An edited note shows its current text and says it was edited; every earlier version is in the Annotations sheet and the audit log.`,
      ),
    });
    out.push({
      type: 'table',
      columns: [...EVENT_COLUMNS.slice(0, 4), { header: 'Tags, bookmark and notes', width: 1.6 }, EVENT_COLUMNS[4]!],
      rows: () =>
        an.items.map((a) => {
          const row = eventRow(a.event);
          const marks: Content = [
            ...a.tags.flatMap((x, k) => [...(k ? [t(', ')] : []), seized(x, { bold: true })]),
            ...(a.bookmarked ? [t(a.tags.length ? ' · bookmarked' : 'bookmarked'), ...(a.bookmarkLabel ? [t(': '), seized(a.bookmarkLabel)] : [])] : []),
            ...(a.notes.length ? [t(a.tags.length || a.bookmarked ? ' · ' : ''), ...notesContent(a.notes, tz)] : []),
          ];
          return [...row.slice(0, 4), marks, row[4]!];
        }),
      empty: 'No event is tagged, bookmarked or annotated (see below for entities and evidence items).',
    });
    const others = [...an.evidence.entries()].map(([id, a]) => ({ what: `E${id}`, a })).concat([...an.entities.entries()].map(([id, a]) => ({ what: `N${id}`, a })));
    if (others.length) {
      out.push(caption('Annotated evidence items and entities'));
      out.push({
        type: 'table',
        columns: [{ header: 'Item', width: 1.6 }, { header: 'Tags, bookmark and notes', width: 3.4 }, { header: 'Source', width: 2 }],
        rows: () =>
          others.map(({ what, a }) => [
            [t(`${what} `, { bold: true }), seized(a.title)],
            targetAnnotationRows(a, tz).flatMap(([k, v], i) => [...(i ? [t(' · ')] : []), t(`${k}: `, { muted: true }), ...v]),
            [seized(a.source)],
          ]),
        empty: '',
      });
    }
  }
  const g = m.linkGraph;
  // The picture takes most of a page: start it on a fresh one so the heading stays with it (HTML ignores this).
  if (g.included && g.nodes.length > 0) out.push({ type: 'pagebreak' });
  out.push({ type: 'heading', level: 2, text: plain('3.3  Link graph'), id: 'graph' });
  if (g.included && g.nodes.length === 0) {
    out.push({ type: 'para', content: plain(`No messages, calls or transactions join two entities in the report's selection (${m.timeline.filterLines.join('; ')}), so there is no link graph to draw.`) });
    if (g.notes.length) out.push({ type: 'list', items: g.notes.map((n) => [t(n, { muted: true })]) });
  } else if (g.included) {
    out.push({ type: 'para', content: plain(`The links between entities in the report's selection (${m.timeline.filterLines.join('; ')}): an entity is a circle, a link a line coloured by kind.`) });
    out.push({ type: 'graph', svg: g.svg, drawing: g.drawing, caption: `Link graph of the selection. ${g.caption[0]}` });
    out.push({ type: 'list', items: g.caption.slice(1).map(plain) });
    if (g.notes.length) out.push({ type: 'list', items: g.notes.map((n) => [t(n, { muted: true })]) });
  } else if (m.graph) out.push({ type: 'image', png: m.graph.png, caption: m.graph.caption });
  else if (!m.meta.options.graph) out.push({ type: 'para', content: plain('The link graph was not included in this report. The entity profiles above list every link with its reason.') });
  else out.push({ type: 'para', content: plain('No link graph image is attached to this report. The entity profiles above list every link with its reason.') });
  const tl = m.timeline;
  out.push({ type: 'pagebreak' }, { type: 'heading', level: 2, text: plain('3.4  Timeline excerpt'), id: 'timeline' });
  if (!tl.included) {
    out.push({ type: 'para', content: plain('The timeline excerpt was not included in this report.') });
    return out;
  }
  out.push({ type: 'para', content: [t('Selection: ', { bold: true }), seized(tl.filterLines.join('; '))] });
  out.push({
    type: 'para',
    content: plain(`${en(tl.matched)} event(s) match; ${en(tl.shown)} shown in time order. Times in ${m.meta.displayTz}; where the source wrote a wall-clock time, it is repeated as written with the zone it was read in.`),
  });
  if (tl.notes.length) out.push({ type: 'list', items: tl.notes.map((n) => [t(n, { muted: true })]) });
  out.push({ type: 'table', columns: EVENT_COLUMNS, rows: () => iterateEvents(tl.pages()), empty: 'No event matches the selection.' });
  return out;
}

function* iterateEvents(pages: Iterable<TimelineEvent[]>): Generator<Content[]> {
  for (const page of pages) for (const e of page) yield eventRow(e);
}

function auditRow(a: AuditRowOut, full: boolean): Content[] {
  return [
    plain(String(a.seq)),
    [t(a.ts), t(' '), seized(a.examiner, { muted: true })],
    [t(a.action, { bold: true })],
    [seized(full ? a.details : cutText(a.details, PDF_AUDIT_DETAILS_LIMIT, `(entry ${a.seq} in full in the XLSX report)`), { mono: true })],
    [t(a.hash, { mono: true })],
  ];
}

function auditBlocks(m: ReportModel, fullDetails: boolean): Block[] {
  const c = m.chain;
  const out: Block[] = [
    { type: 'pagebreak' },
    { type: 'heading', level: 1, text: plain('Appendix A  Audit log'), id: 'audit' },
    {
      type: 'para',
      content: plain(
        'Every change to the case (creation, each import with its parameters, parser version and counts, link decisions, annotations, verify runs, reports) is an entry in an append-only log. Each entry\'s hash is SHA-256 over the RFC 8785 canonical JSON of the entry and the previous entry\'s hash, so anyone can recompute the chain; the head below fixes the state this report describes.',
      ),
    },
    {
      type: 'kv',
      rows: [
        ['Chain head', [t(c.headHash, { mono: true, bold: true })]],
        ['Head entry', plain(`${c.headSeq} of ${c.headTime}`)],
        ['Chain verification', c.verdict.ok ? [t(`verified: ${en(c.entries)} entries recomputed from the genesis hash`, { tone: 'good' })] : [t(`BROKEN at entry ${c.verdict.firstBadSeq}: ${c.verdict.problem}`, { tone: 'bad', bold: true })]],
        ['Database integrity', m.verification.integrity.ok ? [t('integrity_check ok', { tone: 'good' })] : [t(m.verification.integrity.messages.join('; '), { tone: 'bad' })]],
      ],
    },
    caption('Entries by action'),
    {
      type: 'table',
      columns: [{ header: 'Action', width: 2 }, { header: 'Entries', width: 0.7 }, { header: 'First (UTC)', width: 1.6 }, { header: 'Last (UTC)', width: 1.6 }],
      rows: () => m.audit.byAction.map((a) => [plain(a.action), plain(en(a.count)), plain(a.first), plain(a.last)]),
      empty: '',
    },
  ];
  if (m.meta.options.includeAudit) {
    out.push({ type: 'para', content: [t('The full log', { bold: true }), t(fullDetails ? '' : ` (details longer than ${en(PDF_AUDIT_DETAILS_LIMIT)} characters are cut here; the XLSX and HTML reports hold them whole)`, { muted: true })] });
    out.push({
      type: 'table',
      columns: [{ header: '#', width: 0.35 }, { header: 'Time (UTC), examiner', width: 1.3 }, { header: 'Action', width: 1 }, { header: 'Details (canonical JSON)', width: 3.2 }, { header: 'Entry hash', width: 1.35, mono: true }],
      rows: function* () {
        for (const page of m.audit.pages()) for (const a of page) yield auditRow(a, fullDetails);
      },
      empty: '',
    });
  } else {
    out.push({ type: 'para', content: plain('The full log (every entry with its details and hashes) is in the XLSX report, sheet Audit, and in a report made with --include-audit.') });
  }
  return out;
}

function titleBlock(m: ReportModel): Block {
  const me = m.meta;
  const v = m.verification;
  const verifyLine: Content = v.ok
    ? [t('passed', { tone: 'good', bold: true }), t(` — database integrity ok; audit chain verified (${en(m.chain.entries)} entries); evidence files ${v.sourcesChecked ? `${v.sourcesMatched} of ${m.evidence.length} re-hashed and matching${v.sourcesMissing ? `, ${v.sourcesMissing} not found` : ''}` : 'not re-hashed'}`)]
    : [t('FAILED', { tone: 'bad', bold: true }), t(` — integrity ${v.integrity.ok ? 'ok' : 'FAILED'}; audit chain ${v.chainOk ? 'ok' : `BROKEN (${v.chainProblem ?? ''})`}; evidence files: ${v.sourcesMismatched} differ, ${v.sourcesMissing} not found`)];
  return {
    type: 'title',
    title: 'Forensic examination report',
    lines: [
      ['Case number', [seized(me.caseNumber, { bold: true })]],
      ['Case title', [seized(me.title ?? '(none)')]],
      ['Examiner', [seized(me.examiner)]],
      ['Agency', [seized(me.agency ?? '(none)')]],
      ['Report date', plain(`${me.reportDateDisplay}${me.options.reportDate === null ? ' (time of the last audit entry)' : ''}`)],
      ['Case state', plain(`audit entry ${m.chain.headSeq} of ${m.chain.headTime} (UTC)`)],
      ['Audit chain head', [t(m.chain.headHash, { mono: true })]],
      ['Verification at report time', verifyLine],
      ['Tool', plain(`${me.tool.name} ${me.tool.version}, build ${me.tool.build}; case schema ${me.schemaVersion}`)],
      ['Display time zone', plain(`${me.displayTz} (the case's zone is ${me.caseTz}; every time is stored in UTC)`)],
      ['Case', plain(`created ${me.caseCreated}; id ${me.caseUuid}`)],
      ...me.optionLines.map((l, i): [string, Content] => [i === 0 ? 'Report options' : '', [seized(l)]]),
    ],
  };
}

/** The whole report as blocks, in reading order. `fullAuditDetails`: print audit details uncut (HTML). */
export function buildDocument(m: ReportModel, o: { fullAuditDetails: boolean }): Block[] {
  return [titleBlock(m), { type: 'toc' }, { type: 'pagebreak' }, ...evidenceBlocks(m), ...methodologyBlocks(m), ...findingBlocks(m), ...auditBlocks(m, o.fullAuditDetails)];
}
