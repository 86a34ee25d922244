/**
 * Matching copies of text: strips the invisible marks exporters sprinkle into headers and names (BOM,
 * LRM/RLM, bidi embeddings and isolates, NBSP/NNBSP/thin spaces). Never applied to stored text.
 */

// U+FEFF BOM, U+200B-U+200F zero-width + LRM/RLM, U+202A-U+202E embeddings/overrides, U+2066-U+2069 isolates, U+061C ALM.
const INVISIBLE = /[\uFEFF\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C]/g;
// NBSP, NNBSP, thin/hair/figure/punctuation spaces, ideographic space.
const ODD_SPACES = /[\u00A0\u202F\u2000-\u200A\u3000]/g;

/** A copy for pattern matching: invisibles removed, odd spaces turned into plain spaces. */
export function matchCopy(text: string): string {
  return text.replace(INVISIBLE, '').replace(ODD_SPACES, ' ');
}

/** True when the text holds characters that change how it displays without being visible. */
export function hasInvisibles(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  return /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C]/.test(text);
}

/** Arabic-Indic (U+0660-0669) and Extended Arabic-Indic / Persian (U+06F0-06F9) digits to ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9\u0E50-\u0E59\uFF10-\uFF19]/g, (ch) => {
    const c = ch.charCodeAt(0);
    if (c >= 0x0660 && c <= 0x0669) return String(c - 0x0660);
    if (c >= 0x06f0 && c <= 0x06f9) return String(c - 0x06f0);
    if (c >= 0x0e50 && c <= 0x0e59) return String(c - 0x0e50); // Thai digits
    return String(c - 0xff10); // full-width digits
  });
}
