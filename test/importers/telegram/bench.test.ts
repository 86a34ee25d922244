// Parse speed and memory on a big synthetic result.json. Opt-in: TG_BENCH=<messages> (e.g. 1000000) runs it.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountingTally } from '../../../main/engine/importers/accounting';
import { buildSniffInput, pickImporter } from '../../../main/engine/importers/sniff';
import { telegramImporter } from '../../../main/engine/importers/telegram';
import { SourceFile } from '../../../main/engine/intake/source';
import { tempDir } from '../../helpers/tmp';
import { writeBigExport } from './gen-big-export';

const N = Number(process.env['TG_BENCH'] ?? 0);

describe.skipIf(!N)('telegram JSON parse benchmark', () => {
  it(
    `parses ${N} messages with flat memory`,
    async () => {
      const path = join(tempDir('threadline-tg-bench-'), 'result.json');
      const bytes = await writeBigExport(path, N);
      const file = new SourceFile(path, statSync(path).size);
      const input = await buildSniffInput(file);
      const { importer, sniff } = pickImporter(input, [telegramImporter]);
      const tally = new AccountingTally();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      let n = 0;
      const t0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      // Consume like the import job: look at each record, keep none.
      for await (const batch of importer.parse({ file, options: { tz: 'UTC' }, sniff, signal: new AbortController().signal })) {
        for (const r of batch) tally.add(r);
        n += batch.length;
        const rss = process.memoryUsage().rss;
        if (rss > peak) peak = rss;
      }
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const cpu = process.cpuUsage(cpu0);
      await file.close();
      const acc = tally.finish(path);
      console.log(
        `telegram bench: ${N} messages, ${(bytes / 1e6).toFixed(0)} MB, ${n} records in ${(ms / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, ` +
          `${((bytes / 1e6) / (ms / 1000)).toFixed(0)} MB/s; RSS ${Math.round(rss0 / 2 ** 20)} -> peak ${Math.round(peak / 2 ** 20)} MiB`,
      );
      expect(acc.seen).toBe(N + 1); // + personal_information
      expect(acc.parsed).toBe(N + 1);
      expect(peak).toBeLessThan(300 * 2 ** 20);
    },
    30 * 60_000,
  );
});
