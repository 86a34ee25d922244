// The labelled corpus as it is written: every identifier occurrence, name and co-occurrence, with where it sits.
import type { Ident, IdKind } from './world';

/** Where something sits in a file, in the engine's provenance terms (line / JSON or XML path / cell). */
export interface At {
  member?: string;
  line?: number;
  lineEnd?: number;
  path?: string;
}

export type Use = 'used-by' | 'mentioned';

export interface Occurrence {
  file: string;
  at: At;
  kind: IdKind;
  platform?: string;
  raw: string;
  value: string;
  form: string;
  person: string;
  /** `used-by`: the record is about this party (sender, card, row); `mentioned`: stated inside free text. */
  use: Use;
  /** What kind of record: `sender`, `contact-card`, `ledger-row`, `message-text`, `call`, … */
  context: string;
}

export interface LinkGroup {
  id: string;
  /** `structured`: written together in one record about one party; `content`: stated in a message. */
  type: 'structured' | 'content';
  basis: string;
  file: string;
  at: At;
  person: string;
  /** For content: who said it. */
  speaker?: string;
  values: string[];
}

export interface NameSeen {
  file: string;
  at: At;
  name: string;
  person: string;
  context: string;
}

export class Corpus {
  readonly occurrences: Occurrence[] = [];
  readonly groups: LinkGroup[] = [];
  readonly names: NameSeen[] = [];
  private readonly nameKeys = new Set<string>();

  occur(file: string, at: At, id: Ident, raw: string, form: string, use: Use, context: string): void {
    const o: Occurrence = { file, at, kind: id.kind, raw, value: id.value, form, person: id.person, use, context };
    if (id.platform) o.platform = id.platform;
    this.occurrences.push(o);
  }

  /** Identifiers written together in one structured record about one party (a card, a row's party, an account). */
  structured(file: string, at: At, basis: string, ids: Ident[]): void {
    this.group('structured', file, at, basis, ids);
  }

  content(file: string, at: At, basis: string, ids: Ident[], speaker: string): void {
    this.group('content', file, at, basis, ids, speaker);
  }

  private group(type: LinkGroup['type'], file: string, at: At, basis: string, ids: Ident[], speaker?: string): void {
    const values = [...new Set(ids.map((i) => i.value))];
    const persons = new Set(ids.map((i) => i.person));
    if (persons.size !== 1) throw new Error(`a ${type} group in ${file} mixes people: ${[...persons].join(', ')}`);
    if (values.length < 2) return;
    const g: LinkGroup = { id: `${type === 'structured' ? 'S' : 'C'}${this.groups.filter((x) => x.type === type).length + 1}`, type, basis, file, at, person: ids[0]!.person, values };
    if (speaker) g.speaker = speaker;
    this.groups.push(g);
  }

  /** A display name as written, and whom it refers to (first place seen per file). */
  name(file: string, at: At, name: string, person: string, context: string): void {
    const k = `${file}\u0000${name}\u0000${person}`;
    if (this.nameKeys.has(k)) return;
    this.nameKeys.add(k);
    this.names.push({ file, at, name, person, context });
  }
}
