/**
 * What identity linking needs from an item's messages, gathered while the import writes them: the distinct
 * senders (messageSenders) and which messages can hold a mention (MENTION_CANDIDATE_SQL). Linking otherwise reads
 * every message back twice, a GROUP BY and a GLOB scan, about 12 % of a WhatsApp import's time. The answers are
 * the same ones the SQL gives (test/identity/message-hints.test.ts compares them); linkEvidence falls back to the
 * SQL when it gets no hints (`threadline link`, items imported before).
 */
import { isMentionCandidate, type SenderGroup } from '../read/identity';

export class MessageHints {
  /** Sender groups in first-message order, and by account (null: -1) then sender as written. */
  private readonly groups: SenderGroup[] = [];
  private readonly byAccount = new Map<number, Map<string, SenderGroup>>();
  /** The last message's group: a chat's consecutive messages often come from one sender. */
  private last: SenderGroup | null = null;
  /** One bit per message id from the item's first message on (an item's message ids are one ascending range). */
  private bits = new Uint8Array(1024);
  private firstId = -1;
  private lastId = -1;
  private candidateCount = 0;
  /** False once something arrived out of order: the hints are then not used (linking reads the messages). */
  private usable = true;

  /** A message as written: its id, sender account and sender as stored, body and recipients_json as stored. */
  add(id: number, senderAccountId: number | null, senderRaw: string | null, body: string, recipientsJson: string | null): void {
    if (!this.usable) return;
    if (id <= this.lastId) {
      this.usable = false;
      return;
    }
    if (this.firstId < 0) this.firstId = id;
    this.lastId = id;
    if (senderRaw !== null) {
      const last = this.last;
      if (last !== null && last.sender_account_id === senderAccountId && last.sender_raw === senderRaw) last.n++;
      else {
        const acc = senderAccountId ?? -1;
        let raws = this.byAccount.get(acc);
        if (!raws) this.byAccount.set(acc, (raws = new Map()));
        let g = raws.get(senderRaw);
        if (g) g.n++;
        else {
          g = { sender_account_id: senderAccountId, sender_raw: senderRaw, first_id: id, n: 1 };
          raws.set(senderRaw, g);
          this.groups.push(g);
        }
        this.last = g;
      }
    }
    if (isMentionCandidate(body, recipientsJson)) {
      const at = id - this.firstId;
      if (at >> 3 >= this.bits.length) {
        const grown = new Uint8Array(Math.max(this.bits.length * 2, (at >> 3) + 1));
        grown.set(this.bits);
        this.bits = grown;
      }
      const i = at >> 3;
      this.bits[i] = this.bits[i]! | (1 << (at & 7));
      this.candidateCount++;
    }
  }

  /** Whether the hints describe every message of the item (else read the messages instead). */
  get complete(): boolean {
    return this.usable;
  }

  get candidates(): number {
    return this.candidateCount;
  }

  /** messageSenders' answer: each (account, sender as written) with its first message and count, by first message. */
  senders(): SenderGroup[] {
    // Groups are created in first-message order (ids ascend).
    return [...this.groups];
  }

  /** The candidate message ids in ascending order, `size` at a time. */
  *candidatePages(size: number): Generator<number[]> {
    if (this.firstId < 0) return;
    let page: number[] = [];
    const span = this.lastId - this.firstId;
    for (let byte = 0; byte <= span >> 3; byte++) {
      const b = this.bits[byte]!;
      if (b === 0) continue;
      for (let bit = 0; bit < 8; bit++) {
        if ((b & (1 << bit)) === 0) continue;
        page.push(this.firstId + byte * 8 + bit);
        if (page.length === size) {
          yield page;
          page = [];
        }
      }
    }
    if (page.length) yield page;
  }
}
