import { it } from 'vitest';
import { readdirSync } from 'node:fs';
import { parseFile } from '../../main/engine/importers/parse-file';
it('smoke', async () => {
  const dir = '/work/shared/fixtures/sms-backup-restore';
  for (const sub of readdirSync(dir)) for (const f of readdirSync(`${dir}/${sub}`)) {
    try {
      const r = await parseFile(`${dir}/${sub}/${f}`);
      console.log(sub, f, r.importer.id, JSON.stringify(r.accounting));
      if (f === 'minimal_mms.xml' || f === 'corrupt_attachments.xml' || f === 'edge_cases.xml') console.log(JSON.stringify(r.records, null, 1));
    } catch (e) { console.log(sub, f, 'ERR', (e as Error).message, (e as {hint?: string}).hint); }
  }
});
