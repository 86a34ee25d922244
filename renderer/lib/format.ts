/** Small display helpers: sizes, counts, a case file name from a case number, short hashes. */

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function count(n: number): string {
  return n.toLocaleString('en');
}

/** A safe default file name for a new case: the case number with anything unusual replaced. */
export function caseFileName(caseNumber: string): string {
  const base = caseNumber
    .trim()
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[.-]+|-+$/g, '')
    .slice(0, 100);
  return `${base || 'case'}.tl`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** The display time split into wall clock and offset: `2025-03-14 21:00:00` and `+07:00`. */
export function splitDisplay(time: string): { wall: string; offset: string } {
  const i = time.lastIndexOf(' ');
  return i > 0 ? { wall: time.slice(0, i), offset: time.slice(i + 1) } : { wall: time, offset: '' };
}
