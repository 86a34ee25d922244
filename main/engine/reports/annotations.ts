/**
 * The examiner's annotations in a report: bookmarked and tagged events with their notes for the findings, notes
 * and tags on entities for their profiles, annotated evidence items, and the full annotation history (every note
 * version, deletions included) for the XLSX "annotations" sheet / CSV table (tables.ts annotationsTable).
 */
import type { NoteWire } from '../../../shared/annotations';
import { listAnnotated, type Annotated } from '../annotations';
import type { SqlDb } from '../db/case-db';
import type { AnnotatedEvent, ReportAnnotations, ReportModel, ReportNote, TargetAnnotations } from './types';

function reportNote(n: NoteWire): ReportNote {
  const last = n.history[n.history.length - 1];
  const lastText = [...n.history].reverse().find((h) => h.text !== null)?.text ?? '';
  return { id: n.id, text: n.deleted ? lastText : (n.text ?? ''), examiner: n.examiner, at: n.at, createdBy: n.createdBy, created: n.created, edited: n.edited, deleted: n.deleted, versions: last?.version ?? 1 };
}

function annotationsOf(a: Annotated): TargetAnnotations {
  return { tags: a.tags.map((t) => t.name), colours: a.tags.map((t) => t.colour), bookmark: a.bookmark ? { label: a.bookmark.label, examiner: a.bookmark.examiner, at: a.bookmark.at } : null, notes: a.notes.map(reportNote) };
}

export function reportAnnotations(db: SqlDb, displayTz: string, limit: number): ReportAnnotations {
  const all = listAnnotated(db, displayTz);
  const events = all.filter((a) => a.event !== null);
  const entities = new Map<number, TargetAnnotations & { title: string; source: string }>();
  const evidence = new Map<number, TargetAnnotations & { title: string; source: string }>();
  for (const a of all) {
    if (a.target.type === 'entity' && a.entity !== null) {
      // Two annotated nodes can be in one entity after a merge: their annotations are shown together.
      const prev = entities.get(a.entity);
      const mine = annotationsOf(a);
      entities.set(
        a.entity,
        prev
          ? { ...prev, tags: [...prev.tags, ...mine.tags], colours: [...prev.colours, ...mine.colours], bookmark: prev.bookmark ?? mine.bookmark, notes: [...prev.notes, ...mine.notes] }
          : { ...mine, title: a.title, source: a.source },
      );
    } else if (a.target.type === 'evidence') evidence.set(a.target.id, { ...annotationsOf(a), title: a.title, source: a.source });
  }
  return {
    available: all.length > 0,
    source: "the examiners' tags, bookmarks and notes (append-only note history; every change is in the audit log)",
    items: events.slice(0, limit).map((a) => {
      const x = annotationsOf(a);
      return { event: a.event!, tags: x.tags, bookmarked: x.bookmark !== null, bookmarkLabel: x.bookmark?.label ?? null, notes: x.notes };
    }),
    omitted: Math.max(0, events.length - limit),
    entities,
    evidence,
    all,
  };
}
