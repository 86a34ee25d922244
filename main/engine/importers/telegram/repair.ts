/**
 * Parsing one captured JSON value, with the known Telegram Desktop output bugs repaired on a copy when the
 * strict parse fails. The original text stays the record's raw form; what was repaired is reported.
 */

export type RepairKind = 'x-escape' | 'unquoted-document_id' | 'raw-control-char';

export type ParsedText = { ok: true; value: unknown; repairs?: Partial<Record<RepairKind, number>> } | { ok: false; error: string };

// `\xHH` preceded by an even number of backslashes (so `\\x41` — an escaped backslash then "x41" — is left
// alone). tdesktop writes control characters this way (tdesktop#27571, mlomb/chat-analytics#100).
const X_ESCAPE = /(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})/g;

// tdesktop 4.1.1 wrote custom-emoji file paths unquoted: `"document_id": video_files/sticker (2).webm`
// (tdesktop#24961, #24984, #25045). The value runs to the end of its line (the exporter writes one key per
// line, and document_id is the last key of its entity object).
const UNQUOTED_DOC_ID = /("document_id"[ \t]*:[ \t]*)(?![ \t"\-\d[{]|true\b|false\b|null\b)([^\r\n]*?)([ \t]*)(?=\r?\n|$)/g;

// A JSON string literal (for escaping raw control characters inside strings only).
const STRING_LITERAL = /"(?:[^"\\]|\\[\s\S])*"/g;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u001f]/g;

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** JSON.parse, then — only if that fails — the repairs, each counted. */
export function parseJsonText(text: string): ParsedText {
  const first = tryParse(text);
  if (first.ok) return first;
  const repairs: Partial<Record<RepairKind, number>> = {};
  let fixed = text;
  if (fixed.includes('\\x')) {
    let n = 0;
    fixed = fixed.replace(X_ESCAPE, (_m, pre: string, hex: string) => {
      n++;
      return `${pre}\\u00${hex}`;
    });
    if (n) repairs['x-escape'] = n;
  }
  if (fixed.includes('"document_id"')) {
    let n = 0;
    fixed = fixed.replace(UNQUOTED_DOC_ID, (_m, pre: string, value: string, ws: string) => {
      n++;
      return `${pre}${JSON.stringify(value)}${ws}`;
    });
    if (n) repairs['unquoted-document_id'] = n;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\t]/.test(fixed)) {
    let n = 0;
    fixed = fixed.replace(STRING_LITERAL, (lit) =>
      lit.replace(RAW_CONTROL, (ch) => {
        n++;
        return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
      }),
    );
    if (n) repairs['raw-control-char'] = n;
  }
  if (Object.keys(repairs).length === 0) return { ok: false, error: first.error };
  const second = tryParse(fixed);
  if (!second.ok) return { ok: false, error: first.error };
  return { ok: true, value: second.value, repairs };
}
