// Conversations as timed message lists (UTC instants), written once and rendered into any export format.
import { DateTime } from 'luxon';
import type { Rng } from './prng';

export type SystemKind = 'e2e' | 'security-code' | 'created-group' | 'added' | 'left' | 'joined-link' | 'subject';

export type MsgType = 'text' | 'photo' | 'sticker' | 'missed-call' | 'call' | 'deleted' | 'system';

export interface Msg {
  /** UTC epoch milliseconds. */
  t: number;
  /** Person id of the sender; null for system notices. */
  from: string | null;
  type: MsgType;
  /** Text with identifier markers (`{P02.mm}`), or a caption / system detail. */
  text: string;
  /** Photos: a media file name stem (the iOS zip carries the file). */
  media?: string;
  /** Calls: seconds talked (0 = not answered). */
  durationS?: number;
  system?: SystemKind;
  /** For added/left/subject notices: the person concerned. */
  subject?: string;
}

/** Builds a conversation: sessions start at local wall-clock times in the script's zone, messages follow with human gaps. */
export class Convo {
  readonly msgs: Msg[] = [];
  private t = 0;

  constructor(
    private readonly rng: Rng,
    readonly zone: string,
  ) {}

  /** Start a session at `YYYY-MM-DD HH:mm` local time in the script's zone (a few random seconds added). */
  at(local: string, zone = this.zone): this {
    const dt = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone });
    if (!dt.isValid) throw new Error(`bad session time ${local} in ${zone}`);
    const next = dt.toMillis() + this.rng.int(0, 59) * 1000;
    if (next <= this.t) throw new Error(`session ${local} starts before the previous message`);
    this.t = next;
    return this;
  }

  /** Let some minutes pass within a session. */
  wait(minMinutes: number, maxMinutes = minMinutes): this {
    this.t += this.rng.int(minMinutes * 60, maxMinutes * 60) * 1000;
    return this;
  }

  private push(m: Omit<Msg, 't'>, gapS?: number): this {
    this.t += (gapS ?? this.rng.int(25, 160)) * 1000;
    this.msgs.push({ t: this.t, ...m });
    return this;
  }

  say(from: string, text: string, gapS?: number): this {
    return this.push({ from, type: 'text', text }, gapS);
  }

  /** Several short messages from one sender in a burst. */
  burst(from: string, ...texts: string[]): this {
    for (const tx of texts) this.push({ from, type: 'text', text: tx }, this.rng.int(6, 40));
    return this;
  }

  photo(from: string, media: string, caption = ''): this {
    return this.push({ from, type: 'photo', text: caption, media });
  }

  sticker(from: string): this {
    return this.push({ from, type: 'sticker', text: '' });
  }

  missedCall(from: string): this {
    return this.push({ from, type: 'missed-call', text: '' });
  }

  call(from: string, durationS: number): this {
    return this.push({ from, type: 'call', text: '', durationS });
  }

  deleted(from: string): this {
    return this.push({ from, type: 'deleted', text: '' });
  }

  system(kind: SystemKind, from: string | null = null, subject?: string, text = ''): this {
    const m: Omit<Msg, 't'> = { from, type: 'system', text, system: kind };
    if (subject) m.subject = subject;
    return this.push(m, 5);
  }
}

/** Local wall-clock parts of an instant in a zone. */
export function wall(ms: number, zone: string): DateTime {
  return DateTime.fromMillis(ms, { zone });
}
