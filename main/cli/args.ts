/** Argument parsing for the `threadline` command: node's parseArgs, with errors the examiner can act on. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ThreadlineError } from '../engine/errors';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(argv: string[], options: Options, usage: string): Parsed {
  try {
    const r = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (err) {
    throw new ThreadlineError('BAD_ARGUMENT', (err as Error).message.replace(/\. To specify.*$/s, '.'), { hint: `Usage: ${usage}` });
  }
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

export function requirePositional(p: Parsed, index: number, what: string, usage: string): string {
  const v = p.positionals[index];
  if (!v) throw new ThreadlineError('BAD_ARGUMENT', `Missing ${what}.`, { hint: `Usage: ${usage}` });
  return v;
}

/** `--from 2025-03-14` or `--from 2025-03-14T21:00:00Z`: only explicit UTC or offset instants, or a date (= 00:00 UTC). */
export function parseInstant(text: string, what: string): number {
  const t = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(t);
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(t);
  if (!dateOnly && !withZone) {
    throw new ThreadlineError('BAD_ARGUMENT', `${what} "${text}" is not an ISO-8601 date or instant with a zone.`, {
      hint: 'Use e.g. 2025-03-14 (midnight UTC) or 2025-03-14T21:00:00+07:00 or 2025-03-14T14:00:00Z.',
    });
  }
  const ms = Date.parse(dateOnly ? `${t}T00:00:00Z` : t);
  if (Number.isNaN(ms)) throw new ThreadlineError('BAD_ARGUMENT', `${what} "${text}" is not a real date.`, { hint: 'Check the day and month.' });
  return ms;
}

/** `--map 'Victim phone=phone,Amount USDT=amount'` → { 'Victim phone': 'phone', … }. */
export function parseMapping(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const eq = part.lastIndexOf('=');
    if (eq <= 0) throw new ThreadlineError('BAD_ARGUMENT', `Mapping entry "${part}" is not COLUMN=ROLE.`, { hint: "Use --map 'Victim phone=victim.phone,Amount USDT=amount'." });
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
