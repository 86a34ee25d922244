/**
 * vCard property lines: splitting `group.NAME;PARAM=…:value`, reading 2.1 bare parameters and 3.0/4.0
 * `TYPE=` lists (quoted, RFC 6868 caret escapes), text escapes, and decoding values in their CHARSET.
 */
import iconv from 'iconv-lite';
import type { Base64Digest } from '../sms-backup/base64-hash';

/** One property of a card, decoded but not yet interpreted. */
export interface VProp {
  group?: string;
  /** Upper-cased name (`TEL`, `X-ABLABEL`). */
  name: string;
  /** Parameters by upper-cased name; bare 2.1 parameters are filed under ENCODING, VALUE or TYPE. */
  params: Map<string, string[]>;
  /** The value after decoding (QP, CHARSET), still with its backslash escapes when `escaped`. */
  value: string;
  /** Text-vCard values carry `\n`, `\,`, `\;` escapes; jCard values do not. */
  escaped: boolean;
  /** Structured value components when the source gives them already split (jCard). */
  components?: string[];
  /** For base64 / data: values: the decoded bytes' hash and size (the bytes themselves are not kept). */
  binary?: Base64Digest & { mime?: string };
  line?: number;
  flags: string[];
}

export interface PropHead {
  group?: string;
  name: string;
  params: Map<string, string[]>;
  /** Index of the `:` that starts the value. */
  colon: number;
}

/** Shared by every property without parameters; never written to. */
const NO_PARAMS: Map<string, string[]> = new Map();
const BARE_ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
const BARE_VALUES = new Set(['URL', 'URI', 'CONTENT-ID', 'CID', 'INLINE']);

/** RFC 6868 parameter value escapes: ^n newline, ^^ caret, ^' double quote. */
function caret(s: string): string {
  return s.includes('^') ? s.replace(/\^([n^'])/g, (_, c: string) => (c === 'n' ? '\n' : c === '^' ? '^' : '"')) : s;
}

/** Split on `sep` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let q = false;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') q = !q;
    else if (c === sep && !q) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function addParam(m: Map<string, string[]>, key: string, values: string[]): void {
  const list = m.get(key);
  if (list) list.push(...values);
  else m.set(key, values);
}

/** Parse the part before the value. Returns undefined when the line has no `:` outside quotes. */
export function parseHead(line: string): PropHead | undefined {
  let q = false;
  let colon = -1;
  let firstSemi = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x22 && firstSemi !== -1) q = !q;
    else if (!q && c === 0x3b && firstSemi === -1) firstSemi = i;
    else if (!q && c === 0x3a) {
      colon = i;
      break;
    }
  }
  if (colon === -1) return undefined;
  const nameEnd = firstSemi !== -1 && firstSemi < colon ? firstSemi : colon;
  const full = line.slice(0, nameEnd).trim();
  const dot = full.lastIndexOf('.');
  const head: PropHead = { name: (dot === -1 ? full : full.slice(dot + 1)).toUpperCase(), params: nameEnd < colon ? new Map() : NO_PARAMS, colon };
  if (dot > 0) head.group = full.slice(0, dot);
  if (nameEnd < colon) {
    for (const p of splitOutsideQuotes(line.slice(nameEnd + 1, colon), ';')) {
      if (p.trim() === '') continue;
      const eq = p.indexOf('=');
      if (eq === -1) {
        const v = p.trim();
        const up = v.toUpperCase();
        addParam(head.params, BARE_ENCODINGS.has(up) ? 'ENCODING' : BARE_VALUES.has(up) ? 'VALUE' : 'TYPE', [v]);
        continue;
      }
      const key = p.slice(0, eq).trim().toUpperCase();
      const raw = p.slice(eq + 1);
      // TYPE lists may be comma-separated, quoted as a whole or item by item.
      const values = key === 'TYPE' ? splitOutsideQuotes(raw, ',').map((v) => caret(unquote(v))) : [caret(unquote(raw))];
      addParam(head.params, key, values);
    }
  }
  return head;
}

export function param(p: { params: Map<string, string[]> }, key: string): string | undefined {
  return p.params.get(key)?.[0];
}

/** `ENCODING=QUOTED-PRINTABLE` (or bare `QUOTED-PRINTABLE`). */
export function isQp(params: Map<string, string[]>): boolean {
  return (params.get('ENCODING') ?? []).some((v) => v.toUpperCase() === 'QUOTED-PRINTABLE');
}

/** `ENCODING=b` / `BASE64` (2.1 and 3.0 inline binary). */
export function isBase64(params: Map<string, string[]>): boolean {
  return (params.get('ENCODING') ?? []).some((v) => {
    const u = v.toUpperCase();
    return u === 'B' || u === 'BASE64';
  });
}

/** Text escapes: `\n` `\N` newline, `\,` `\;` `\:` `\\`; any other backslash is kept as written. */
export function unescapeText(s: string): string {
  return s.includes('\\') ? s.replace(/\\([\\;,:nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c)) : s;
}

/** Split a structured value on unescaped `sep`, then unescape each component. */
export function splitStructured(s: string, sep = ';'): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === sep) {
      out.push(unescapeText(s.slice(from, i)));
      from = i + 1;
    }
  }
  out.push(unescapeText(s.slice(from)));
  return out;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/** Decode bytes in a vCard CHARSET. Invalid or unknown charsets decode lossily and say so in `flags`. */
export function decodeCharset(bytes: Buffer, charset: string | undefined, flags: string[]): string {
  const cs = (charset ?? 'utf-8').trim().toLowerCase();
  if (cs === 'utf-8' || cs === 'utf8' || cs === 'us-ascii' || cs === 'ascii') {
    try {
      return utf8Fatal.decode(bytes);
    } catch {
      if (cs === 'us-ascii' || cs === 'ascii') {
        // Outlook labels Windows-1252 text "us-ascii".
        flags.push('charset-mismatch');
        return iconv.decode(bytes, 'windows-1252');
      }
      flags.push('invalid-utf8');
      return bytes.toString('utf8');
    }
  }
  if (!iconv.encodingExists(cs)) {
    flags.push('unknown-charset');
    return bytes.toString('utf8');
  }
  return iconv.decode(bytes, cs);
}
