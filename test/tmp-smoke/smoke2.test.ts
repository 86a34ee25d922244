import { it } from 'vitest';
import { readdirSync } from 'node:fs';
import { parseFile } from '../../main/engine/importers/parse-file';
it('smoke', async () => {
  const dir = '/work/shared/fixtures/vcard';
  for (const sub of readdirSync(dir)) for (const f of readdirSync(`${dir}/${sub}`)) {
    try {
      const r = await parseFile(`${dir}/${sub}/${f}`);
      console.log('RES', sub, f, r.importer.id, r.sniff.layout, JSON.stringify(r.accounting.records), r.accounting.seen, r.accounting.parsed, r.accounting.rejected, JSON.stringify(r.accounting.reasons));
      if (process.env.SHOW && f.includes(process.env.SHOW)) console.log(JSON.stringify(r.records, null, 1));
    } catch (e) { console.log('RES', sub, f, 'ERR', (e as Error).message); }
  }
});
