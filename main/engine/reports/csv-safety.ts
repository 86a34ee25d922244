/**
 * Formula neutralisation for CSV cells: spreadsheet programs run a cell that starts with = + - @ (and treat tab
 * and CR specially), also in their full-width forms, so such a cell gets a leading single quote. OWASP's advice;
 * the rule is quoted in the report's methodology and the CSV's manifest.
 */

/** First characters that make a spreadsheet read a cell as a formula or command. */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

export const CSV_NEUTRALISED_DESCRIPTION =
  "a cell whose text begins with = + - @, a tab, a carriage return, or the full-width ＝ ＋ － ＠ is written with a single quote (') in front, so that spreadsheet programs show it as text instead of running it as a formula (this also applies to negative amounts such as -50, shown as '-50). The quote is added by the report and is not part of the evidence.";

/** The cell text with a leading quote when it could be read as a formula. */
export function neutraliseCsvCell(s: string): string {
  return s.length > 0 && TRIGGERS.has(s[0]!) ? `'${s}` : s;
}

/** RFC 4180 quoting: quote every field that holds a quote, comma, CR or LF (quotes doubled). */
export function quoteCsvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
