/**
 * The spreadsheet pipeline shared by CSV and XLSX: per sheet it buffers the first rows, finds the header,
 * proposes and applies the column mapping, then turns every row into a RowRecord (kept whole) plus
 * transactions, contacts or calls, accounting for every row it read.
 */
import { ThreadlineError } from '../../errors';
import type {
  CallDirection,
  CallRecord,
  ContactRecord,
  IdentifierKind,
  ImportRecord,
  PartyRef,
  RawIdentifier,
  RecordTime,
  RowRecord,
  TransactionRecord,
} from '../../model/records';
import type { ImportOptions } from '../types';
import { looksLikeSerial, orderEvidence, parseDateText, serialToWall, type Order, type ParsedDate } from './dates';
import {
  applyOptions,
  decideOrder,
  decimalHint,
  describeColumns,
  detectHeader,
  isBlankRow,
  parseOptionMapping,
  propose,
  type ColumnRole,
  type HeaderInfo,
  type OptionMapping,
  type OrderDecision,
} from './mapping';
import { colLetter, sheetRef, type MergeRange, type SheetRow, type SheetSource } from './sheet';
import { currencyOf, parseAmount, parseDirection, parseDuration, parseKind, phoneShape, plainDecimal, splitIdentifiers, textFlags, type CallKind, type DecimalSep } from './values';

/** Rows held back per sheet to find the header and sample the values before anything is emitted. */
const BUFFER_ROWS = 1000;
const BATCH = 1000;

const ID_KIND: Partial<Record<string, IdentifierKind>> = { phone: 'phone', email: 'email', handle: 'username', wallet: 'wallet', iban: 'iban', account: 'account' };

interface IdCol {
  col: number;
  kind: IdentifierKind;
  role: string;
  platform?: string;
  label: string;
  labelCol?: number;
}

interface PartyPlan {
  party: string;
  names: number[];
  ids: IdCol[];
}

interface Plan {
  src: SheetSource;
  info: HeaderInfo;
  used: ColumnRole[];
  headerCells: number;
  dt?: number;
  d?: number;
  t?: number;
  orders: Map<number, OrderDecision>;
  amount?: ColumnRole;
  decimal?: DecimalSep;
  currency?: number;
  refs: number[];
  texts: number[];
  direction?: number;
  duration?: number;
  counterpart?: number;
  kind?: number;
  parties: PartyPlan[];
  calls: boolean;
  transactions: boolean;
  contacts: boolean;
  mapped: Set<number>;
  idCols: Set<number>;
  /** Columns mapped to phones (a number cell there lost its leading + or 0). */
  phoneCols: number[];
  /** Columns holding a party's name, identifiers or their labels. */
  partyCols: Set<number>;
  hidden: boolean;
  merges: MergeRange[];
}

export interface PipelineState {
  seen: number;
  parsed: number;
  flagCounts: Map<string, number>;
  options: OptionMapping[];
  preset: 'call-log' | 'none' | undefined;
  file: string;
}

export function newPipelineState(options: ImportOptions, file: string): PipelineState {
  const preset = options.preset;
  if (preset !== undefined && preset !== 'call-log' && preset !== 'none') {
    throw new ThreadlineError('BAD_ARGUMENT', `Unknown spreadsheet preset "${preset}".`, { file, hint: 'Presets: call-log (rows are calls), none (no automatic call-log detection).' });
  }
  return { seen: 0, parsed: 0, flagCounts: new Map(), options: parseOptionMapping(options.mapping, file), preset, file };
}

/** After the last sheet: every mapping key must have named a column somewhere. */
export function checkMappingUsed(state: PipelineState): void {
  const unused = state.options.filter((o) => !o.used);
  if (unused.length) {
    throw new ThreadlineError('BAD_ARGUMENT', `The column mapping names ${unused.map((o) => `"${o.sheet !== undefined ? o.sheet + '!' : ''}${o.key}"`).join(', ')}, which match no column header or letter in the file.`, {
      file: state.file,
      hint: 'Check the header text (see the mapping-proposed fact from a dry run), or use a column letter such as "C".',
    });
  }
}

export function summaryFacts(state: PipelineState): ImportRecord[] {
  const flags: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [k, v] of [...state.flagCounts].sort()) flags[k] = v;
  return [{ type: 'fact', key: 'row-flags', value: flags }];
}

// ---------------------------------------------------------------------------------------------------------

function cellIndex(row: SheetRow): (c: number) => number {
  if (!row.cols) return (c) => (c < row.cells.length ? c : -1);
  const cols = row.cols;
  if (cols.length <= 8) return (c) => cols.indexOf(c);
  const map = new Map<number, number>();
  for (let i = 0; i < cols.length; i++) map.set(cols[i]!, i);
  return (c) => map.get(c) ?? -1;
}

function headerLabel(info: HeaderInfo, c: number): string {
  const h = info.headers[c] ?? '';
  const g = info.groups[c] ?? '';
  if (g && h) return `${g} / ${h}`;
  return h || g || colLetter(c);
}

function compilePlan(src: SheetSource, info: HeaderInfo, used: ColumnRole[], callLog: boolean, orders: Map<number, OrderDecision>, decimal: DecimalSep | undefined, headerCells: number): Plan {
  const first = (role: string) => used.find((c) => c.role === role);
  const plan: Plan = {
    src,
    info,
    used,
    headerCells,
    orders,
    refs: used.filter((c) => c.role === 'reference').map((c) => c.col),
    texts: used.filter((c) => c.role === 'text').map((c) => c.col),
    parties: [],
    calls: callLog,
    transactions: false,
    contacts: false,
    mapped: new Set(used.map((c) => c.col)),
    idCols: new Set(),
    phoneCols: used.filter((c) => c.role === 'phone').map((c) => c.col),
    partyCols: new Set(),
    hidden: src.state === 'hidden' || src.state === 'veryHidden',
    merges: src.merges ?? [],
  };
  const dt = first('datetime');
  const d = first('date');
  const t = first('time');
  if (dt) plan.dt = dt.col;
  if (d) plan.d = d.col;
  if (t) plan.t = t.col;
  const amount = first('amount');
  if (amount) {
    plan.amount = amount;
    if (decimal) plan.decimal = decimal;
  }
  const cur = first('currency');
  if (cur) plan.currency = cur.col;
  for (const role of ['direction', 'duration', 'counterpart', 'kind'] as const) {
    const c = first(role);
    if (c) plan[role] = c.col;
  }
  const labels = used.filter((c) => c.role === 'label');
  const parties = new Map<string, PartyPlan>();
  for (const c of used) {
    const kind = ID_KIND[c.role];
    if (c.role !== 'name' && !kind) continue;
    let p = parties.get(c.party);
    if (!p) parties.set(c.party, (p = { party: c.party, names: [], ids: [] }));
    if (c.role === 'name') p.names.push(c.col);
    else if (kind) {
      const id: IdCol = { col: c.col, kind, role: c.role, label: headerLabel(info, c.col) };
      if (c.platform) id.platform = c.platform;
      // Google Contacts: `Phone 1 - Type` labels `Phone 1 - Value`.
      const prefix = /^(.*?)\s*-\s*value\s*$/i.exec(info.headers[c.col] ?? '')?.[1];
      if (prefix) {
        const lab = labels.find((l) => new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*-\\s*(type|label)\\s*$`, 'i').test(info.headers[l.col] ?? ''));
        if (lab) id.labelCol = lab.col;
      }
      p.ids.push(id);
      plan.idCols.add(c.col);
    }
  }
  plan.parties = [...parties.values()];
  for (const p of plan.parties) {
    for (const c of p.names) plan.partyCols.add(c);
    for (const i of p.ids) {
      plan.partyCols.add(i.col);
      if (i.labelCol !== undefined) plan.partyCols.add(i.labelCol);
    }
  }
  plan.transactions = !plan.calls && (amount !== undefined || used.some((c) => c.role === 'wallet' || c.role === 'iban'));
  plan.contacts = !plan.calls && plan.parties.some((p) => p.names.length > 0 || p.ids.length > 0);
  return plan;
}

// ---------------------------------------------------------------------------------------------------------

export interface SheetContext {
  options: ImportOptions;
  state: PipelineState;
  signal: AbortSignal;
  /** The file is one sheet: mapping keys that match nothing are refused before any row is emitted. */
  single: boolean;
}

/** Read one sheet and yield its records in batches. */
export async function* processSheet(src: SheetSource, ctx: SheetContext): AsyncGenerator<ImportRecord[]> {
  const { state } = ctx;
  const out: ImportRecord[] = [];
  const hidden = src.state === 'hidden' || src.state === 'veryHidden';
  const sheetFact: Record<string, unknown> = { name: src.name, index: src.index };
  if (src.state) sheetFact.state = src.state;
  if (src.member) sheetFact.member = src.member;
  out.push({ type: 'fact', key: 'sheet', value: sheetFact });
  if (hidden) out.push({ type: 'fact', key: 'hidden-sheet', value: { sheet: src.name, state: src.state ?? 'hidden' } });

  const it = src.rows(ctx.signal)[Symbol.asyncIterator]();
  const buffer: SheetRow[] = [];
  let pending: SheetRow[] = [];
  let exhausted = false;
  while (buffer.length < BUFFER_ROWS) {
    const r = await it.next();
    if (r.done) {
      exhausted = true;
      break;
    }
    for (const row of r.value) {
      if (buffer.length < BUFFER_ROWS) buffer.push(row);
      else pending.push(row);
    }
  }
  const readable = buffer.filter((r) => !r.reject);
  const info = detectHeader(readable, src.merges);
  const headerRow = info.index >= 0 ? readable[info.index]! : undefined;
  const groupRow = info.groupIndex >= 0 ? readable[info.groupIndex]! : undefined;
  const titleRows = new Set(info.titles.map((i) => readable[i]!));
  const sample = readable.filter((r) => (!headerRow || r.rowNumber > headerRow.rowNumber) && !isBlankRow(r) && !titleRows.has(r));
  const proposal = propose(info, sample);
  const preset = state.preset === 'call-log' ? 'call-log' : state.preset === 'none' ? undefined : proposal.callLog ? 'call-log' : undefined;
  const used = applyOptions(proposal.columns, state.options, info, src.name, preset);
  if (ctx.single) checkMappingUsed(state);

  out.push({
    type: 'fact',
    key: 'header-row',
    value: {
      sheet: src.name,
      row: headerRow ? headerRow.rowNumber : null,
      groupRow: groupRow ? groupRow.rowNumber : null,
      titleRows: [...titleRows].map((r) => r.rowNumber),
      headers: info.headers,
      reason: info.reason,
      flags: info.flags,
    },
  });
  out.push({ type: 'fact', key: 'mapping-proposed', value: { sheet: src.name, columns: describeColumns(proposal.columns, info), callLog: proposal.callLog, ...(proposal.callLogReason ? { callLogReason: proposal.callLogReason } : {}) } });

  // Day/month order per text date column: the examiner's word, else the whole column's evidence.
  const orders = new Map<number, OrderDecision>();
  const needWholeColumn: number[] = [];
  for (const c of used) {
    if (c.role !== 'datetime' && c.role !== 'date') continue;
    const st = proposal.stats[c.col];
    if (ctx.options.dateOrder === 'dmy' || ctx.options.dateOrder === 'mdy') {
      orders.set(c.col, { order: ctx.options.dateOrder, state: 'option', dmy: st?.dmy ?? 0, mdy: st?.mdy ?? 0, ambiguous: st?.ambiguous ?? 0 });
      continue;
    }
    const dec = decideOrder(st?.dmy ?? 0, st?.mdy ?? 0, st?.ambiguous ?? 0);
    orders.set(c.col, dec);
    if (dec.state === 'ambiguous' && !exhausted) needWholeColumn.push(c.col);
  }
  if (needWholeColumn.length) {
    // A second pass over the sheet, reading only the undecided columns' day/month evidence.
    const headerNo = headerRow?.rowNumber ?? 0;
    const ev = new Map(needWholeColumn.map((c) => [c, { dmy: 0, mdy: 0, ambiguous: 0 }]));
    for await (const batch of src.rows(ctx.signal)) {
      for (const row of batch) {
        if (row.reject || row.rowNumber <= headerNo) continue;
        const at = cellIndex(row);
        for (const [c, e] of ev) {
          const i = at(c);
          const cell = i >= 0 ? row.cells[i] : undefined;
          if (!cell?.value || cell.type !== 'string') continue;
          const o = orderEvidence(cell.value);
          if (o === 'dmy') e.dmy++;
          else if (o === 'mdy') e.mdy++;
          else if (o === 'ambiguous') e.ambiguous++;
        }
      }
    }
    for (const [c, e] of ev) orders.set(c, decideOrder(e.dmy, e.mdy, e.ambiguous));
  }
  for (const [c, dec] of orders) {
    if (dec.state === 'none') continue;
    out.push({
      type: 'fact',
      key: 'date-order',
      value: { sheet: src.name, column: colLetter(c), header: info.headers[c] ?? '', order: dec.order ?? null, state: dec.state, evidence: { dayFirst: dec.dmy, monthFirst: dec.mdy, undecided: dec.ambiguous }, wholeColumn: needWholeColumn.includes(c) || exhausted },
    });
  }
  const amountCol = used.find((c) => c.role === 'amount');
  const decimal = amountCol ? decimalHint(proposal.stats[amountCol.col], src.delimiter) : undefined;
  const headerCells = headerRow ? headerRow.cells.length : 0;
  const plan = compilePlan(src, info, used, preset === 'call-log', orders, decimal, headerCells);
  out.push({
    type: 'fact',
    key: 'mapping-used',
    value: {
      sheet: src.name,
      columns: describeColumns(used, info),
      preset: preset ?? null,
      records: { calls: plan.calls, transactions: plan.transactions, contacts: plan.contacts },
      ...(decimal ? { decimalSeparator: decimal } : {}),
    },
  });

  const proc = new RowProcessor(plan, ctx, headerRow, groupRow, titleRows);
  const feed = function* (rows: SheetRow[]): Generator<ImportRecord[]> {
    for (const row of rows) {
      proc.row(row, out);
      if (out.length >= BATCH) yield out.splice(0, out.length);
    }
  };
  yield* feed(buffer);
  if (pending.length) {
    yield* feed(pending);
    pending = [];
  }
  if (!exhausted) {
    for (;;) {
      if (ctx.signal.aborted) throw new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled.', { file: state.file });
      const r = await it.next();
      if (r.done) break;
      yield* feed(r.value);
    }
  }
  proc.flushBlanks(out);
  if (out.length) yield out.splice(0, out.length);
}

// ---------------------------------------------------------------------------------------------------------

interface TimeParts {
  date?: { y: number; mo: number; d: number };
  time?: { h: number; mi: number; s: number; ms: number };
  offsetMin?: number;
  raw: string;
  ambiguous?: boolean;
  invalid?: boolean;
  flags: string[];
}

class RowProcessor {
  private readonly keyPrefix: string;
  private blank: { count: number; first: SheetRow; last: SheetRow } | undefined;
  private activeMerges: MergeRange[] = [];
  private mergeAt = 0;
  private readonly mergesSorted: MergeRange[];
  /** Values of merge anchors (top-left cells), for mapped columns under a vertical merge. */
  private readonly mergeValues = new Map<MergeRange, string>();

  constructor(
    private readonly plan: Plan,
    private readonly ctx: SheetContext,
    private readonly headerRow: SheetRow | undefined,
    private readonly groupRow: SheetRow | undefined,
    private readonly titleRows: Set<SheetRow>,
  ) {
    this.keyPrefix = plan.src.member ? `${plan.src.index}!` : '';
    this.mergesSorted = [...plan.merges].sort((a, b) => a.r1 - b.r1);
  }

  private count(flags: Iterable<string>): void {
    const fc = this.ctx.state.flagCounts;
    for (const f of flags) fc.set(f, (fc.get(f) ?? 0) + 1);
  }

  flushBlanks(out: ImportRecord[]): void {
    const b = this.blank;
    if (!b) return;
    this.blank = undefined;
    const prov = { ...b.first.prov };
    if (b.last !== b.first) {
      if (b.last.prov.lineEnd ?? b.last.prov.line) prov.lineEnd = b.last.prov.lineEnd ?? b.last.prov.line!;
      prov.path = this.plan.src.member ? `${sheetRef(this.plan.src.name)}!${b.first.rowNumber}:${b.last.rowNumber}` : `rows ${b.first.rowNumber}-${b.last.rowNumber}`;
    }
    out.push({ type: 'skip', outcome: 'skipped', count: b.count, reason: 'blank-row', prov });
  }

  row(row: SheetRow, out: ImportRecord[]): void {
    const state = this.ctx.state;
    state.seen++;
    if (row.reject) {
      this.flushBlanks(out);
      const rec: ImportRecord = { type: 'skip', outcome: 'rejected', count: 1, reason: row.reject, prov: row.prov, raw: row.rawBytes ?? row.raw };
      out.push(rec);
      this.count([`rejected:${row.reject}`]);
      return;
    }
    this.advanceMerges(row.rowNumber);
    if (isBlankRow(row)) {
      if (this.blank && this.blank.last.rowNumber === row.rowNumber - 1) {
        this.blank.count++;
        this.blank.last = row;
      } else {
        this.flushBlanks(out);
        this.blank = { count: 1, first: row, last: row };
      }
      return;
    }
    this.flushBlanks(out);
    const plan = this.plan;
    const flags = new Flags(row.flags);
    if (plan.hidden) flags.add('hidden-sheet');
    let anyFormula = false;
    for (const c of row.cells) {
      if (c.type === 'formula') anyFormula = true;
      if (c.value && (c.type === 'string' || c.type === 'formula')) textFlags(c.value, flags);
    }
    if (anyFormula) flags.add('formula');
    if (this.activeMerges.length) flags.add('merged-cells');
    const key = `${this.keyPrefix}${row.rowNumber}`;
    const rowRec: RowRecord = { type: 'row', key, sheet: plan.src.name, rowNumber: row.rowNumber, cells: row.cells, prov: row.prov, raw: row.raw };
    if (row.rawBytes) rowRec.rawBytes = row.rawBytes;

    if (row === this.headerRow || row === this.groupRow) {
      rowRec.isHeader = true;
      if (row === this.groupRow) flags.add('header-group');
      if (flags.size) rowRec.flags = flags.list;
      out.push(rowRec);
      state.parsed++;
      this.count(flags.list);
      return;
    }
    if (this.titleRows.has(row)) {
      flags.add('title-row');
      rowRec.flags = flags.list;
      out.push(rowRec);
      out.push({ type: 'skip', outcome: 'skipped', count: 1, reason: 'title-row', prov: row.prov, raw: row.raw });
      this.count(flags.list);
      return;
    }
    if (this.headerRow && !row.cols && plan.headerCells && row.cells.length !== plan.headerCells) flags.add('ragged-row');
    state.parsed++;

    const at = cellIndex(row);
    const text = (c: number | undefined): string => {
      if (c === undefined) return '';
      const i = at(c);
      const v = i >= 0 ? row.cells[i]!.value : null;
      if (v !== null && v !== '') return v;
      // A mapped cell under a vertical merge takes the merge's anchor value.
      const m = this.mergeFor(row.rowNumber, c);
      if (m) {
        const mv = this.mergeValues.get(m);
        if (mv) {
          flags.add('value-from-merged-cell');
          return mv;
        }
      }
      return '';
    };
    this.rememberMergeAnchors(row, at);

    // A totals line (`Total`, `合计`, `รวม`, `Tổng cộng`) sums other rows: kept as a row, not a transaction.
    if (isTotalRow(row)) {
      flags.add('total-row');
      rowRec.flags = flags.list;
      out.push(rowRec);
      this.count(flags.list);
      return;
    }
    const derived: ImportRecord[] = [];
    // Flags about the row and its cells go on every record made from it; each record adds its own.
    const base: string[] = [];
    const time = this.time(row, at, text, base);
    for (const c of plan.phoneCols) {
      const i = at(c);
      if (i >= 0 && row.cells[i]!.type === 'number') base.push('phone-stored-as-number');
    }
    for (const f of base) flags.add(f);
    const own: string[] = [];
    if (plan.calls) this.call(row, text, time, own, derived, flags);
    let parties: { party: string; ref: PartyRef }[] = [];
    if (plan.transactions || plan.contacts) parties = this.parties(row, text, at, flags);
    if (plan.transactions) this.transaction(row, key, text, at, time, parties, own, derived);
    if (plan.contacts) this.contacts(row, text, time, parties, derived);
    const shared = flags.size ? flags.list.slice() : undefined;
    for (const f of own) flags.add(f);
    if (flags.size) rowRec.flags = flags.list;
    out.push(rowRec);
    for (const r of derived) {
      if (shared && (r.type === 'call' || r.type === 'transaction' || r.type === 'contact')) {
        const mine = r.flags;
        if (!mine) r.flags = shared.slice();
        else for (const f of shared) if (!mine.includes(f)) mine.push(f);
      }
      out.push(r);
    }
    if (flags.size) this.count(flags.list);
  }

  // -- merges ----------------------------------------------------------------------------------------------

  private advanceMerges(r: number): void {
    if (!this.mergesSorted.length) return;
    while (this.mergeAt < this.mergesSorted.length && this.mergesSorted[this.mergeAt]!.r1 <= r) this.activeMerges.push(this.mergesSorted[this.mergeAt++]!);
    if (this.activeMerges.length) this.activeMerges = this.activeMerges.filter((m) => m.r2 >= r);
    for (const m of this.mergeValues.keys()) if (m.r2 < r) this.mergeValues.delete(m);
  }

  private mergeFor(r: number, c: number): MergeRange | undefined {
    for (const m of this.activeMerges) if (m.r1 < r && m.c1 <= c && m.c2 >= c && r <= m.r2) return m;
    return undefined;
  }

  private rememberMergeAnchors(row: SheetRow, at: (c: number) => number): void {
    for (const m of this.activeMerges) {
      if (m.r1 !== row.rowNumber || m.r2 === m.r1) continue;
      const i = at(m.c1);
      const v = i >= 0 ? row.cells[i]!.value : null;
      if (v) this.mergeValues.set(m, v);
    }
  }

  // -- time ------------------------------------------------------------------------------------------------

  private cellTime(row: SheetRow, at: (c: number) => number, text: (c: number) => string, c: number, role: 'datetime' | 'date' | 'time'): TimeParts | undefined {
    const i = at(c);
    const cell = i >= 0 ? row.cells[i] : undefined;
    const num = i >= 0 ? row.nums?.[i] : undefined;
    const v = text(c);
    if (!v) return undefined;
    const flags: string[] = [];
    let serial: number | undefined;
    if (num !== undefined && (cell?.type === 'date' || cell?.type === 'number' || cell?.type === 'formula')) serial = num;
    else if (looksLikeSerial(v.trim()) || (role === 'time' && /^0?\.\d+$/.test(v.trim()))) {
      serial = Number(v.trim());
      flags.push('excel-serial-text');
    }
    if (serial !== undefined) {
      if (cell?.type !== 'date') flags.push('excel-serial');
      const sw = serialToWall(serial, this.plan.src.date1904 === true);
      flags.push(...sw.flags);
      const raw = String(serial);
      if (!sw.wall) return { raw, invalid: true, flags };
      const w = sw.wall;
      const tp: TimeParts = { raw, flags, time: { h: w.h, mi: w.mi, s: w.s, ms: w.ms ?? 0 } };
      if (!sw.timeOnly && role !== 'time') tp.date = { y: w.y, mo: w.mo, d: w.d };
      if (role === 'date' && !w.h && !w.mi && !w.s && !w.ms) delete tp.time;
      return tp;
    }
    const dec = this.plan.orders.get(c);
    const order: Order | undefined = dec?.order;
    const p: ParsedDate | undefined = parseDateText(v, order);
    if (!p) return { raw: v, invalid: true, flags: ['date-unparsed'] };
    const tp: TimeParts = { raw: v, flags: p.flags };
    if (p.date) tp.date = p.date;
    if (p.time) tp.time = p.time;
    if (p.offsetMin !== undefined) tp.offsetMin = p.offsetMin;
    if (p.ambiguous) {
      tp.ambiguous = true;
      if (dec?.state === 'conflict') tp.flags.push('date-order-conflict');
    }
    if (p.invalid) tp.invalid = true;
    return tp;
  }

  private time(row: SheetRow, at: (c: number) => number, text: (c: number) => string, flags: string[]): RecordTime {
    const plan = this.plan;
    const parts: TimeParts[] = [];
    let date: TimeParts['date'];
    let time: TimeParts['time'];
    let offset: number | undefined;
    let ambiguous = false;
    let invalid = false;
    const take = (tp: TimeParts | undefined) => {
      if (!tp) return;
      parts.push(tp);
      if (tp.ambiguous) ambiguous = true;
      if (tp.invalid) invalid = true;
      if (tp.date && !date) date = tp.date;
      if (tp.time && !time) time = tp.time;
      if (tp.offsetMin !== undefined && offset === undefined) offset = tp.offsetMin;
    };
    if (plan.dt !== undefined) take(this.cellTime(row, at, text, plan.dt, 'datetime'));
    if (!date && plan.d !== undefined) take(this.cellTime(row, at, text, plan.d, 'date'));
    if (!time && plan.t !== undefined) take(this.cellTime(row, at, text, plan.t, 'time'));
    if (!parts.length) return { kind: 'none' };
    const raw = parts.map((p) => p.raw).join(' ');
    const tflags = [...new Set(parts.flatMap((p) => p.flags))];
    if (ambiguous) {
      tflags.push('date-order-ambiguous');
      flags.push(...tflags);
      return { kind: 'none', raw, flags: tflags };
    }
    if (invalid || !date) {
      tflags.push(invalid ? 'date-invalid' : 'time-only');
      flags.push(...tflags);
      return { kind: 'none', raw, flags: tflags };
    }
    if (!time) tflags.push('date-only');
    const tm = time ?? { h: 0, mi: 0, s: 0, ms: 0 };
    flags.push(...tflags);
    const d = date as { y: number; mo: number; d: number };
    if (offset !== undefined) {
      const utcMs = Date.UTC(d.y, d.mo - 1, d.d, tm.h, tm.mi, tm.s, tm.ms) - offset * 60_000;
      return tflags.length ? { kind: 'instant', utcMs, raw, flags: tflags } : { kind: 'instant', utcMs, raw };
    }
    const wall = { y: d.y, mo: d.mo, d: d.d, h: tm.h, mi: tm.mi, s: tm.s, ...(tm.ms ? { ms: tm.ms } : {}) };
    return tflags.length ? { kind: 'wall', wall, raw, flags: tflags } : { kind: 'wall', wall, raw };
  }

  // -- parties ---------------------------------------------------------------------------------------------

  private parties(row: SheetRow, text: (c: number) => string, at: (c: number) => number, flags: Flags): { party: string; ref: PartyRef }[] {
    const out: { party: string; ref: PartyRef }[] = [];
    // Error values (#N/A) and booleans are not names or identifiers.
    const usable = (c: number) => {
      const i = at(c);
      const t = i >= 0 ? row.cells[i]!.type : '';
      return t === 'error' || t === 'boolean' ? '' : text(c);
    };
    for (const p of this.plan.parties) {
      const names = p.names.map((c) => usable(c).trim()).filter((v) => v);
      const ids: RawIdentifier[] = [];
      for (const id of p.ids) {
        const v = usable(id.col);
        if (!v.trim()) continue;
        if (v.length > 1000) {
          // No identifier is this long: the cell is text that happens to sit in an identifier column.
          flags.add('identifier-not-recognised');
          continue;
        }
        const label = id.labelCol !== undefined ? text(id.labelCol).trim() || id.label : id.label;
        const pieces = id.kind === 'wallet' || id.kind === 'iban' || id.kind === 'account' ? [v.trim()] : splitIdentifiers(v);
        for (const piece of pieces) {
          if (id.kind === 'phone' && !/\d{3}/.test(piece.replace(/\D/g, ''))) {
            flags.add('identifier-not-recognised');
            continue;
          }
          if (id.kind === 'email' && !piece.includes('@')) {
            flags.add('identifier-not-recognised');
            continue;
          }
          const ri: RawIdentifier = { kind: id.kind, value: piece, label };
          if (id.platform) ri.platform = id.platform;
          ids.push(ri);
        }
      }
      if (!names.length && !ids.length) continue;
      const ref: PartyRef = { identifiers: ids };
      if (names.length) ref.name = names.join(' ');
      out.push({ party: p.party, ref });
    }
    return out;
  }

  private transaction(row: SheetRow, key: string, text: (c: number) => string, at: (c: number) => number, time: RecordTime, parties: { party: string; ref: PartyRef }[], flags: string[], out: ImportRecord[]): void {
    const plan = this.plan;
    const tflags: string[] = [];
    let amount: string | undefined;
    let currency: string | undefined;
    if (plan.amount) {
      const c = plan.amount.col;
      const i = at(c);
      const cell = i >= 0 ? row.cells[i] : undefined;
      const v = text(c);
      if (v.trim()) {
        if (cell && (cell.type === 'number' || cell.type === 'formula') && row.nums?.[i] !== undefined && /^[-+]?[\d.]+(?:[eE][-+]?\d+)?$/.test(v.trim())) {
          amount = plainDecimal(v.trim());
        } else {
          const a = parseAmount(v, plan.decimal);
          if (a) {
            amount = a.amount;
            currency = a.currency;
            tflags.push(...a.flags);
          }
        }
        if (amount === undefined) tflags.push('amount-unparsed');
      }
    }
    const curText = plan.currency !== undefined ? text(plan.currency).trim() : '';
    if (curText) {
      const code = currencyOf(curText);
      if (currency && currency !== code) tflags.push('currency-mismatch');
      currency = code;
    }
    if (!currency && plan.amount?.currency) currency = plan.amount.currency;
    const from = parties.find((p) => p.party === 'from')?.ref;
    const to = parties.find((p) => p.party === 'to')?.ref;
    const financial = parties.some((p) => p.ref.identifiers.some((i) => i.kind === 'wallet' || i.kind === 'iban'));
    if (amount === undefined && !financial && !tflags.includes('amount-unparsed')) return;
    if (!from && !to && parties.some((p) => p.party !== 'from' && p.party !== 'to')) tflags.push('party-side-unknown');
    const rec: TransactionRecord = { type: 'transaction', rowKey: key, time, prov: row.prov, raw: row.raw };
    if (amount !== undefined) rec.amount = amount;
    if (currency) rec.currency = currency;
    if (from) rec.from = from;
    if (to) rec.to = to;
    const ref = plan.refs.map((c) => text(c).trim()).filter((v) => v);
    if (ref.length) rec.reference = ref.join(' ');
    const desc = this.description(text);
    if (desc) rec.description = desc;
    if (row.rawBytes) rec.rawBytes = row.rawBytes;
    if (tflags.length) rec.flags = tflags;
    flags.push(...tflags);
    out.push(rec);
  }

  private description(text: (c: number) => string): string | undefined {
    const parts = this.plan.texts.map((c) => ({ c, v: text(c) })).filter((p) => p.v.trim());
    if (!parts.length) return undefined;
    if (parts.length === 1) return parts[0]!.v;
    return parts.map((p) => `${headerLabel(this.plan.info, p.c)}: ${p.v}`).join('\n');
  }

  private contacts(row: SheetRow, text: (c: number) => string, time: RecordTime, parties: { party: string; ref: PartyRef }[], out: ImportRecord[]): void {
    const plan = this.plan;
    const people = parties.filter((p) => !(plan.transactions && (p.party === 'from' || p.party === 'to')));
    for (const p of people) {
      const rec: ContactRecord = { type: 'contact', identifiers: p.ref.identifiers, fields: [], prov: row.prov, raw: row.raw };
      if (p.ref.name) rec.name = p.ref.name;
      if (p.party) rec.fields.push({ name: 'party', value: p.party });
      if (people.length === 1) {
        // The row's other cells describe the one person it is about (country, age, stage, agent ID …).
        const used = plan.partyCols;
        for (let c = 0; c < plan.info.width; c++) {
          if (used.has(c)) continue;
          const v = text(c);
          if (v.trim()) rec.fields.push({ name: headerLabel(plan.info, c), value: v });
        }
      }
      if (time.kind !== 'none') rec.time = time;
      if (row.rawBytes) rec.rawBytes = row.rawBytes;
      out.push(rec);
    }
  }

  // -- calls -----------------------------------------------------------------------------------------------

  private call(row: SheetRow, text: (c: number) => string, time: RecordTime, flags: string[], out: ImportRecord[], rowFlags: Flags): void {
    const plan = this.plan;
    const cflags: string[] = [];
    const dirText = plan.direction !== undefined ? text(plan.direction) : '';
    const kindText = plan.kind !== undefined ? text(plan.kind) : '';
    let direction: CallDirection | undefined = dirText ? parseDirection(dirText) : undefined;
    if (!direction && kindText) direction = parseDirection(kindText);
    let kind: CallKind | undefined = kindText ? parseKind(kindText) : undefined;
    if (!kind && dirText) {
      const k = parseKind(dirText);
      if (k === 'video' || k === 'sms' || k === 'data') kind = k;
    }
    if (kind === 'sms' || kind === 'data') {
      rowFlags.add('not-a-call');
      return;
    }
    const fromParty = plan.parties.find((p) => p.party === 'from');
    const toParty = plan.parties.find((p) => p.party === 'to');
    const firstPhone = (p: { ids: IdCol[] } | undefined) => {
      for (const id of p?.ids ?? []) {
        const v = text(id.col).trim();
        if (v) return v;
      }
      return undefined;
    };
    const caller = firstPhone(fromParty);
    const callee = firstPhone(toParty);
    const owner = this.ctx.options.owner?.replace(/\D/g, '');
    if (!direction && owner && (caller || callee)) {
      const same = (v: string | undefined) => v !== undefined && digitsMatch(v.replace(/\D/g, ''), owner);
      if (same(caller)) direction = 'outgoing';
      else if (same(callee)) direction = 'incoming';
    }
    if (dirText && !parseDirection(dirText) && !parseKind(dirText)) cflags.push('direction-unrecognised');
    let counterpart: string | undefined = plan.counterpart !== undefined ? text(plan.counterpart).trim() || undefined : undefined;
    let contactName: string | undefined;
    if (counterpart && !phoneShape(counterpart) && /\p{L}/u.test(counterpart) && !counterpart.includes('@')) {
      contactName = counterpart;
      counterpart = undefined;
    }
    if (!counterpart) {
      if (direction === 'outgoing') counterpart = callee;
      else if (direction && direction !== 'unknown') counterpart = caller;
      if (!counterpart && (caller || callee) && !(caller && callee)) counterpart = caller ?? callee;
      if (!counterpart && caller && callee) cflags.push('counterpart-unknown');
    }
    if (!counterpart) {
      const plain = plan.parties.find((p) => p.party === '');
      const v = firstPhone(plain);
      if (v) counterpart = v;
    }
    const names = plan.parties.find((p) => p.party === '')?.names ?? [];
    const name = names.map((c) => text(c).trim()).filter((v) => v).join(' ');
    if (name) contactName = name;
    let durationS: number | undefined;
    if (plan.duration !== undefined) {
      const v = text(plan.duration).trim();
      if (v) {
        durationS = this.duration(row, plan.duration, v);
        if (durationS === undefined) cflags.push('duration-unparsed');
      }
    }
    if (!direction) {
      direction = 'unknown';
      if (!dirText) cflags.push('direction-unknown');
    }
    const rec: CallRecord = { type: 'call', time, direction, prov: row.prov, raw: row.raw };
    if (durationS !== undefined) rec.durationS = durationS;
    if (kind === 'voice' || kind === 'video') rec.media = kind;
    if (counterpart) rec.counterpart = counterpart;
    if (contactName) rec.contactName = contactName;
    if (caller) rec.caller = caller;
    if (row.rawBytes) rec.rawBytes = row.rawBytes;
    if (cflags.length) rec.flags = cflags;
    flags.push(...cflags);
    out.push(rec);
  }

  private duration(row: SheetRow, c: number, v: string): number | undefined {
    const i = row.cols ? row.cols.indexOf(c) : c;
    const cell = i >= 0 ? row.cells[i] : undefined;
    const num = i >= 0 ? row.nums?.[i] : undefined;
    // An XLSX time-formatted duration is a fraction of a day.
    if (cell?.type === 'date' && num !== undefined && num < 1) return Math.round(num * 86_400);
    return parseDuration(v);
  }
}

const TOTAL = /^\s*(?:(?:grand\s+|sub\s*)?total|sum|suma|subtotal|jumlah|tổng(?:\s+cộng)?|合计|合計|总计|總計|小计|小計|共计|共計|总和|總和|ยอดรวม|รวม(?:ทั้งหมด)?)\s*[:：]?\s*$/i;

function isTotalRow(row: SheetRow): boolean {
  for (let i = 0; i < row.cells.length && i < 3; i++) {
    const v = row.cells[i]!.value;
    if (v === null || v === '') continue;
    return row.cells[i]!.type === 'string' && v.length <= 30 && TOTAL.test(v);
  }
  return false;
}

/** A row's flags in first-seen order: rows have few, so an array beats a Set. */
class Flags {
  readonly list: string[];
  constructor(initial?: string[]) {
    this.list = initial ? initial.slice() : [];
  }
  add(f: string): void {
    if (!this.list.includes(f)) this.list.push(f);
  }
  get size(): number {
    return this.list.length;
  }
}

function digitsMatch(a: string, owner: string): boolean {
  if (!a || !owner) return false;
  if (a === owner) return true;
  // Trunk prefix vs country code: compare the last 9 digits when both are long enough.
  return a.length >= 9 && owner.length >= 9 && a.slice(-9) === owner.slice(-9);
}

