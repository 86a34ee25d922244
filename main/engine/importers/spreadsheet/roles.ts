/** Column roles for spreadsheet mapping and the multilingual header words that propose them. */
import { matchCopy } from '../../text/normalise';

/** Roles that describe one party of a row: identifiers written together are linking evidence. */
export const PARTY_ROLES = ['name', 'phone', 'email', 'handle', 'wallet', 'iban', 'account'] as const;
/** Roles that describe the row itself. */
export const ROW_ROLES = ['datetime', 'date', 'time', 'amount', 'currency', 'reference', 'text', 'direction', 'duration', 'counterpart', 'kind', 'label', 'ignore'] as const;

export type PartyRole = (typeof PARTY_ROLES)[number];
export type RowRole = (typeof ROW_ROLES)[number];
export type Role = PartyRole | RowRole;

/**
 * What a header alone suggests. Some words are ambiguous until the values are seen: `temporal` (date, time
 * or both), `address` (a wallet or a postal address), `number` (a phone or a call's other party), `type`
 * (a call direction, a call kind or plain text).
 */
export type HeaderHint = Role | 'temporal' | 'address' | 'number' | 'type';

export interface HeaderGuess {
  hint: HeaderHint;
  /** Preferred temporal role when the values do not decide (`Date` → date, `Time` → time). */
  temporal?: 'date' | 'time' | 'datetime';
  party?: string;
  platform?: string;
  /** A currency named in the header (`Amount USDT`, `金额(¥)`). */
  currency?: string;
  /** The matched term, for the proposal record. */
  term: string;
  /** The header names a part of a name (`Given Name`). */
  part?: boolean;
}

export function isPartyRole(r: string): r is PartyRole {
  return (PARTY_ROLES as readonly string[]).includes(r);
}

export function isRole(r: string): r is Role {
  return isPartyRole(r) || (ROW_ROLES as readonly string[]).includes(r);
}

/** Role names an examiner may type, and what they mean. */
const ROLE_ALIASES: Record<string, Role> = Object.assign(Object.create(null) as Record<string, Role>, {
  'date/time': 'datetime',
  'date-time': 'datetime',
  timestamp: 'datetime',
  'free text': 'text',
  note: 'text',
  notes: 'text',
  'person name': 'name',
  'e-mail': 'email',
  mail: 'email',
  username: 'handle',
  'wallet address': 'wallet',
  address: 'wallet',
  'iban/account': 'account',
  'bank account': 'account',
  ref: 'reference',
  'remote party': 'counterpart',
  number: 'counterpart',
  none: 'ignore',
  '': 'ignore',
});

export interface ParsedRole {
  role: Role;
  party: string;
  platform?: string;
}

/**
 * Parse an examiner's role text: `phone`, `victim.phone`, `from.wallet`, `agent.handle@telegram`, `ignore`.
 * Returns an error message instead when the text names no known role.
 */
export function parseRoleText(text: string): ParsedRole | string {
  const t = text.trim().toLowerCase();
  let rest = t;
  let platform: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at > 0) {
    platform = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let party = '';
  const dot = rest.lastIndexOf('.');
  if (dot > 0) {
    party = rest.slice(0, dot);
    rest = rest.slice(dot + 1);
  }
  const role: string = ROLE_ALIASES[rest] ?? rest;
  if (!isRole(role)) return `"${text}" is not a column role`;
  if (party && !isPartyRole(role)) return `"${text}": only party roles (${PARTY_ROLES.join(', ')}) take a party prefix`;
  if (party && !/^[\p{L}\p{N}_-]+$/u.test(party)) return `"${text}": the party name may hold only letters, digits, '-' and '_'`;
  const out: ParsedRole = { role, party: canonicalParty(party) };
  if (platform) out.platform = platform;
  return out;
}

/** Synonyms of the two sides of a transfer, so `sender.wallet` and `from.wallet` mean the same party. */
function canonicalParty(p: string): string {
  if (FROM_WORDS.has(p)) return 'from';
  if (TO_WORDS.has(p)) return 'to';
  return p;
}
const FROM_WORDS = new Set(['from', 'sender', 'payer', 'source', 'remitter', 'calling', 'caller', 'a']);
const TO_WORDS = new Set(['to', 'receiver', 'recipient', 'payee', 'beneficiary', 'destination', 'called', 'callee', 'b']);

/** A header reduced for matching: invisibles removed, lower case, punctuation to spaces. */
export function headerKey(header: string): string {
  return matchCopy(header)
    .normalize('NFC')
    // `RemoteParty`, `CallType`: camel-case words from exporters are words too.
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .replace(/[_\-–—./\\()（）[\]{}:：,，;；#№*'"|]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

interface Term {
  term: string;
  hint: HeaderHint;
  temporal?: 'date' | 'time' | 'datetime';
  platform?: string;
  party?: string;
  /** A part of a name (`Given Name`): used only when the sheet has no full-name column. */
  part?: boolean;
  /** Position in the table: earlier wins between equally long matches. */
  order?: number;
}

function t(hint: HeaderHint, words: string[], extra: Partial<Term> = {}): Term[] {
  return words.map((w) => ({ term: w, hint, ...extra }));
}

// Header words by role. Kept in one table so the proposal can say which word matched.
const TERMS: Term[] = [
  // time
  ...t('temporal', ['date time', 'datetime', 'date and time', 'timestamp', 'time stamp', 'start time', 'end time', 'call time', 'transaction time', 'created at', 'created', 'transaction date time', 'fecha hora', 'fecha y hora', 'tanggal waktu', 'waktu transaksi', 'thời gian', 'ngày giờ', 'วันที่และเวลา', 'วันเวลา', 'วัน เวลา', '日期时间', '日期時間', '时间', '時間', '交易时间', '交易時間', '充值时间', '充值時間', '转账时间', '轉帳時間', '通话时间', '通話時間', '开始时间', '開始時間', 'ពេលវេលា'], { temporal: 'datetime' }),
  ...t('temporal', ['date', 'day', 'transaction date', 'deposit date', 'payment date', 'tanggal', 'fecha', 'ngày', 'ngày giao dịch', 'วันที่', 'วัน', '日期', '交易日期', 'ရက်စွဲ', 'ရက်', 'កាលបរិច្ឆេទ'], { temporal: 'date' }),
  ...t('temporal', ['time', 'hour', 'hora', 'jam', 'waktu', 'giờ', 'เวลา', 'အချိန်', 'ម៉ោង'], { temporal: 'time' }),
  // money
  ...t('amount', ['amount', 'amt', 'sum', 'total', 'value', 'deposit', 'deposits', 'deposit amount', 'withdrawal', 'paid', 'payment', 'transfer amount', 'money', 'price', 'jumlah', 'nominal', 'monto', 'importe', 'cantidad', 'valor', 'số tiền', 'tiền', 'จำนวนเงิน', 'จำนวน', 'ยอดเงิน', 'ยอดโอน', 'ยอด', '金额', '金額', '数额', '數額', '充值金额', '充值金額', '入金', '出金', '存款', '汇款金额', '匯款金額', '转账金额', '轉帳金額', 'ပမာဏ', 'ငွေပမာဏ', 'ចំនួនទឹកប្រាក់', 'ទឹកប្រាក់']),
  ...t('currency', ['currency', 'ccy', 'cur', 'coin', 'token', 'mata uang', 'moneda', 'divisa', 'tiền tệ', 'loại tiền', 'สกุลเงิน', '币种', '幣種', '货币', '貨幣', 'ငွေကြေး', 'រូបិយប័ណ្ណ']),
  ...t('reference', ['reference', 'ref', 'ref no', 'reference no', 'reference number', 'transaction id', 'trans id', 'txn id', 'txid', 'tx id', 'tx hash', 'txhash', 'transaction hash', 'hash', 'order id', 'order no', 'order number', 'receipt', 'receipt no', 'invoice', 'referensi', 'no referensi', 'id transaksi', 'referencia', 'mã giao dịch', 'mã tham chiếu', 'mã gd', 'เลขที่อ้างอิง', 'อ้างอิง', 'เลขที่รายการ', '流水号', '流水號', '订单号', '訂單號', '单号', '單號', '交易号', '交易號', '交易哈希', '哈希', '交易id']),
  ...t('text', ['note', 'notes', 'remark', 'remarks', 'comment', 'comments', 'description', 'desc', 'memo', 'details', 'detail', 'message', 'content', 'keterangan', 'catatan', 'deskripsi', 'nota', 'notas', 'descripción', 'descripcion', 'observaciones', 'comentario', 'ghi chú', 'mô tả', 'nội dung', 'หมายเหตุ', 'รายละเอียด', 'ข้อความ', '备注', '備註', '备考', '說明', '说明', '描述', '内容', '內容', 'မှတ်ချက်', 'កំណត់សម្គាល់']),
  // calls
  ...t('direction', ['direction', 'in out', 'call direction', 'arah', 'dirección de llamada', 'hướng', 'ทิศทาง', '方向', '呼叫方向']),
  ...t('type', ['type', 'call type', 'record type', 'event type', 'jenis', 'tipe', 'tipo', 'loại', 'loại cuộc gọi', 'ประเภท', 'ประเภทการโทร', '类型', '類型', '呼叫类型', '呼叫類型', '通话类型', '通話類型']),
  ...t('duration', ['duration', 'duration s', 'duration sec', 'duration secs', 'duration seconds', 'call duration', 'length', 'secs', 'seconds', 'talk time', 'durasi', 'duración', 'duracion', 'thời lượng', 'thời gian gọi', 'ระยะเวลา', 'ระยะเวลาโทร', '时长', '時長', '通话时长', '通話時長', '持续时间', '持續時間']),
  ...t('counterpart', ['remote party', 'remoteparty', 'other party', 'counterpart', 'counter party', 'b number', '对方号码', '對方號碼', '对方', '對方', 'เบอร์ปลายทาง']),
  ...t('number', ['number', 'no', 'nomor', 'número', 'numero', 'số', 'số máy', 'หมายเลข', '号码', '號碼']),
  // parties
  ...t('phone', ['phone', 'phone no', 'phone number', 'telephone', 'tel', 'mobile', 'mobile no', 'mobile number', 'cell', 'cell phone', 'cellphone', 'msisdn', 'handphone', 'hp', 'no hp', 'nomor hp', 'telepon', 'no telp', 'telp', 'teléfono', 'telefono', 'móvil', 'movil', 'celular', 'số điện thoại', 'điện thoại', 'sđt', 'sdt', 'di động', 'เบอร์โทร', 'เบอร์โทรศัพท์', 'เบอร์', 'โทรศัพท์', 'มือถือ', 'เบอร์มือถือ', '电话', '電話', '手机', '手機', '手机号', '手機號', '手机号码', '手機號碼', '联系电话', '聯繫電話', '聯絡電話', '电话号码', '電話號碼', 'ဖုန်း', 'ဖုန်းနံပါတ်', 'ទូរស័ព្ទ', 'លេខទូរស័ព្ទ']),
  ...t('phone', ['whatsapp', 'wa', 'whatsapp number'], { platform: 'whatsapp' }),
  ...t('email', ['email', 'e mail', 'mail', 'email address', 'correo', 'correo electrónico', 'surel', 'thư điện tử', 'อีเมล', 'อีเมล์', '邮箱', '郵箱', '电子邮件', '電子郵件', '邮件', 'အီးမေးလ်', 'អ៊ីមែល']),
  ...t('handle', ['telegram', 'tg', 'telegram id', 'telegram username'], { platform: 'telegram' }),
  ...t('handle', ['line', 'line id', 'lineid', 'ไลน์', 'ไอดีไลน์', 'id line'], { platform: 'line' }),
  ...t('handle', ['wechat', 'weixin', 'wechat id', '微信', '微信号', '微信號'], { platform: 'wechat' }),
  ...t('handle', ['zalo', 'tài khoản zalo'], { platform: 'zalo' }),
  ...t('handle', ['facebook', 'fb'], { platform: 'facebook' }),
  ...t('handle', ['instagram', 'ig'], { platform: 'instagram' }),
  ...t('handle', ['viber'], { platform: 'viber' }),
  ...t('handle', ['skype'], { platform: 'skype' }),
  ...t('handle', ['signal'], { platform: 'signal' }),
  ...t('handle', ['username', 'user name', 'handle', 'user id', 'uid', 'ไอดี', '用户名', '用戶名', '账号名', 'tên đăng nhập']),
  ...t('wallet', ['wallet', 'wallet address', 'usdt address', 'usdt wallet', 'trc20', 'trc20 address', 'erc20', 'erc20 address', 'btc address', 'crypto address', 'deposit address', 'receiving address', 'dompet', 'alamat dompet', 'billetera', 'cartera', 'ví', 'địa chỉ ví', 'กระเป๋าเงิน', 'กระเป๋า', '钱包', '錢包', '钱包地址', '錢包地址', 'usdt地址', '充值地址']),
  ...t('address', ['address', 'alamat', 'dirección', 'direccion', 'địa chỉ', 'ที่อยู่', '地址', 'လိပ်စာ', 'អាសយដ្ឋាន']),
  ...t('iban', ['iban']),
  ...t('account', ['account', 'account no', 'account number', 'acct', 'a c', 'bank account', 'bank account no', 'card number', 'card no', 'rekening', 'no rekening', 'nomor rekening', 'no rek', 'cuenta', 'número de cuenta', 'nro cuenta', 'số tài khoản', 'stk', 'tài khoản', 'เลขบัญชี', 'บัญชี', 'เลขที่บัญชี', '账号', '帳號', '账户', '帳戶', '银行卡', '銀行卡', '卡号', '卡號', '银行账号', '銀行帳號', 'ဘဏ်အကောင့်', 'គណនី']),
  ...t('name', ['name', 'full name', 'fullname', 'contact', 'contact name', 'customer', 'client', 'customer name', 'client name', 'account name', 'account holder', 'holder', 'nama', 'nama lengkap', 'nombre', 'nombre completo', 'tên', 'họ tên', 'họ và tên', 'tên khách hàng', 'khách hàng', 'ชื่อ', 'ชื่อ สกุล', 'ชื่อลูกค้า', 'ลูกค้า', 'ชื่อบัญชี', '姓名', '名字', '名称', '名稱', '客户', '客戶', '客户名', '联系人', '聯絡人', '户名', '戶名', 'အမည်', 'ឈ្មោះ']),
  // Parts of a name: the name when a sheet has no full-name column (Google Contacts has both).
  ...t('name', ['given name', 'first name', 'family name', 'last name', 'middle name', 'additional name', 'surname', 'nama depan', 'nama belakang', 'apellido', 'apellidos', 'tên riêng', 'นามสกุล'], { part: true }),
  ...t('text', ['yomi name', 'name prefix', 'name suffix', 'nickname', 'group membership']),
  ...t('kind', ['kind', 'media', 'call kind']),
  // Words that look like roles but are not (`Cell ID` is not a phone, `Date of birth` is not the row's time).
  ...t('ignore', ['cell id', 'cellid', 'cell site', 'imei', 'imsi', 'iccid', 'lac', 'cgi', 'eci', 'site id', 'sector', 'duration type', 'line number', 'line no', 'row no', 'seq', 'sequence', 'serial no', 'no urut', 'stt', 'ลำดับ', '序号', '序號']),
  ...t('text', ['birthday', 'date of birth', 'dob', 'birth date', 'tanggal lahir', 'fecha de nacimiento', 'ngày sinh', 'วันเกิด', '生日', '出生日期', 'bank', 'bank name', 'status', 'country', 'city', 'age', 'gender']),
];

// Words naming a party; removed from the header before the role is looked up (`Victim phone` → victim.phone).
const PARTY_TERMS: { term: string; party: string }[] = [
  ...['victim', 'victims', 'korban', 'víctima', 'victima', 'nạn nhân', 'เหยื่อ', 'ผู้เสียหาย', '受害人', '受害者', '被害人', 'ជនរងគ្រោះ'].map((term) => ({ term, party: 'victim' })),
  ...['agent', 'operator', 'staff', 'employee', 'salesman', 'handler', 'agen', 'petugas', 'agente', 'nhân viên', 'đại lý', 'เจ้าหน้าที่', 'พนักงาน', 'เอเจนต์', '业务员', '業務員', '客服', '代理', '员工', '員工', '操作员', '操作員'].map((term) => ({ term, party: 'agent' })),
  ...['from', 'sender', 'payer', 'remitter', 'calling', 'caller', 'originating', 'a party', 'pengirim', 'remitente', 'ordenante', 'origen', 'người gửi', 'người chuyển', 'bên chuyển', 'ผู้โอน', 'ผู้ส่ง', 'ต้นทาง', '付款人', '付款方', '付款', '汇款人', '匯款人', '转出', '轉出', '转账人', '轉帳人', '主叫'].map((term) => ({ term, party: 'from' })),
  ...['to', 'receiver', 'recipient', 'payee', 'beneficiary', 'destination', 'called', 'callee', 'terminating', 'b party', 'penerima', 'destinatario', 'beneficiario', 'destino', 'người nhận', 'bên nhận', 'ผู้รับ', 'ปลายทาง', '收款人', '收款方', '收款', '转入', '轉入', '被叫'].map((term) => ({ term, party: 'to' })),
];

const LATIN = /^[\p{Script=Latin}\p{N} ]+$/u;

// Latin-script terms are matched as whole words: looked up by word n-grams of the header. Other scripts
// (CJK, Thai, Burmese, Khmer) have no spaces between words: matched as substrings.
interface Indexed<T> {
  byWords: Map<string, T[]>;
  other: T[];
  maxWords: number;
}

function index<T extends { term: string }>(terms: T[]): Indexed<T> {
  const byWords = new Map<string, T[]>();
  const other: T[] = [];
  let maxWords = 1;
  for (const t of terms) {
    if (LATIN.test(t.term)) {
      const list = byWords.get(t.term);
      if (list) list.push(t);
      else byWords.set(t.term, [t]);
      maxWords = Math.max(maxWords, t.term.split(' ').length);
    } else other.push(t);
  }
  return { byWords, other, maxWords };
}

TERMS.forEach((t, i) => (t.order = i));
const TERM_INDEX = index(TERMS);
const PARTY_INDEX = index(PARTY_TERMS.map((p, i) => ({ ...p, order: i })));

/** Every indexed term found in the header: word n-grams for Latin terms, substrings for the rest. */
function findTerms<T extends { term: string; order?: number }>(idx: Indexed<T>, words: string[], text: string): { t: T; at: number; n: number }[] {
  const out: { t: T; at: number; n: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    let gram = '';
    for (let n = 1; n <= idx.maxWords && i + n <= words.length; n++) {
      gram = n === 1 ? words[i]! : `${gram} ${words[i + n - 1]!}`;
      const hits = idx.byWords.get(gram);
      if (hits) for (const t of hits) out.push({ t, at: i, n });
    }
  }
  for (const t of idx.other) if (text.includes(t.term)) out.push({ t, at: -1, n: 0 });
  return out;
}

function wordsOf(key: string): string[] {
  return key.split(/[^\p{L}\p{N}]+/u).filter((w) => w);
}

// Currency names written in headers (`Amount USDT`, `金额(¥)`, `ยอดเงิน (บาท)`).
const HEADER_CURRENCIES: [RegExp, string][] = [
  [/(?:^|[^a-z])(usdt|usdc|usd|thb|vnd|cny|rmb|mmk|khr|idr|php|myr|sgd|hkd|twd|eur|gbp|jpy|krw|lak|inr|btc|eth|trx)(?![a-z])/i, ''],
  [/฿|บาท/, 'THB'],
  [/₫/, 'VND'],
  [/[¥￥]/, '¥'],
  [/元|人民币|人民幣/, 'CNY'],
  [/€/, 'EUR'],
  [/₱/, 'PHP'],
  [/៛/, 'KHR'],
];

function headerCurrency(key: string): string | undefined {
  for (const [re, code] of HEADER_CURRENCIES) {
    const m = re.exec(key);
    if (m) return code || m[1]!.toUpperCase();
  }
  return undefined;
}

const guessCache = new Map<string, HeaderGuess | undefined>();

/** Propose a role for a header text, or undefined when no known word is in it. */
export function guessFromHeader(header: string): HeaderGuess | undefined {
  // A header is a few words; a long cell is a title or a note, not a header.
  if (header.length > 200) return undefined;
  if (guessCache.has(header)) return guessCache.get(header);
  const g = guess(header);
  if (guessCache.size > 20_000) guessCache.clear();
  guessCache.set(header, g);
  return g;
}

function guess(header: string): HeaderGuess | undefined {
  // Google Contacts pairs: `Phone 1 - Value` holds the phone, `Phone 1 - Type` its label.
  const pair = /^(.*?)\s*\d+\s*-\s*(value|type|label)\s*$/i.exec(header.trim());
  if (pair && pair[1]) {
    if (pair[2]!.toLowerCase() !== 'value') return { hint: 'label', term: headerKey(header) };
    header = pair[1];
  }
  const key = headerKey(header);
  if (!key) return undefined;
  let party: string | undefined;
  let rest = key;
  let words = wordsOf(key);
  const parties = findTerms(PARTY_INDEX, words, key).sort((a, b) => (a.t.order ?? 0) - (b.t.order ?? 0));
  const p = parties[0];
  if (p) {
    // A lone party word (`Victim`, `Sender`) names the party; the values decide what it holds.
    party = p.t.party;
    if (p.at >= 0) words = [...words.slice(0, p.at), ...words.slice(p.at + p.n)];
    rest = p.at >= 0 ? words.join(' ') : rest.replace(p.t.term, ' ').replace(/ {2,}/g, ' ').trim();
    if (p.at < 0) words = wordsOf(rest);
  }
  let best: Term | undefined;
  for (const { t } of findTerms(TERM_INDEX, words, rest)) {
    if (!best || t.term.length > best.term.length || (t.term.length === best.term.length && t.order! < best.order!)) best = t;
  }
  const currency = headerCurrency(key);
  if (!best) {
    if (party) return { hint: 'name', party, term: key };
    // A header that is only a currency (`USDT`, `THB`) heads an amount column.
    if (currency && key.replace(/[^\p{L}]/gu, '').length <= 4) return { hint: 'amount', currency, term: key };
    return undefined;
  }
  const g: HeaderGuess = { hint: best.hint, term: best.term };
  if (best.part) g.part = true;
  if (best.temporal) g.temporal = best.temporal;
  if (best.platform) g.platform = best.platform;
  if (party) g.party = party;
  if (currency && (best.hint === 'amount' || best.hint === 'number')) {
    g.currency = currency;
    if (best.hint === 'number') g.hint = 'amount';
  }
  // `USDT address`, `TRC20`: a currency word next to an address word names a wallet, not an amount.
  if (best.hint === 'address' && currency) g.hint = 'wallet';
  return g;
}
