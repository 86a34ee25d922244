/**
 * Column mapping for spreadsheets: finds the header row (title rows above it, a merged group row over it),
 * proposes a role per column from header words and from the values, and applies the examiner's mapping.
 */
import { ThreadlineError } from '../../errors';
import { looksLikeSerial, orderEvidence, parseDateText, type Order } from './dates';
import { guessFromHeader, headerKey, isPartyRole, parseRoleText, type HeaderGuess, type Role } from './roles';
import { colIndex, colLetter, type MergeRange, type SheetRow } from './sheet';
import { isCurrencyText, isEmail, isIban, parseAmount, parseDirection, parseDuration, parseKind, phoneShape, walletKind, type DecimalSep } from './values';

/** Dense view of a row: the cell text of each column ('' when empty). */
export function denseText(row: SheetRow, width?: number): string[] {
  const n = width ?? (row.cols ? (row.cols.length ? row.cols[row.cols.length - 1]! + 1 : 0) : row.cells.length);
  const out = new Array<string>(n).fill('');
  for (let i = 0; i < row.cells.length; i++) {
    const c = row.cols ? row.cols[i]! : i;
    if (c < n) out[c] = row.cells[i]!.value ?? '';
  }
  return out;
}

export function isBlankRow(row: SheetRow): boolean {
  for (const c of row.cells) if (c.value !== null && c.value !== '') return false;
  return true;
}

function rowWidth(row: SheetRow): number {
  return row.cols ? (row.cols.length ? row.cols[row.cols.length - 1]! + 1 : 0) : row.cells.length;
}

// ---------------------------------------------------------------------------------------------------------
// Value classes

export type ValueClass = 'email' | 'wallet' | 'iban' | 'phone' | 'digits' | 'datetime' | 'date' | 'time' | 'clock' | 'serial' | 'number' | 'money' | 'direction' | 'kind' | 'currency' | 'duration' | 'text' | 'other';

const CLOCK = /^\d{1,2}:\d{2}(?::\d{2})?$/;

export function classifyCell(value: string, type: string, num: number | undefined): ValueClass {
  if (type === 'date') return value.includes('T') ? 'datetime' : /^\d{2}:\d{2}/.test(value) ? 'time' : 'date';
  if (type === 'boolean' || type === 'error') return 'other';
  const s = value.trim();
  if (type === 'number' || (type === 'formula' && num !== undefined)) {
    if (num !== undefined && looksLikeSerial(String(num))) return 'serial';
    // Phone numbers typed into Excel become numbers (the leading + or 0 is lost): 8–15 digit integers.
    if (num !== undefined && Number.isInteger(num) && num >= 1e7 && num < 1e15) return 'digits';
    return 'number';
  }
  if (!s) return 'other';
  if (s.length > 200) return 'text';
  if (s.includes('@') && isEmail(s)) return 'email';
  if (walletKind(s)) return 'wallet';
  if (/^[A-Za-z]{2}\d{2}/.test(s) && isIban(s)) return 'iban';
  if (CLOCK.test(s)) return 'clock';
  const d = /\d/.test(s) ? parseDateText(s) : undefined;
  if (d && !d.invalid && (d.date || d.ambiguous)) return d.time ? 'datetime' : 'date';
  if (d && d.time && !d.date && !d.ambiguous && s.includes(':')) return 'time';
  const ph = phoneShape(s);
  if (ph === 'strong') return 'phone';
  if (isCurrencyText(s)) return 'currency';
  const a = parseAmount(s);
  if (a) {
    if (a.currency) return 'money';
    if (looksLikeSerial(s)) return 'serial';
    return ph === 'weak' ? 'digits' : 'number';
  }
  if (ph === 'weak') return 'digits';
  if (s.length <= 40) {
    if (parseDirection(s)) return 'direction';
    if (parseKind(s)) return 'kind';
    if (parseDuration(s) !== undefined) return 'duration';
  }
  return 'text';
}

export interface ColumnStats {
  n: number;
  classes: Map<ValueClass, number>;
  top?: ValueClass;
  share: number;
  /** Day/month order evidence of d/m/y-shaped values. */
  dmy: number;
  mdy: number;
  ambiguous: number;
  /** Decimal separator evidence of amount values. */
  decDot: number;
  decComma: number;
  /** Serial numbers with a time fraction. */
  fractional: number;
  belowOne: number;
  /** A currency written with the amounts (`฿1,200`, `50 USDT`). */
  currencies: Map<string, number>;
}

export function newStats(): ColumnStats {
  return { n: 0, classes: new Map(), share: 0, dmy: 0, mdy: 0, ambiguous: 0, decDot: 0, decComma: 0, fractional: 0, belowOne: 0, currencies: new Map() };
}

export function addToStats(st: ColumnStats, value: string, type: string, num: number | undefined): void {
  const cls = classifyCell(value, type, num);
  if (cls === 'other' && value.trim() === '') return;
  st.n++;
  st.classes.set(cls, (st.classes.get(cls) ?? 0) + 1);
  if (cls === 'date' || cls === 'datetime') {
    const ev = type === 'date' ? undefined : orderEvidence(value);
    if (ev === 'dmy') st.dmy++;
    else if (ev === 'mdy') st.mdy++;
    else if (ev === 'ambiguous') st.ambiguous++;
  }
  if (cls === 'money' || cls === 'number' || cls === 'digits') {
    const a = type === 'string' ? parseAmount(value) : undefined;
    if (a?.proves === '.') st.decDot++;
    else if (a?.proves === ',') st.decComma++;
    if (a?.currency) st.currencies.set(a.currency, (st.currencies.get(a.currency) ?? 0) + 1);
  }
  const n = num ?? (cls === 'serial' || cls === 'number' ? Number(value) : NaN);
  if (Number.isFinite(n)) {
    if (n % 1 !== 0) st.fractional++;
    if (n >= 0 && n < 1) st.belowOne++;
  }
}

export function finishStats(st: ColumnStats): ColumnStats {
  let top: ValueClass | undefined;
  let best = 0;
  for (const [k, v] of st.classes) {
    if (v > best) {
      best = v;
      top = k;
    }
  }
  st.share = st.n ? best / st.n : 0;
  if (top) st.top = top;
  return st;
}

function share(st: ColumnStats, ...classes: ValueClass[]): number {
  if (!st.n) return 0;
  let k = 0;
  for (const c of classes) k += st.classes.get(c) ?? 0;
  return k / st.n;
}

// ---------------------------------------------------------------------------------------------------------
// Header row

export interface HeaderInfo {
  /** Index in the buffered rows of the header row, or -1 when the sheet has none. */
  index: number;
  /** Index of a group row over the header (`Victim | | Agent |`), or -1. */
  groupIndex: number;
  /** Indices of non-blank rows above the header (titles). */
  titles: number[];
  /** Per column: header text (merged header cells repeated), and its group text. */
  headers: string[];
  groups: string[];
  width: number;
  reason: string;
  flags: string[];
}

const HEADER_SCAN = 30;

function numericish(v: string): boolean {
  const s = v.trim();
  if (!s) return false;
  return parseAmount(s) !== undefined || phoneShape(s) !== undefined || (/\d/.test(s) && parseDateText(s) !== undefined);
}

/** Find the header row among the first rows of a sheet. */
export function detectHeader(rows: SheetRow[], merges: MergeRange[] = []): HeaderInfo {
  const nonBlank: number[] = [];
  for (let i = 0; i < rows.length && nonBlank.length < HEADER_SCAN; i++) if (!isBlankRow(rows[i]!)) nonBlank.push(i);
  let width = 0;
  for (const i of nonBlank) width = Math.max(width, rowWidth(rows[i]!));
  const none: HeaderInfo = { index: -1, groupIndex: -1, titles: [], headers: new Array<string>(width).fill(''), groups: new Array<string>(width).fill(''), width, reason: 'no row reads as a header: columns are named by letter', flags: [] };
  if (!nonBlank.length) return none;
  let best = -1;
  let bestScore = -Infinity;
  let bestWhy = '';
  const dense = new Map<number, string[]>();
  const denseOf = (i: number) => {
    let d = dense.get(i);
    if (!d) dense.set(i, (d = denseText(rows[i]!, width)));
    return d;
  };
  for (let k = 0; k < Math.min(nonBlank.length, 20); k++) {
    const i = nonBlank[k]!;
    const row = rows[i]!;
    const vals = denseOf(i);
    const filled = vals.filter((v) => v.trim() !== '');
    const nonEmpty = filled.length;
    const texty = row.cells.filter((c) => c.value && c.value.trim() !== '' && (c.type === 'string' || c.type === 'formula') && !numericish(c.value)).length;
    let kw = 0;
    for (const v of filled) if (guessFromHeader(v)) kw++;
    const below = nonBlank.slice(k + 1, k + 11).map((j) => denseOf(j));
    const widths = below.map((d) => d.filter((v) => v.trim() !== '').length).sort((a, b) => a - b);
    const W = widths.length ? widths[Math.floor(widths.length / 2)]! : nonEmpty;
    let contrast = 0;
    if (below.length) {
      for (let c = 0; c < width; c++) {
        if (!vals[c]!.trim() || numericish(vals[c]!)) continue;
        let num = 0;
        let tot = 0;
        for (const d of below) {
          const v = d[c]!;
          if (!v.trim()) continue;
          tot++;
          if (numericish(v) || isEmail(v) || walletKind(v)) num++;
        }
        if (tot && num / tot >= 0.5) contrast++;
      }
    }
    const unique = new Set(filled.map((v) => v.trim())).size === nonEmpty;
    let score = kw * 3;
    score += nonEmpty >= Math.max(2, 0.6 * W) ? 2 : nonEmpty >= 1 && W <= 1 ? 1 : -4;
    score += texty >= nonEmpty ? 1 : texty >= 0.8 * nonEmpty ? 0 : -3;
    score += unique ? 1 : -1;
    score += kw === 0 ? (contrast > 0 ? 1 : -2) : 0;
    score -= k * 0.05;
    if (score > bestScore) {
      bestScore = score;
      best = k;
      bestWhy = `${kw} header word(s), ${nonEmpty} of ${W} columns filled, ${contrast} column(s) whose values differ in kind from the header`;
    }
  }
  if (best < 0 || bestScore < 3) return { ...none, reason: `no row reads as a header (best score ${bestScore.toFixed(2)}): columns are named by letter` };
  const index = nonBlank[best]!;
  const header = rows[index]!;
  const headers = denseText(header, width).map((v) => v.trim());
  const flags: string[] = [];
  // Merged header cells: every column under the merge carries the header text.
  for (const m of merges) {
    if (m.r1 <= header.rowNumber && m.r2 >= header.rowNumber && m.c2 > m.c1) {
      const text = headers[m.c1] ?? '';
      for (let c = m.c1 + 1; c <= m.c2 && c < width; c++) if (!headers[c]) headers[c] = text;
      flags.push('merged-header');
    }
  }
  const groups = new Array<string>(width).fill('');
  let groupIndex = -1;
  const prevK = best - 1;
  if (prevK >= 0) {
    const gi = nonBlank[prevK]!;
    const g = rows[gi]!;
    if (g.rowNumber === header.rowNumber - 1) {
      const gvals = denseText(g, width).map((v) => v.trim());
      const gFilled = gvals.filter((v) => v).length;
      const hFilled = headers.filter((v) => v).length;
      const hMerges = merges.filter((m) => m.r1 <= g.rowNumber && m.r2 >= g.rowNumber && m.c2 > m.c1);
      const spansByBlanks = gvals.every((v, c) => !v || c + 1 >= width || !gvals[c + 1] || false) && gvals.some((v, c) => v && c + 1 < width && !gvals[c + 1] && headers[c + 1]);
      if (gFilled >= 2 && gFilled < hFilled && (hMerges.length > 0 || spansByBlanks)) {
        groupIndex = gi;
        if (hMerges.length) {
          for (const m of hMerges) for (let c = m.c1; c <= m.c2 && c < width; c++) groups[c] = gvals[m.c1] ?? '';
          for (let c = 0; c < width; c++) if (!groups[c] && gvals[c]) groups[c] = gvals[c]!;
        } else {
          let cur = '';
          for (let c = 0; c < width; c++) {
            if (gvals[c]) cur = gvals[c]!;
            groups[c] = cur;
          }
        }
        flags.push('header-group-row');
      }
    }
  }
  const titles = nonBlank.slice(0, groupIndex >= 0 ? best - 1 : best);
  return { index, groupIndex, titles, headers, groups, width, reason: bestWhy, flags };
}

// ---------------------------------------------------------------------------------------------------------
// Proposal

export type MappingSource = 'header' | 'values' | 'header+values' | 'option' | 'preset';

export interface ColumnRole {
  col: number;
  role: Role;
  party: string;
  platform?: string;
  /** Currency named in the header of an amount column. */
  currency?: string;
  source: MappingSource;
  /** The header word that matched, or the value class that decided. */
  because: string;
  part?: boolean;
}

export interface Proposal {
  columns: ColumnRole[];
  stats: ColumnStats[];
  callLog: boolean;
  callLogReason?: string;
}

function temporalRole(g: HeaderGuess | undefined, st: ColumnStats): 'datetime' | 'date' | 'time' | undefined {
  const dt = share(st, 'datetime');
  const d = share(st, 'date');
  const t = share(st, 'time', 'clock');
  const ser = share(st, 'serial', 'number');
  if (dt + d + t >= 0.6) return dt >= d && dt >= t ? 'datetime' : d >= t ? 'date' : 'time';
  if (ser >= 0.6 && g) {
    if (st.belowOne >= st.n * 0.6) return 'time';
    return st.fractional > 0 ? 'datetime' : 'date';
  }
  return g?.temporal;
}

/** Propose a role for every column from its header and sample values. */
export function propose(info: HeaderInfo, sample: SheetRow[]): Proposal {
  const stats: ColumnStats[] = [];
  for (let c = 0; c < info.width; c++) stats.push(newStats());
  for (const row of sample) {
    for (let i = 0; i < row.cells.length; i++) {
      const c = row.cols ? row.cols[i]! : i;
      if (c >= info.width) continue;
      const cell = row.cells[i]!;
      if (cell.value === null || cell.value === '') continue;
      addToStats(stats[c]!, cell.value, cell.type, row.nums?.[i]);
    }
  }
  for (const st of stats) finishStats(st);
  const columns: ColumnRole[] = [];
  for (let c = 0; c < info.width; c++) {
    const header = info.headers[c] ?? '';
    const group = info.groups[c] ?? '';
    const st = stats[c]!;
    const g = header ? guessFromHeader(header) : undefined;
    const groupParty = group ? guessFromHeader(group)?.party : undefined;
    const party = g?.party ?? groupParty ?? '';
    const r = resolveRole(g, st);
    if (!r) continue;
    const cr: ColumnRole = { col: c, role: r.role, party: isPartyRole(r.role) ? party : '', source: r.source, because: r.because };
    if (g?.part && r.role === 'name') cr.part = true;
    if (g?.platform) cr.platform = g.platform;
    if (g?.currency) cr.currency = g.currency;
    columns.push(cr);
  }
  // `Given Name` / `Family Name` make the name only when no full-name column names the same party.
  for (const c of columns) {
    if (c.part && columns.some((o) => o.role === 'name' && !o.part && o.party === c.party)) {
      c.role = 'text';
      c.because += ' (a name part; the sheet has a full-name column)';
    }
    delete c.part;
  }
  // Contact details in a sheet about one named party describe that party (`Victim name`, `Phone` → victim.phone).
  // Financial identifiers are not folded in: whose wallet a ledger row names is for the examiner to say.
  const named = new Set(columns.filter((c) => c.party && isPartyRole(c.role)).map((c) => c.party));
  if (named.size === 1) {
    const only = [...named][0]!;
    if (only !== 'from' && only !== 'to') {
      for (const c of columns) if (!c.party && (c.role === 'name' || c.role === 'phone' || c.role === 'email' || c.role === 'handle')) c.party = only;
    }
  }
  // At most one column per time role drives the record time; later ones stay in the row only.
  const seen = new Set<string>();
  for (const c of columns) {
    if (c.role === 'datetime' || c.role === 'date' || c.role === 'time' || c.role === 'amount' || c.role === 'currency' || c.role === 'direction' || c.role === 'duration' || c.role === 'counterpart' || c.role === 'kind') {
      if (seen.has(c.role)) c.because += ' (not the first such column: kept in the row only)';
      seen.add(c.role);
    }
  }
  const callLog = detectCallLog(columns);
  return { columns, stats, callLog: callLog !== undefined, ...(callLog ? { callLogReason: callLog } : {}) };
}

function resolveRole(g: HeaderGuess | undefined, st: ColumnStats): { role: Role; source: MappingSource; because: string } | undefined {
  const top = st.share >= 0.7 ? st.top : undefined;
  const byValues = (role: Role, cls: string) => ({ role, source: 'values' as const, because: `${Math.round(st.share * 100)}% of values are ${cls}` });
  if (g) {
    const both = (role: Role) => ({ role, source: (top ? 'header+values' : 'header') as MappingSource, because: `header word "${g.term}"${top ? `; values: ${top}` : ''}` });
    switch (g.hint) {
      case 'temporal': {
        const r = temporalRole(g, st);
        return r ? both(r) : undefined;
      }
      case 'address':
        return top === 'wallet' ? both('wallet') : both('text');
      case 'number':
        if (top === 'wallet') return both('wallet');
        if (share(st, 'phone', 'digits', 'number') >= 0.7 && (st.classes.get('phone') ?? 0) + (st.classes.get('digits') ?? 0) > 0) return both('phone');
        if (top === 'text' || top === 'email') return both(top === 'email' ? 'email' : 'name');
        return undefined;
      case 'type':
        if (share(st, 'direction') >= 0.6) return both('direction');
        if (share(st, 'kind') >= 0.6) return both('kind');
        return both('text');
      case 'account':
        if (top === 'iban') return both('iban');
        if (top === 'wallet') return both('wallet');
        if (top === 'email') return both('email');
        return both('account');
      case 'name':
        if (g.party && top === 'wallet') return both('wallet');
        if (g.party && top === 'phone') return both('phone');
        if (g.party && top === 'email') return both('email');
        if (g.party && top === 'iban') return both('iban');
        return both('name');
      case 'handle':
        if (top === 'email') return both('email');
        if (top === 'phone' && (g.platform === 'line' || g.platform === 'wechat' || g.platform === 'zalo' || g.platform === 'telegram')) return both('phone');
        return both('handle');
      case 'wallet':
        return both('wallet');
      case 'iban':
        return both(top === 'iban' || !top ? 'iban' : 'account');
      case 'duration':
        return both('duration');
      default:
        return both(g.hint);
    }
  }
  switch (top) {
    case 'email':
      return byValues('email', 'e-mail addresses');
    case 'wallet':
      return byValues('wallet', 'wallet addresses');
    case 'iban':
      return byValues('iban', 'IBANs');
    case 'phone':
      return byValues('phone', 'phone numbers');
    case 'datetime':
      return byValues('datetime', 'dates with times');
    case 'date':
      return byValues('date', 'dates');
    case 'money':
      return byValues('amount', 'amounts with a currency');
    case 'direction':
      return st.share >= 0.9 ? byValues('direction', 'call directions') : undefined;
    default:
      return undefined;
  }
}

function detectCallLog(columns: ColumnRole[]): string | undefined {
  const has = (pred: (c: ColumnRole) => boolean) => columns.some(pred);
  const time = has((c) => c.role === 'datetime' || c.role === 'date' || c.role === 'time');
  const duration = has((c) => c.role === 'duration');
  const number = has((c) => c.role === 'counterpart' || c.role === 'phone');
  const direction = has((c) => c.role === 'direction' || c.role === 'kind');
  const money = has((c) => c.role === 'amount' || c.role === 'wallet' || c.role === 'iban');
  if (time && duration && number && !money) return `headers look like a call log: date/time, number, ${direction ? 'direction, ' : ''}duration`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The examiner's mapping

export interface OptionMapping {
  /** Optional sheet the key is limited to (`Ledger!Victim phone`). */
  sheet?: string;
  key: string;
  role: Role;
  party: string;
  platform?: string;
  text: string;
  used: boolean;
}

/** Validate options.mapping before anything is read: every value must be a known role. */
export function parseOptionMapping(mapping: Record<string, string> | undefined, file: string): OptionMapping[] {
  if (!mapping) return [];
  const out: OptionMapping[] = [];
  const errors: string[] = [];
  for (const rawKey of Object.keys(mapping)) {
    const value = mapping[rawKey];
    if (typeof value !== 'string') {
      errors.push(`"${rawKey}": the role must be text`);
      continue;
    }
    const r = parseRoleText(value);
    if (typeof r === 'string') {
      errors.push(r);
      continue;
    }
    let sheet: string | undefined;
    let key = rawKey;
    const bang = rawKey.lastIndexOf('!');
    if (bang > 0) {
      sheet = rawKey.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
      key = rawKey.slice(bang + 1);
    }
    const om: OptionMapping = { key, role: r.role, party: r.party, text: value, used: false };
    if (sheet !== undefined) om.sheet = sheet;
    if (r.platform) om.platform = r.platform;
    out.push(om);
  }
  if (errors.length) {
    throw new ThreadlineError('BAD_ARGUMENT', `The column mapping is not valid: ${errors.join('; ')}.`, {
      file,
      hint: 'Roles: datetime, date, time, name, phone, email, handle, wallet, iban, account, amount, currency, reference, text, direction, duration, counterpart, kind, ignore; party roles may carry a party prefix (victim.phone, from.wallet).',
    });
  }
  return out;
}

/** Columns an option key names on this sheet: exact header text, then header words, then a column letter. */
function columnsForKey(key: string, info: HeaderInfo): number[] {
  const exact: number[] = [];
  const loose: number[] = [];
  const k = key.trim();
  const kk = headerKey(k);
  for (let c = 0; c < info.width; c++) {
    const h = info.headers[c] ?? '';
    const g = info.groups[c] ?? '';
    const combined = g ? `${g} ${h}` : h;
    if (h === k || combined === k || (g && `${g}/${h}` === k)) exact.push(c);
    else if (kk && (headerKey(h) === kk || headerKey(combined) === kk)) loose.push(c);
  }
  if (exact.length) return exact;
  if (loose.length) return loose;
  if (/^[A-Z]{1,3}$/.test(k)) {
    const c = colIndex(k);
    if (c >= 0) return [c];
  }
  return [];
}

/** Apply the examiner's mapping over the proposal: options win column by column; `ignore` drops a proposed role. */
export function applyOptions(proposal: ColumnRole[], options: OptionMapping[], info: HeaderInfo, sheet: string, preset: 'call-log' | undefined): ColumnRole[] {
  const byCol = new Map<number, ColumnRole>();
  for (const c of proposal) byCol.set(c.col, { ...c });
  for (const om of options) {
    if (om.sheet !== undefined && om.sheet !== sheet) continue;
    const cols = columnsForKey(om.key, info);
    if (!cols.length) continue;
    om.used = true;
    for (const c of cols) {
      if (om.role === 'ignore') {
        byCol.delete(c);
        continue;
      }
      const prev = byCol.get(c);
      const cr: ColumnRole = { col: c, role: om.role, party: om.party, source: 'option', because: `options.mapping "${om.sheet !== undefined ? om.sheet + '!' : ''}${om.key}": "${om.text}"` };
      const platform = om.platform ?? (om.role === 'handle' || om.role === 'phone' ? prev?.platform ?? guessFromHeader(info.headers[c] ?? '')?.platform : undefined);
      if (platform) cr.platform = platform;
      const currency = om.role === 'amount' ? prev?.currency ?? guessFromHeader(info.headers[c] ?? '')?.currency : undefined;
      if (currency) cr.currency = currency;
      byCol.set(c, cr);
    }
  }
  const out = [...byCol.values()].sort((a, b) => a.col - b.col);
  if (preset === 'call-log') {
    for (const c of out) {
      // A call log's unprefixed number is the other party of the call.
      if (c.role === 'phone' && !c.party && c.source !== 'option') {
        c.role = 'counterpart';
        c.source = c.source === 'header' || c.source === 'header+values' || c.source === 'values' ? 'preset' : c.source;
        c.because += '; call-log preset: the number is the other party';
      }
    }
  }
  return out;
}

export function describeColumns(cols: ColumnRole[], info: HeaderInfo): Record<string, unknown>[] {
  return cols.map((c) => {
    const o: Record<string, unknown> = { column: colLetter(c.col), header: info.headers[c.col] ?? '', role: c.party ? `${c.party}.${c.role}` : c.role, source: c.source, because: c.because };
    if (info.groups[c.col]) o.group = info.groups[c.col];
    if (c.platform) o.platform = c.platform;
    if (c.currency) o.currency = c.currency;
    return o;
  });
}

/** The decimal separator a column's values prove, if they agree. */
export function decimalHint(st: ColumnStats | undefined, delimiter?: string): DecimalSep | undefined {
  if (!st) return delimiter === ';' ? ',' : undefined;
  if (st.decDot && !st.decComma) return '.';
  if (st.decComma && !st.decDot) return ',';
  if (!st.decDot && !st.decComma && delimiter === ';') return ',';
  return undefined;
}

export type OrderDecision = { order?: Order; state: 'option' | 'decided' | 'ambiguous' | 'conflict' | 'none'; dmy: number; mdy: number; ambiguous: number };

export function decideOrder(dmy: number, mdy: number, ambiguous: number): OrderDecision {
  if (dmy && !mdy) return { order: 'dmy', state: 'decided', dmy, mdy, ambiguous };
  if (mdy && !dmy) return { order: 'mdy', state: 'decided', dmy, mdy, ambiguous };
  if (dmy && mdy) return { state: 'conflict', dmy, mdy, ambiguous };
  return { state: ambiguous ? 'ambiguous' : 'none', dmy, mdy, ambiguous };
}
