/**
 * The report model as flat tables (one row per evidence item, entity, identifier occurrence, link, event, audit
 * entry) for the XLSX sheets and CSV files. Every text cell is made visible (bidi and invisible characters as
 * marks) here, so both formats carry the same text; numbers the tool computed stay numbers.
 */
import { displayTime } from '../timeline/display-time';
import type { TimelineEvent } from '../timeline/types';
import type { CsvTable, ReportModel } from './types';
import { visibleText } from './visible-text';

export type Cell = string | number | null;

export interface Column {
  key: string;
  header: string;
  /** Spreadsheet column width in characters. */
  width: number;
}

export interface TableSpec {
  name: CsvTable | 'report';
  /** Sheet name (≤ 31 characters, no []:*?/\). */
  sheet: string;
  columns: Column[];
  rows: () => Iterable<Cell[]>;
}

const v = (s: string | null | undefined): string => visibleText(s ?? '');
const col = (key: string, width: number, header = key): Column => ({ key, header, width });
const ev = (n: number | null | undefined): string => (n === null || n === undefined ? '' : `E${n}`);

export function eventCells(e: TimelineEvent): Cell[] {
  return [
    e.id,
    e.display?.time ?? '',
    e.ts ?? '',
    v(e.tsRaw),
    e.tsZone ?? '',
    e.kind,
    v(e.subkind),
    ev(e.evidence),
    v(e.chat?.name),
    v(e.from),
    v(e.to),
    v(e.text),
    v(e.attachments.join('; ')),
    v(e.source),
    e.flags.join(', '),
  ];
}

export const EVENT_COLUMNS: Column[] = [
  col('event', 10),
  col('time_display', 26),
  col('time_utc', 25),
  col('time_as_written', 24),
  col('zone_read_in', 16),
  col('kind', 11),
  col('subkind', 12),
  col('evidence', 8),
  col('chat', 24),
  col('from', 24),
  col('to', 24),
  col('text', 70),
  col('attachments', 24),
  col('source', 44),
  col('flags', 20),
];

function evidenceTable(m: ReportModel): TableSpec {
  return {
    name: 'evidence',
    sheet: 'Evidence',
    columns: [
      col('evidence', 8), col('file', 36), col('path_given', 50), col('size_bytes', 12), col('sha256', 66), col('sha1', 42), col('md5', 34), col('file_mtime_utc', 25),
      col('importer', 18), col('importer_version', 10), col('layout', 18), col('declared_zone', 18), col('date_order', 10), col('phone_region', 8), col('device_owner', 18),
      col('unit', 8), col('units_seen', 10), col('units_parsed', 10), col('units_skipped', 10), col('units_rejected', 10), col('skip_reject_reasons', 30), col('records', 40),
      col('imported_utc', 25), col('imported_by', 18), col('duplicate_of', 10), col('verify_at_report', 14), col('verify_path', 50), col('verify_sha256', 66),
    ],
    rows: function* () {
      for (const e of m.evidence) {
        yield [
          ev(e.id), v(e.fileName), v(e.pathGiven), e.size, e.sha256, e.sha1, e.md5, e.mtime ?? '',
          e.format, e.importerVersion, e.layout ?? '', e.tz, e.dateOrder ?? '', e.region ?? '', v(e.owner),
          e.accounting.unit, e.accounting.seen, e.accounting.parsed, e.accounting.skipped, e.accounting.rejected,
          v(Object.entries(e.accounting.reasons).map(([r, n]) => `${r}: ${n}`).join('; ')),
          Object.entries(e.records).map(([k, n]) => `${k}: ${n}`).join('; '),
          e.imported, v(e.examiner), ev(e.duplicateOf), e.verify.status, v(e.verify.checkedPath), e.verify.actual ?? '',
        ];
      }
    },
  };
}

function entitiesTable(m: ReportModel): TableSpec {
  return {
    name: 'entities',
    sheet: 'Entities',
    columns: [col('entity', 8), col('name', 28), col('name_from', 30), col('identifiers', 60), col('accounts', 60), col('evidence', 24), col('links', 8), col('first_seen', 26), col('last_seen', 26)],
    rows: function* () {
      const tz = m.meta.displayTz;
      for (const e of m.entities) {
        yield [
          `N${e.id}`,
          v(e.name),
          e.nameFrom,
          v(e.identifiers.map((i) => `${i.kind} ${i.value}${i.valid ? '' : ' (invalid)'}${i.mentionedOnly ? ' (mentioned only)' : ''}`).join('; ')),
          v(e.accounts.map((a) => `${a.platform} "${a.display ?? a.key}" (E${a.evidence})${a.owner ? ' owner' : ''}`).join('; ')),
          e.evidence.map((x) => `E${x}`).join(' '),
          e.links.length,
          e.firstSeen ? displayTime(Date.parse(e.firstSeen), tz) : '',
          e.lastSeen ? displayTime(Date.parse(e.lastSeen), tz) : '',
        ];
      }
    },
  };
}

function identifiersTable(m: ReportModel): TableSpec {
  return {
    name: 'identifiers',
    sheet: 'Identifiers',
    columns: [col('entity', 8), col('entity_name', 26), col('kind', 10), col('value', 34), col('valid', 6), col('flags', 24), col('role', 14), col('written_as', 30), col('records', 8), col('evidence', 8), col('source', 50)],
    rows: function* () {
      for (const e of m.entities) {
        for (const i of e.identifiers) {
          const base = [`N${e.id}`, v(e.name), i.kind, v(i.value), i.valid ? 'yes' : 'no', i.flags.join(', ')];
          for (const s of i.seen) yield [...base, s.role, v(s.raw), s.count, ev(s.evidence), v(s.source)];
          for (const s of i.mentioned) yield [...base, 'mentioned', v(s.raw), 1, ev(s.evidence), v(s.source)];
          if (i.seen.length === 0 && i.mentioned.length === 0) yield [...base, '', '', 0, '', ''];
        }
      }
    },
  };
}

function linksTable(m: ReportModel): TableSpec {
  return {
    name: 'links',
    sheet: 'Links',
    columns: [col('link', 8), col('entity', 8), col('rule', 20), col('between', 40), col('and', 40), col('evidence', 8), col('source', 50), col('records', 8), col('decision', 8), col('decided_by', 18), col('decided_utc', 25), col('justification', 50), col('rule_description', 60)],
    rows: function* () {
      for (const e of m.entities) {
        for (const l of e.links) {
          yield [
            l.id, `N${e.id}`, l.rule, v(l.a), v(l.b), ev(l.evidence), v(l.source), l.count,
            l.decision ? l.decision.id : '', v(l.decision?.examiner), l.decision?.at ?? '', v(l.decision?.why), l.reason,
          ];
        }
      }
    },
  };
}

function eventsTable(m: ReportModel): TableSpec {
  return {
    name: 'events',
    sheet: 'Events',
    columns: EVENT_COLUMNS,
    rows: function* () {
      for (const page of m.timeline.pages()) for (const e of page) yield eventCells(e);
    },
  };
}

function auditTable(m: ReportModel): TableSpec {
  return {
    name: 'audit',
    sheet: 'Audit',
    columns: [col('seq', 7), col('time_utc', 25), col('examiner', 18), col('tool_version', 22), col('action', 20), col('details_json', 90), col('prev_hash', 66), col('hash', 66)],
    rows: function* () {
      for (const page of m.audit.pages()) for (const a of page) yield [a.seq, a.ts, v(a.examiner), a.toolVersion, a.action, v(a.details), a.prevHash, a.hash];
    },
  };
}

/** The cover facts as label/value rows: the first sheet of the XLSX. */
function reportTable(m: ReportModel): TableSpec {
  const meta = m.meta;
  const lines: [string, string][] = [
    ['Report', `${meta.tool.name} forensic report`],
    ['Case number', v(meta.caseNumber)],
    ['Case title', v(meta.title)],
    ['Examiner', v(meta.examiner)],
    ['Agency', v(meta.agency)],
    ['Report date', `${meta.reportDateDisplay} (${meta.reportDate})`],
    ['Case state', `audit entry ${m.chain.headSeq} of ${m.chain.headTime}`],
    ['Audit chain head (SHA-256)', m.chain.headHash],
    ['Audit chain', m.chain.verdict.ok ? `verified: ${m.chain.entries} entries` : `BROKEN: ${m.verification.chainProblem ?? ''}`],
    ['Database integrity', m.verification.integrity.ok ? 'ok' : m.verification.integrity.messages.join('; ')],
    ['Evidence files', m.verification.sourcesChecked ? `${m.verification.sourcesMatched} match, ${m.verification.sourcesMismatched} mismatch, ${m.verification.sourcesMissing} not found` : 'not re-hashed for this report'],
    ['Tool', `${meta.tool.name} ${meta.tool.version} (build ${meta.tool.build})`],
    ['Case schema version', String(meta.schemaVersion)],
    ['Display time zone', meta.displayTz],
    ...meta.optionLines.map((l): [string, string] => ['Option', v(l)]),
    ...m.methodology.output.map((l): [string, string] => ['How values are written', l]),
  ];
  return { name: 'report', sheet: 'Report', columns: [col('item', 28), col('value', 120)], rows: () => lines };
}

/** One row per tag, bookmark and note version on every annotated target. */
export function annotationsTable(m: ReportModel): TableSpec {
  const tz = m.meta.displayTz;
  const shown = (iso: string) => displayTime(Date.parse(iso), tz);
  return {
    name: 'annotations',
    sheet: 'Annotations',
    columns: [
      col('target', 12),
      col('target_type', 10),
      col('time_display', 26),
      col('time_utc', 25),
      col('about', 24),
      col('content', 50),
      col('annotation', 12),
      col('value', 50),
      col('colour', 10),
      col('note_version', 8),
      col('examiner', 18),
      col('at_display', 26),
      col('at_utc', 25),
      col('source', 40),
    ],
    rows: function* () {
      for (const a of m.annotations.all) {
        const target = a.target.type === 'event' ? a.target.id : a.target.type === 'entity' ? `N${a.entity ?? a.target.id}` : `E${a.target.id}`;
        const head: Cell[] = [target, a.target.type, a.display?.time ?? '', a.ts ?? '', v(a.title), v(a.text)];
        const tail = (examiner: string, at: string): Cell[] => [v(examiner), shown(at), at, v(a.source)];
        for (const t of a.tags) yield [...head, 'tag', v(t.name), t.colour, null, ...tail(t.examiner, t.at)];
        if (a.bookmark) yield [...head, 'bookmark', v(a.bookmark.label), '', null, ...tail(a.bookmark.examiner, a.bookmark.at)];
        for (const n of a.notes) {
          for (const h of n.history) yield [...head, h.text === null ? `note ${n.id} deleted` : `note ${n.id}`, v(h.text), '', h.version, ...tail(h.examiner, h.at)];
        }
      }
    },
  };
}

/** The entities drawn in the link graph (none when the graph is left out). */
export function graphNodesTable(m: ReportModel): TableSpec {
  const g = m.linkGraph;
  const labelled = new Set(g.drawing.labels.map((l) => l.id));
  return {
    name: 'graph-nodes',
    sheet: 'Graph nodes',
    columns: [col('entity', 10), col('name', 36), col('activity', 10), col('neighbours_in_selection', 12), col('named_on_picture', 10)],
    rows: () => (g.included ? g.nodes.map((n): Cell[] => [`N${n.id}`, v(n.label), n.activity, n.degree, labelled.has(n.id) ? 'yes' : 'no']) : []),
  };
}

/** The links drawn in the link graph, one row per pair and kind, with the number and time span of their records. */
export function graphEdgesTable(m: ReportModel): TableSpec {
  const g = m.linkGraph;
  const tz = m.meta.displayTz;
  const names = new Map(g.nodes.map((n) => [n.id, v(n.label)]));
  const shown = (iso: string | null) => (iso === null ? '' : displayTime(Date.parse(iso), tz));
  return {
    name: 'graph-edges',
    sheet: 'Graph edges',
    columns: [col('entity_a', 10), col('name_a', 30), col('entity_b', 10), col('name_b', 30), col('kind', 12), col('records', 9), col('first_display', 26), col('first_utc', 25), col('last_display', 26), col('last_utc', 25)],
    rows: () =>
      g.included
        ? g.edges.map((e): Cell[] => [`N${e.source}`, names.get(e.source) ?? '', `N${e.target}`, names.get(e.target) ?? '', e.kind, e.weight, shown(e.first), e.first ?? '', shown(e.last), e.last ?? ''])
        : [],
  };
}

export function reportTables(m: ReportModel): Record<CsvTable | 'report', TableSpec> {
  return {
    report: reportTable(m),
    evidence: evidenceTable(m),
    entities: entitiesTable(m),
    identifiers: identifiersTable(m),
    links: linksTable(m),
    events: eventsTable(m),
    audit: auditTable(m),
    annotations: annotationsTable(m),
    'graph-nodes': graphNodesTable(m),
    'graph-edges': graphEdgesTable(m),
  };
}
