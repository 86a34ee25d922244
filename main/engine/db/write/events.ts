/**
 * Puts imported records into the event stream and the search indexes: one SQL pass per evidence item, run in
 * the import's transaction right after its records are written (and for items imported before schema 3, on
 * first use). Items are indexed in evidence-id order because slots at a shared millisecond follow that order.
 */
import type Database from 'better-sqlite3';
import { ThreadlineError } from '../../errors';
import { SLOTS, TS_MAX, TS_MIN, UNDATED_BASE } from '../../timeline/keys';
import { hasUnspacedScript } from '../../search/scripts';
import { cleanSql } from '../migrations/003-timeline-search';

type Db = Database.Database;

export const EVENT_INDEXER_VERSION = '1';

export interface EventIndexRun {
  evidenceId: number;
  dated: number;
  undated: number;
  outOfRange: number;
  gramDocs: number;
}

const QUARTER = `((ts_utc - (((ts_utc % 900000) + 900000) % 900000)) / 900000)`;
const GROUP_KIND = `(ch.chat_kind LIKE '%group%' OR ch.chat_kind LIKE '%channel%' OR ch.chat_kind LIKE '%broadcast%')`;

// Every record of one evidence item that becomes an event, with who acted and who was on the other side.
const SOURCES = `
owner(id) AS (SELECT MIN(id) FROM accounts WHERE evidence_id = @ev AND is_owner = 1),
pairs AS (
  SELECT cm.chat_id, MIN(cm.account_id) AS a, MAX(cm.account_id) AS b, COUNT(*) AS n
  FROM chat_members cm JOIN chats ch ON ch.id = cm.chat_id WHERE ch.evidence_id = @ev GROUP BY cm.chat_id
),
msg AS (
  SELECT m.seq, m.id, m.ts_utc, m.chat_id,
    COALESCE(m.sender_account_id, CASE WHEN m.direction = 'outgoing' THEN (SELECT id FROM owner) END) AS actor,
    ${GROUP_KIND} AS grp, p.a, p.b, p.n, m.attachments_json IS NOT NULL AS att
  FROM messages m LEFT JOIN chats ch ON ch.id = m.chat_id LEFT JOIN pairs p ON p.chat_id = m.chat_id
  WHERE m.evidence_id = @ev
),
src(kind, seq, record_id, ts, chat_id, actor, counterpart, att) AS (
  -- A one-to-one exchange's other party: the other of exactly two members, the one member when the actor is
  -- not it, else the device owner. Groups (by kind or by having more members) have no single other party.
  SELECT 'message', seq, id, ts_utc, chat_id, actor,
    CASE WHEN grp IS 1 OR actor IS NULL THEN NULL
         WHEN n = 2 AND actor = a THEN b
         WHEN n = 2 AND actor = b THEN a
         WHEN n = 1 AND actor IS NOT a THEN a
         WHEN (n IS NULL OR n <= 2) AND actor IS NOT (SELECT id FROM owner) THEN (SELECT id FROM owner)
    END, att
  FROM msg
  UNION ALL
  SELECT 'call', c.seq, c.id, c.ts_utc, c.chat_id,
    CASE WHEN c.direction = 'outgoing' THEN (SELECT id FROM owner) ELSE c.account_id END,
    CASE WHEN c.direction = 'outgoing' THEN c.account_id ELSE (SELECT id FROM owner) END, 0
  FROM calls c WHERE c.evidence_id = @ev
  UNION ALL
  SELECT 'contact', k.seq, k.id, k.ts_utc, NULL, NULL, NULL, 0 FROM contacts k WHERE k.evidence_id = @ev
  UNION ALL
  SELECT 'transaction', t.seq, t.id, t.ts_utc, NULL, NULL, NULL, 0 FROM transactions t WHERE t.evidence_id = @ev
  UNION ALL
  -- Rows behind a transaction are that transaction's event; header rows are not events.
  SELECT 'row', r.seq, r.id, NULL, NULL, NULL, NULL, 0 FROM sheet_rows r
  WHERE r.evidence_id = @ev AND r.is_header = 0
    AND r.id NOT IN (SELECT row_id FROM transactions WHERE evidence_id = @ev AND row_id IS NOT NULL)
  UNION ALL
  SELECT 'file', a.seq, a.id, NULL, NULL, NULL, NULL, 1 FROM attachments a WHERE a.evidence_id = @ev
),
placed AS (SELECT *, (ts IS NOT NULL AND ts >= ${TS_MIN} AND ts < ${TS_MAX}) AS dated FROM src)`;

// The item's new events are computed once into a scratch table (temp.new_events), then copied into events in key
// order; the counts below read that compact scratch table instead of going back through events' indexes.
const NEW_EVENTS_TABLE = `CREATE TEMP TABLE IF NOT EXISTS new_events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, seq INTEGER NOT NULL,
  record_id INTEGER NOT NULL, chat_id INTEGER, actor INTEGER, counterpart INTEGER, att INTEGER NOT NULL); DELETE FROM temp.new_events;`;

// Counts of the item's new events per (quarter or NULL when undated, kind, actor, counterpart): what every count
// table is summed from.
const NEW_EVENT_GROUPS_TABLE = `CREATE TEMP TABLE IF NOT EXISTS new_event_groups (quarter INTEGER, kind TEXT NOT NULL, actor INTEGER, counterpart INTEGER,
  n INTEGER NOT NULL, att INTEGER NOT NULL); DELETE FROM temp.new_event_groups;`;

const INSERT_EVENTS = `
INSERT INTO temp.new_events (id, kind, seq, record_id, chat_id, actor, counterpart, att)
WITH ${SOURCES},
numbered AS (SELECT *, row_number() OVER (PARTITION BY CASE WHEN dated THEN ts END ORDER BY seq) - 1 AS rn FROM placed)
SELECT CASE WHEN dated
         -- Slots already taken at this instant by earlier items; only looked up inside their dated key range.
         THEN ts * ${SLOTS} + rn + CASE WHEN @datedHi IS NULL OR ts * ${SLOTS} > @datedHi OR (ts + 1) * ${SLOTS} <= @datedLo THEN 0
           ELSE COALESCE((SELECT MAX(x.id) + 1 FROM events x WHERE x.id >= ts * ${SLOTS} AND x.id < (ts + 1) * ${SLOTS}) - ts * ${SLOTS}, 0) END
         ELSE @undatedNext + rn END AS key,
       kind, seq, record_id, chat_id, actor, counterpart, att
-- No ORDER BY key: the scratch table's primary key orders the rows anyway, and the window already yields the
-- dated ones in key order; the second sort of every row cost 3-5% of the indexing CPU (200,000 messages).
FROM numbered`;

// Only when the item could overflow a millisecond's 2^20 slots: the first instant that would.
const SLOT_OVERFLOW = `
WITH ${SOURCES}
SELECT ts, c + COALESCE((SELECT MAX(x.id) + 1 FROM events x WHERE x.id >= ts * ${SLOTS} AND x.id < (ts + 1) * ${SLOTS}) - ts * ${SLOTS}, 0) AS total
FROM (SELECT ts, COUNT(*) AS c FROM placed WHERE dated GROUP BY ts) WHERE total > ${SLOTS} LIMIT 1`;

// An upper bound on the item's events (for the overflow check), from the evidence indexes.
const SOURCE_TOTAL = `SELECT (SELECT COUNT(*) FROM messages WHERE evidence_id = @ev) + (SELECT COUNT(*) FROM calls WHERE evidence_id = @ev)
  + (SELECT COUNT(*) FROM contacts WHERE evidence_id = @ev) + (SELECT COUNT(*) FROM transactions WHERE evidence_id = @ev)
  + (SELECT COUNT(*) FROM sheet_rows WHERE evidence_id = @ev) + (SELECT COUNT(*) FROM attachments WHERE evidence_id = @ev)`;

// Undated events whose record did carry an instant, one the key cannot hold.
const OUT_OF_RANGE = ['message:messages', 'call:calls', 'contact:contacts', 'transaction:transactions']
  .map((p) => {
    const [kind, table] = p.split(':');
    return `(SELECT COUNT(*) FROM events e JOIN ${table} r ON r.id = e.record_id WHERE e.evidence_id = @ev AND e.id >= @undated AND e.kind = '${kind}' AND r.ts_utc IS NOT NULL)`;
  })
  .join(' + ');

const registered = new WeakSet<Db>();

/** Event keys noted while the word index is fed (62-bit keys: kept as BigInt, 8 bytes each). */
class KeyNotes {
  private buf = new BigInt64Array(1024);
  length = 0;
  add(key: bigint): void {
    if (this.length === this.buf.length) {
      const next = new BigInt64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = key;
  }
  ids(): BigInt64Array {
    return this.buf.subarray(0, this.length);
  }
  clear(): void {
    this.length = 0;
    if (this.buf.length > 1024) this.buf = new BigInt64Array(1024);
  }
}

const gramNotes = new WeakMap<Db, KeyNotes>();

function registerFunctions(db: Db): void {
  if (registered.has(db)) return;
  // Registered on this connection for the indexer only; nothing in the schema depends on them.
  db.function('threadline_unspaced', { deterministic: true }, (text: unknown) => (typeof text === 'string' && hasUnspacedScript(text) ? 1 : 0));
  const notes = new KeyNotes();
  gramNotes.set(db, notes);
  // Called for each event the word index takes whose text holds an unspaced script; always true (keeps the row).
  db.function('threadline_note_gram', { deterministic: false, safeIntegers: true }, (key: unknown) => {
    notes.add(key as bigint);
    return 1;
  });
  registered.add(db);
}

/** Text with as many bytes as characters is ASCII (and has no NUL): it cannot hold an unspaced script. */
function unspacedSql(col: string): string {
  return `(octet_length(${col}) != length(${col}) AND threadline_unspaced(${col}))`;
}

/** Evidence items not yet in the event stream, in id order. */
export function unindexedEvidenceIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM evidence WHERE id NOT IN (SELECT evidence_id FROM event_index_runs) ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}

function inTransaction<T>(db: Db, fn: () => T): T {
  return db.inTransaction ? fn() : db.transaction(fn).immediate();
}

/**
 * Index every evidence item that is not yet indexed. If one would land below an already indexed item (only
 * possible after a partial rebuild), the whole stream is rebuilt so ties stay in evidence order.
 */
export function indexPendingEvents(db: Db): EventIndexRun[] {
  return inTransaction(db, () => {
    const pending = unindexedEvidenceIds(db);
    if (pending.length === 0) return [];
    const maxIndexed = (db.prepare('SELECT MAX(evidence_id) AS m FROM event_index_runs').get() as { m: number | null }).m;
    if (maxIndexed !== null && pending[0]! < maxIndexed) return rebuildEvents(db);
    return pending.map((id) => indexEvidenceEvents(db, id));
  });
}

/** Drop and recompute the whole event stream and search indexes, every item in id order. */
export function rebuildEvents(db: Db): EventIndexRun[] {
  return inTransaction(db, () => {
    db.exec(`
      INSERT INTO search_words(search_words) VALUES ('delete-all');
      INSERT INTO search_grams(search_grams) VALUES ('delete-all');
      DELETE FROM search_gram_docs; DELETE FROM search_names;
    `);
    // Tags point at event keys, which a rebuild reproduces exactly (same records, same order).
    db.exec(`
      DROP TABLE IF EXISTS temp.kept_tags;
      CREATE TEMP TABLE kept_tags AS SELECT t.tag, e.kind, e.evidence_id, e.seq FROM event_tags t JOIN events e ON e.id = t.event_id;
      DELETE FROM event_tags; DELETE FROM events; DELETE FROM event_quarters; DELETE FROM event_quarters_by_evidence;
      DELETE FROM event_totals; DELETE FROM event_party_counts; DELETE FROM event_index_runs;
    `);
    const ids = (db.prepare('SELECT id FROM evidence ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const runs = ids.map((id) => indexEvidenceEvents(db, id));
    db.exec(`
      INSERT OR IGNORE INTO event_tags (tag, event_id)
        SELECT k.tag, e.id FROM temp.kept_tags k JOIN events e INDEXED BY events_by_evidence ON e.evidence_id = k.evidence_id AND e.kind = k.kind AND e.seq = k.seq;
      DROP TABLE temp.kept_tags;
    `);
    return runs;
  });
}

/** Index one evidence item (its records must already be written). Runs inside the caller's transaction. */
export function indexEvidenceEvents(db: Db, evidenceId: number): EventIndexRun {
  return inTransaction(db, () => {
    registerFunctions(db);
    const maxIndexed = (db.prepare('SELECT MAX(evidence_id) AS m FROM event_index_runs').get() as { m: number | null }).m;
    if (maxIndexed !== null && evidenceId <= maxIndexed) {
      throw new ThreadlineError('INTERNAL', `Evidence item E${evidenceId} cannot be added to the event stream after E${maxIndexed}: ties at one instant must follow evidence order.`, {
        hint: 'Rebuild the event stream (rebuildEvents) instead of indexing one item out of order.',
      });
    }
    const ev = { ev: evidenceId };
    const total = db.prepare(SOURCE_TOTAL).pluck().get(ev) as number;
    const maxSlot = (db.prepare('SELECT COALESCE(MAX(max_slot), -1) AS m FROM event_index_runs').get() as { m: number }).m;
    if (total + maxSlot + 1 >= Number(SLOTS)) {
      const over = db.prepare(SLOT_OVERFLOW).get(ev) as { ts: number; total: number } | undefined;
      if (over) {
        throw new ThreadlineError('LIMIT_EXCEEDED', `More than ${SLOTS} events would share the instant ${new Date(over.ts).toISOString()} (${over.total}); the event order cannot hold them.`, {
          hint: 'Check the evidence item: such a pile-up usually means a constant or default timestamp. Import it with the time column unmapped.',
        });
      }
    }
    const lastUndated = db.prepare('SELECT CAST(id AS TEXT) FROM events WHERE id >= ? ORDER BY id DESC LIMIT 1').pluck().get(UNDATED_BASE) as string | undefined;
    const undatedNext = lastUndated === undefined ? UNDATED_BASE : BigInt(lastUndated) + 1n;
    db.exec(NEW_EVENTS_TABLE);
    // The range of dated keys already in the stream (BigInt: keys use 62 bits).
    const dated0 = db.prepare('SELECT MIN(id) AS lo, MAX(id) AS hi FROM events WHERE id < ?').safeIntegers(true).get(UNDATED_BASE) as { lo: bigint | null; hi: bigint | null };
    db.prepare(INSERT_EVENTS).run({ ev: evidenceId, undatedNext, datedLo: dated0.lo, datedHi: dated0.hi });
    db.prepare(
      `INSERT INTO events (id, kind, evidence_id, seq, record_id, chat_id, actor_account_id, counterpart_account_id, has_attachment)
       SELECT id, kind, @ev, seq, record_id, chat_id, actor, counterpart, att FROM temp.new_events ORDER BY id`,
    ).run({ ev: evidenceId });

    // temp.new_events holds exactly this item's events (ts_utc is id >> 20 for dated ones, as in events). One sort
    // of them by (quarter, kind, actor, counterpart) feeds every count below: the per-table groupings over the
    // events themselves were four sorts of every event (a fifth of the indexing CPU at 1,000,000 messages).
    const p = { ev: evidenceId, undated: UNDATED_BASE };
    const quarter = QUARTER.replace(/ts_utc/g, '(id >> 20)');
    db.exec(NEW_EVENT_GROUPS_TABLE);
    db.prepare(
      `INSERT INTO temp.new_event_groups (quarter, kind, actor, counterpart, n, att)
       SELECT CASE WHEN id < @undated THEN ${quarter} END, kind, actor, counterpart, COUNT(*), SUM(att) FROM temp.new_events GROUP BY 1, 2, 3, 4`,
    ).run({ undated: UNDATED_BASE });
    db.prepare(
      `INSERT INTO event_quarters (quarter, kind, n)
       SELECT quarter, kind, SUM(n) FROM temp.new_event_groups WHERE quarter IS NOT NULL GROUP BY 1, 2
       ON CONFLICT (quarter, kind) DO UPDATE SET n = n + excluded.n`,
    ).run();
    db.prepare(
      `INSERT INTO event_quarters_by_evidence (evidence_id, quarter, kind, n)
       SELECT @ev, quarter, kind, SUM(n) FROM temp.new_event_groups WHERE quarter IS NOT NULL GROUP BY 2, 3`,
    ).run({ ev: evidenceId });
    db.prepare(
      `INSERT INTO event_totals (evidence_id, kind, dated, n, with_attachment)
       SELECT @ev, kind, quarter IS NOT NULL, SUM(n), SUM(att) FROM temp.new_event_groups GROUP BY 2, 3`,
    ).run({ ev: evidenceId });
    db.prepare(
      `INSERT INTO event_party_counts (account_id, kind, n)
       SELECT account_id, kind, SUM(n) FROM (
         SELECT actor AS account_id, kind, n FROM temp.new_event_groups WHERE actor IS NOT NULL
         UNION ALL
         SELECT counterpart, kind, n FROM temp.new_event_groups WHERE counterpart IS NOT NULL AND counterpart IS NOT actor
       ) WHERE true GROUP BY 1, 2
       ON CONFLICT (account_id, kind) DO UPDATE SET n = n + excluded.n`,
    ).run();
    db.exec('DELETE FROM temp.new_event_groups;');

    // Full text, fed in rowid order (FTS5 flushes a segment whenever rowids go backwards). The view is evaluated
    // once, straight into the word index; the few events whose text holds an unspaced script (only non-ASCII text
    // can) are noted on the way and then fed to the substring index by key. A scratch copy of every event's text
    // for both indexes cost a tenth of the indexing time at 1,000,000 messages.
    const grams = gramNotes.get(db)!;
    grams.clear();
    // `LIMIT -1` keeps the view a subquery whose rows are computed once: flattened into this statement, its text
    // expressions would be evaluated again for each test below (a spreadsheet row's JSON text four times: 2.1 s -> 5.8 s
    // at 100,000 CSV rows).
    db.prepare(
      `INSERT INTO search_words (rowid, body, names, files)
       SELECT id, body, names, files FROM (SELECT id, body, names, files FROM search_docs WHERE evidence_id = @ev ORDER BY id LIMIT -1)
       WHERE CASE WHEN ${unspacedSql('body')} OR ${unspacedSql('names')} OR ${unspacedSql('files')} THEN threadline_note_gram(id) ELSE 1 END`,
    ).run({ ev: evidenceId });
    let gramDocs = 0;
    if (grams.length > 0) {
      db.exec('CREATE TEMP TABLE IF NOT EXISTS gram_ids (id INTEGER PRIMARY KEY); DELETE FROM temp.gram_ids;');
      const add = db.prepare('INSERT INTO temp.gram_ids (id) VALUES (?)');
      for (const id of grams.ids()) add.run(id);
      db.prepare('INSERT INTO search_gram_docs (id) SELECT id FROM temp.gram_ids ORDER BY id').run();
      gramDocs = db
        .prepare('INSERT INTO search_grams (rowid, body, names, files) SELECT id, body, names, files FROM search_docs WHERE id IN (SELECT id FROM temp.gram_ids) ORDER BY id')
        .run().changes;
      db.exec('DELETE FROM temp.gram_ids;');
    }
    grams.clear();

    db.prepare(
      `INSERT INTO search_names (name, source, ref, evidence)
       SELECT ${cleanSql('display')}, 'account', id, evidence_id FROM accounts WHERE evidence_id = @ev AND display IS NOT NULL AND display != ''
       UNION ALL SELECT ${cleanSql('name')}, 'contact', id, evidence_id FROM contacts WHERE evidence_id = @ev AND name IS NOT NULL AND name != ''
       UNION ALL SELECT ${cleanSql('name')}, 'chat', id, evidence_id FROM chats WHERE evidence_id = @ev AND name IS NOT NULL AND name != ''`,
    ).run({ ev: evidenceId });

    const counts = db
      .prepare('SELECT COALESCE(MAX(CASE WHEN id < @undated THEN id & 1048575 END), -1) AS maxSlot, COUNT(*) FILTER (WHERE id < @undated) AS dated, COUNT(*) FILTER (WHERE id >= @undated) AS undated FROM temp.new_events')
      .get({ undated: UNDATED_BASE }) as { maxSlot: number; dated: number; undated: number };
    const { maxSlot: maxSlotNow, dated, undated } = counts;
    // Only undated events can be out of range.
    const outOfRange = undated === 0 ? 0 : (db.prepare(`SELECT ${OUT_OF_RANGE}`).pluck().get(p) as number);
    db.exec('DELETE FROM temp.new_events;');
    db.prepare(
      `INSERT INTO event_index_runs (evidence_id, indexer_version, ts_utc, dated, undated, out_of_range, max_slot, gram_docs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(evidenceId, EVENT_INDEXER_VERSION, new Date().toISOString(), dated, undated, outOfRange, maxSlotNow, gramDocs);
    return { evidenceId, dated, undated, outOfRange, gramDocs };
  });
}
