/**
 * Annotation shapes both sides share: the fixed tag palette (colour-blind-safe, Okabe–Ito) and the wire forms
 * of tags, bookmarks and notes on events, entities and evidence items.
 */

/**
 * Tag colours: a fixed palette, so a colour means the same in the app, the HTML/PDF report and the XLSX on every
 * machine. Okabe–Ito's eight colours stay distinguishable under the common colour-vision deficiencies; `ink` is the
 * text colour that keeps 4.5:1 contrast on the colour (WCAG AA). The names are stored in the case file.
 */
export const TAG_COLOURS = {
  orange: { hex: '#E69F00', ink: '#000000' },
  sky: { hex: '#56B4E9', ink: '#000000' },
  green: { hex: '#009E73', ink: '#000000' },
  yellow: { hex: '#F0E442', ink: '#000000' },
  blue: { hex: '#0072B2', ink: '#FFFFFF' },
  vermillion: { hex: '#D55E00', ink: '#000000' },
  purple: { hex: '#CC79A7', ink: '#000000' },
  grey: { hex: '#999999', ink: '#000000' },
} as const;

export type TagColour = keyof typeof TAG_COLOURS;
export const TAG_COLOUR_NAMES = Object.keys(TAG_COLOURS) as TagColour[];

export function isTagColour(s: string): s is TagColour {
  return Object.prototype.hasOwnProperty.call(TAG_COLOURS, s);
}

export const ANNOTATION_TARGETS = ['event', 'entity', 'evidence'] as const;
export type AnnotationTargetType = (typeof ANNOTATION_TARGETS)[number];

/**
 * What an annotation is on, as the caller names it: an event by its public record id (`m12`, `c3`, `t7` — stable
 * across event re-indexing), an entity by its id (N-number), an evidence item by its id (E-number).
 */
export type AnnotationTargetRef = { type: 'event'; id: string } | { type: 'entity'; id: number } | { type: 'evidence'; id: number };

export interface TagDef {
  id: number;
  name: string;
  colour: TagColour;
  description: string | null;
  createdBy: string;
  created: string;
  /** How many targets carry it. */
  uses: number;
}

export interface TagOnTarget {
  name: string;
  colour: TagColour;
  examiner: string;
  at: string;
}

export interface NoteVersionWire {
  version: number;
  /** null: this version deleted the note. */
  text: string | null;
  examiner: string;
  at: string;
}

export interface NoteWire {
  id: number;
  /** The current text (null when deleted). */
  text: string | null;
  deleted: boolean;
  edited: boolean;
  createdBy: string;
  created: string;
  /** Who made the current version, and when. */
  examiner: string;
  at: string;
  /** Every version, oldest first (the court can see what changed). */
  history: NoteVersionWire[];
}

/** One annotated target with everything on it. */
export interface AnnotatedTarget {
  target: AnnotationTargetRef;
  /** What the target is, in words: the event's sender and text, the entity's name, the evidence file name. */
  title: string;
  /** Event text (events only). */
  text: string | null;
  /** Citation: evidence item + file + line/row/path (events), E-number + file (evidence), entity's node (entities). */
  source: string;
  evidence: number | null;
  /** Events: the event key (opens it in the timeline), UTC time and the same instant in the display zone. */
  eventKey: string | null;
  ts: string | null;
  display: { tz: string; time: string } | null;
  /** Entities: the entity id now (it can change when identities are merged or split). */
  entity: number | null;
  /** False when the target no longer resolves (e.g. an event not in the event stream). */
  found: boolean;
  tags: TagOnTarget[];
  bookmark: { label: string | null; examiner: string; at: string } | null;
  notes: NoteWire[];
}

export interface AnnotationListWire {
  tags: TagDef[];
  items: AnnotatedTarget[];
  displayTz: string;
}
