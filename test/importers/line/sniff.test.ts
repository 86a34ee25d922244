// LINE sniffing: confident on LINE layouts, silent on WhatsApp/Signal/other text; and routing through the real registry when it loads.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineImporter } from '../../../main/engine/importers/line';
import { signalTextImporter } from '../../../main/engine/importers/signal-text';
import type { SniffInput } from '../../../main/engine/importers/types';
import { fixture, tempFile } from './run';

const input = (text: string | Buffer, fileName = 'chat.txt'): SniffInput => {
  const head = typeof text === 'string' ? Buffer.from(text) : text;
  return { fileName, size: head.length, head };
};

describe('LINE sniff', () => {
  it('is confident on every LINE fixture layout', () => {
    const cases: [string, number, string][] = [
      ['en-personal-12h-mdy-bom-crlf.txt', 0.95, 'tab'],
      ['en-personal-utf16le-bom-crlf.txt', 0.95, 'tab'],
      ['ja-personal.txt', 0.95, 'tab'],
      ['zh-tw-personal.txt', 0.95, 'tab'],
      ['th-personal-buddhist-era.txt', 0.95, 'tab'],
      ['th-personal-buddhist-era-cp874.txt', 0.9, 'tab'],
      ['no-header-tab.txt', 0.9, 'tab'],
      ['space-layout-names-with-spaces.txt', 0.7, 'space'],
    ];
    for (const [name, confidence, layout] of cases) {
      expect([name, lineImporter.sniff(input(readFileSync(fixture('line', name)), name))]).toEqual([name, { confidence, layout }]);
    }
  });

  it('adds a little for a [LINE] file name', () => {
    expect(lineImporter.sniff(input('2015/12/25 Fri\n07:33\tErik\thi\n', '[LINE] Erik.txt'))?.confidence).toBeCloseTo(0.94);
  });

  it('stays silent on WhatsApp, Signal, CSV and prose', () => {
    const others = [
      '12/03/2017, 16:46 - Alice: hello\n12/03/2017, 16:47 - Bob: hi\n',
      '[12/03/2017, 16:46:00] Alice: hello\n[12/03/2017, 16:47:00] Bob: hi\n',
      '[2019-12-24, 12:23] Jane Doe: Hello John!\n[2020-01-17, 21:49] John Doe: Hello\nJane!\n',
      'date,time,from,to\n2024/01/02,10:00,a,b\n',
      'Dear diary,\n2024/01/02 was a good day.\nAt 10:00 we met.\n',
      '',
    ];
    for (const text of others) expect([text, lineImporter.sniff(input(text))]).toEqual([text, null]);
  });

  it('does not claim a zip unless the chosen member is a text file', () => {
    expect(lineImporter.sniff({ fileName: 'x.zip', size: 10, head: Buffer.from('PK'), zipEntries: ['a.jpg'] })).toBeNull();
    const text = readFileSync(fixture('line', 'ja-group.txt'));
    expect(lineImporter.sniff({ fileName: 'x.zip', size: 10, head: text, zipEntries: ['[LINE] 週末.txt'], zipMember: '[LINE] 週末.txt' })).toEqual({ confidence: 0.99, layout: 'tab', member: '[LINE] 週末.txt' });
  });

  it('leaves LINE files to LINE when the Signal importer looks too', () => {
    for (const name of ['en-group-24h-dotted-dates.txt', 'space-layout-names-with-spaces.txt']) {
      expect(signalTextImporter.sniff(input(readFileSync(fixture('line', name)), name))).toBeNull();
    }
  });
});

// The shared registry lists every helper's importer; while another importer is still missing it cannot load.
const parseFileModule = await import('../../../main/engine/importers/parse-file').catch((err: unknown) => {
  console.warn(`[line] registry not loadable yet (${(err as Error).message.split('\n')[0]}): skipping registry routing tests`);
  return null;
});

describe.skipIf(!parseFileModule)('routing through the shared registry (parseFile)', () => {
  it('sends every LINE fixture to the LINE importer and the Signal ones to signal-text, among all importers', async () => {
    const parseFile = parseFileModule!.parseFile;
    const routed: [string, string][] = [];
    for (const name of readdirSync(fixture('line', '.'))) routed.push([name, (await parseFile(fixture('line', name))).importer.id]);
    for (const name of ['signal-basic-multiline.txt', 'signal-preamble-junk.txt']) routed.push([name, (await parseFile(fixture('signal-text', name))).importer.id]);
    expect(routed.filter(([name, id]) => id !== (name.startsWith('signal-') ? 'signal-text' : 'line'))).toEqual([]);
    expect(routed.length).toBeGreaterThan(15);
  });

  it('lets the examiner force the Signal importer on an ISO-bracket file with seconds', async () => {
    const p = tempFile('_chat.txt', '[2019-12-24, 12:23:45] Jane Doe: Hello John!\n[2019-12-24, 12:24:00] John Doe: Hi\n');
    const r = await parseFileModule!.parseFile(p, { format: 'signal-text' });
    expect(r.importer.id).toBe('signal-text');
    expect(r.accounting).toMatchObject({ seen: 2, parsed: 2 });
  });
});
