/** Size limits of report cells and lists, each stated in the report where it applies (nothing is cut silently). */

/** Characters per spreadsheet cell: Excel's hard limit is 32,767; the rest of a longer value is cut and the cut stated. */
export const XLSX_CELL_LIMIT = 32_000;

/** Characters of one event's text printed in the PDF (a 1 MiB line would otherwise fill hundreds of pages). */
export const PDF_TEXT_LIMIT = 8_000;

/** Characters of one audit entry's details printed in the PDF appendix (the XLSX and HTML hold them whole). */
export const PDF_AUDIT_DETAILS_LIMIT = 1_200;

/** Places listed per identifier in an entity profile in the PDF and HTML (the XLSX identifiers sheet lists all). */
export const PROFILE_SEEN_LIMIT = 25;

/** Tagged events listed in the findings. */
export const ANNOTATED_EVENTS_LIMIT = 5_000;

/** Default and largest number of events in a timeline excerpt. */
export const DEFAULT_MAX_EVENTS = 100_000;
export const MAX_EVENTS_CEILING = 1_000_000;

/**
 * Cut `s` to `limit` characters (never inside a surrogate pair), saying how much was left out and where it is.
 * Text only a little over the limit is kept whole: cutting 30 characters to add a 60-character note helps no one.
 */
export function cutText(s: string, limit: number, where = 'at the cited source', slack = Math.min(200, Math.floor(limit / 10))): string {
  if (s.length <= limit + slack) return s;
  let end = limit;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)} […${(s.length - end).toLocaleString('en-US')} more characters ${where}]`;
}

/** Entities drawn in the report's link graph: a printed page cannot show more legibly (the graph sheets list them). */
export const GRAPH_MAX_NODES = 150;
/** Entities named on the report's graph picture (the most active). */
export const GRAPH_MAX_LABELS = 60;
