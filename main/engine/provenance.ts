/** How a record's origin is cited in read-outs and reports: file name plus line, row or structural path. */

export interface SourceCols {
  file_name: string;
  src_member: string | null;
  src_line: number | null;
  src_line_end: number | null;
  src_path: string | null;
}

/** e.g. `WhatsApp Chat with Ann.txt:12-14`, `result.json $.messages[3]`, `chat.zip/_chat.txt:7`. */
export function citeSource(s: SourceCols): string {
  let out = s.file_name;
  if (s.src_member) out += `/${s.src_member}`;
  if (s.src_line !== null && s.src_line !== undefined) {
    out += `:${s.src_line}`;
    if (s.src_line_end !== null && s.src_line_end !== undefined && s.src_line_end !== s.src_line) out += `-${s.src_line_end}`;
  }
  if (s.src_path) out += ` ${s.src_path}`;
  return out;
}
