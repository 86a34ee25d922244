/** Accounting of units: parsed + skipped + rejected must equal seen, or the import is refused. */
import { ThreadlineError } from '../errors';
import type { Accounting } from '../../../shared/model';
import type { ImportRecord } from '../model/records';

export type { Accounting };

export class AccountingTally {
  private a: Accounting = { unit: '', seen: 0, parsed: 0, skipped: 0, rejected: 0, reasons: Object.create(null) as Record<string, number>, records: Object.create(null) as Record<string, number> };
  private sawUnits = false;

  add(rec: ImportRecord): void {
    this.a.records[rec.type] = (this.a.records[rec.type] ?? 0) + 1;
    if (rec.type === 'skip') {
      if (rec.outcome === 'rejected') this.a.rejected += rec.count;
      else this.a.skipped += rec.count;
      this.a.reasons[rec.reason] = (this.a.reasons[rec.reason] ?? 0) + rec.count;
    } else if (rec.type === 'units') {
      this.sawUnits = true;
      this.a.unit = rec.unit;
      this.a.seen += rec.seen;
      this.a.parsed += rec.parsed;
    }
  }

  /** Throws ACCOUNTING_MISMATCH when units are unaccounted for. */
  finish(file: string): Accounting {
    const a = this.a;
    if (!this.sawUnits) {
      throw new ThreadlineError('ACCOUNTING_MISMATCH', 'The importer ended without reporting how many units it read.', { file, hint: 'This is an importer bug; nothing was imported. Report it.' });
    }
    if (a.parsed + a.skipped + a.rejected !== a.seen) {
      throw new ThreadlineError(
        'ACCOUNTING_MISMATCH',
        `The importer read ${a.seen} ${a.unit}s but accounted for ${a.parsed + a.skipped + a.rejected} (${a.parsed} parsed, ${a.skipped} skipped, ${a.rejected} rejected).`,
        { file, hint: 'This is an importer bug; nothing was imported. Report it with the file.' },
      );
    }
    return { ...a, reasons: { ...a.reasons }, records: { ...a.records } };
  }
}
