import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffCsv } from '../../../main/engine/importers/spreadsheet/csv';
import { sniffXlsx } from '../../../main/engine/importers/spreadsheet/xlsx';
import { fixture } from './helpers';

const SHARED = resolve(__dirname, '../../../../shared/fixtures');

function input(fileName: string, text: string | Buffer) {
  const head = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { fileName, size: head.length, head };
}

describe('spreadsheet sniff', () => {
  it('CSV by extension and consistent delimiters, lower than chat importers', () => {
    expect(sniffCsv(input('a.csv', 'Name,Phone\nA,1\nB,2\n'))).toEqual({ confidence: 0.6, layout: 'comma-with-header' });
    expect(sniffCsv(input('a.tsv', 'x\ty\n1\t2\n'))).toEqual({ confidence: 0.6, layout: 'tab' });
    expect(sniffCsv(input('a.txt', 'a|b|c\n1|2|3\n4|5|6\n'))).toEqual({ confidence: 0.35, layout: 'pipe' });
    expect(sniffCsv(input('a.csv', 'just one column\nsecond\n'))).toEqual({ confidence: 0.2, layout: 'single-column' });
    expect(sniffCsv(input('a.json', 'a,b\n1,2\n'))).toBeNull();
    expect(sniffCsv({ ...input('a.csv', 'a,b\n'), zipEntries: ['a.csv'] })).toBeNull();
  });

  it('chat exports saved as .txt are not CSV', () => {
    const chats = [
      '12/9/20, 23:55 - Bob: hello, you\n12/9/20, 23:56 - Ann: hi, hi\n12/9/20, 23:57 - Bob: ok, ok\n',
      '[3/27/22, 21:41:35] Dmitry S: Hello, World\n[3/27/22, 21:41:55] Dmitry S: a, b\n',
      '\u200e[3/27/2565 BE, 21:41:35] Dmitry S: Hello, World\n[3/27/2565 BE, 21:41:55] Dmitry S: a, b\n',
      '[21:41:35, 3/27/22] Dmitry S: Hello, World\n[21:41:55, 3/27/22] Dmitry S: a, b\n',
      '[LINE] Chat history with Kaori\nSaved on: 2018/03/25 19:57\n\n2015/12/25 Fri\n07:33\tErik\tMerry Christmas!\n07:34\tKaori\tthanks\n',
    ];
    for (const c of chats) expect(sniffCsv(input('chat.txt', c)), c.slice(0, 30)).toBeNull();
  });

  it('every .txt chat export in the shared fixtures is left to its importer', (ctx) => {
    if (!existsSync(SHARED)) ctx.skip(`no shared fixtures at ${SHARED}`);
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    const txt = walk(SHARED).filter((f) => /\/(whatsapp|line|signal)\//.test(f) && f.endsWith('.txt'));
    expect(txt.length).toBeGreaterThan(0);
    for (const f of txt) {
      const head = readFileSync(f).subarray(0, 64 * 1024);
      expect(sniffCsv({ fileName: f.slice(f.lastIndexOf('/') + 1), size: head.length, head }), f).toBeNull();
    }
  });

  it('XLSX by its parts, not by name', () => {
    expect(sniffXlsx({ ...input('x.bin', 'PK'), zipEntries: ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'] })).toEqual({ confidence: 0.95, layout: 'xlsx', member: 'xl/workbook.xml' });
    expect(sniffXlsx({ ...input('m.xlsm', 'PK'), zipEntries: ['[Content_Types].xml', 'xl/workbook.xml', 'xl/vbaProject.bin'] })?.layout).toBe('xlsm');
    expect(sniffXlsx({ ...input('d.docx', 'PK'), zipEntries: ['[Content_Types].xml', 'word/document.xml'] })).toBeNull();
    expect(sniffXlsx({ ...input('chat.zip', 'PK'), zipEntries: ['_chat.txt', 'IMG-1.jpg'] })).toBeNull();
    expect(sniffXlsx(input('a.csv', 'a,b'))).toBeNull();
  });

  it('fixture files sniff as their format', () => {
    const head = readFileSync(fixture('contacts-chinese-utf16le-bom.csv'));
    expect(sniffCsv({ fileName: 'contacts-chinese-utf16le-bom.csv', size: head.length, head })?.confidence).toBe(0.6);
    const thai = readFileSync(fixture('deposits-thai-windows-874.csv'));
    expect(sniffCsv({ fileName: 'deposits-thai-windows-874.csv', size: thai.length, head: thai })?.layout).toBe('comma-with-header');
  });
});
