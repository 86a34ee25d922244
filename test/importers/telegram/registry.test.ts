// Auto-detection among every registered importer: Telegram exports go to the Telegram importers.
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { IMPORTERS } from '../../../main/engine/importers/registry';
import { fx } from './helpers';

describe('registry', () => {
  it('registers both Telegram importers', () => {
    expect(IMPORTERS.map((i) => i.id)).toEqual(expect.arrayContaining(['telegram', 'telegram-html']));
  });

  it.each([
    ['single-chat-personal-berlin-dst.json', 'telegram', 16],
    ['full-account-export-utc-plus7.json', 'telegram', 19],
    ['old-2020-no-unixtime-numeric-ids.json', 'telegram', 4],
    ['html-2020-no-offset/messages.html', 'telegram-html', 10],
  ])('parseFile picks %s -> %s', async (name, id, seen) => {
    const r = await parseFile(fx(name));
    expect(r.importer.id).toBe(id);
    expect(r.accounting.seen).toBe(seen);
  });
});
