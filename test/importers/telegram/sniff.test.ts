// Format detection for the Telegram importers, and cancellation.
import { readFileSync, statSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { telegramImporter } from '../../../main/engine/importers/telegram';
import { telegramHtmlImporter } from '../../../main/engine/importers/telegram-html';
import { SourceFile } from '../../../main/engine/intake/source';
import { fx } from './helpers';

const input = (head: string | Buffer, extra: object = {}) => ({ fileName: 'result.json', size: head.length, head: typeof head === 'string' ? Buffer.from(head) : head, ...extra });

describe('telegram JSON sniff', () => {
  it('recognises the three layouts', () => {
    expect(telegramImporter.sniff(input(readFileSync(fx('full-account-export-utc-plus7.json'))))).toEqual({ confidence: 0.95, layout: 'full-account' });
    expect(telegramImporter.sniff(input('{\n "chats": {\n  "list": [\n   {"name": "x", "messages": []}]}}'))).toEqual({ confidence: 0.9, layout: 'chats-list' });
    expect(telegramImporter.sniff(input(readFileSync(fx('single-chat-personal-berlin-dst.json'))))).toEqual({ confidence: 0.9, layout: 'single-chat' });
    expect(telegramImporter.sniff(input('{"messages": [{"id": 1, "type": "message", "date": "2020-01-01T00:00:00"}]}'))).toEqual({ confidence: 0.8, layout: 'single-chat' });
  });

  it('reads a UTF-16 head and ignores a UTF-8 BOM', () => {
    const text = readFileSync(fx('single-chat-personal-berlin-dst.json'), 'utf8');
    expect(telegramImporter.sniff(input(iconv.encode(text, 'utf-16le', { addBOM: true })))?.confidence).toBe(0.9);
    expect(telegramImporter.sniff(input(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])))?.confidence).toBe(0.9);
  });

  it('does not claim other JSON, arrays or HTML', () => {
    expect(telegramImporter.sniff(input('{"messages": [{"id": 1, "body": "hi", "sender": "x"}]}'))).toBeNull();
    expect(telegramImporter.sniff(input('[{"date_unixtime": "1"}]'))).toBeNull();
    expect(telegramImporter.sniff(input(readFileSync(fx('html-2020-no-offset/messages.html'))))).toBeNull();
  });

  it('points at result.json inside a zip', () => {
    const head = readFileSync(fx('full-account-export-utc-plus7.json'));
    expect(telegramImporter.sniff(input(head, { zipEntries: ['DataExport/result.json', 'DataExport/photos/a.jpg'], zipMember: 'DataExport/result.json' }))).toEqual({ confidence: 0.95, layout: 'full-account', member: 'DataExport/result.json' });
    expect(telegramImporter.sniff(input('hello', { zipEntries: ['a/_chat.txt', 'b/result.json'], zipMember: 'a/_chat.txt' }))).toEqual({ confidence: 0.6, layout: 'zip', member: 'b/result.json' });
    expect(telegramImporter.sniff(input('x', { zipEntries: ['__MACOSX/._result.json', 'x.txt'] }))).toBeNull();
  });

  it('HTML sniff: messages pages, plain or zipped; defers to result.json in the same zip', () => {
    expect(telegramHtmlImporter.sniff(input(readFileSync(fx('html-2020-no-offset/messages.html'))))).toEqual({ confidence: 0.9, layout: 'html' });
    expect(telegramHtmlImporter.sniff(input(readFileSync(fx('html-2026-utc-offset-two-pages/messages.html'))))).toEqual({ confidence: 0.9, layout: 'html-with-offset' });
    expect(telegramHtmlImporter.sniff(input('x', { zipEntries: ['c/messages.html', 'c/messages2.html'] }))).toEqual({ confidence: 0.8, layout: 'zip', member: 'c/messages.html' });
    expect(telegramHtmlImporter.sniff(input('x', { zipEntries: ['c/messages.html', 'result.json'] }))?.confidence).toBe(0.3);
  });
});

describe('cancellation', () => {
  it('stops with IMPORT_CANCELLED when the signal is aborted', async () => {
    const path = fx('single-chat-personal-berlin-dst.json');
    const file = new SourceFile(path, statSync(path).size);
    const ac = new AbortController();
    ac.abort();
    const run = async () => {
      for await (const batch of telegramImporter.parse({ file, options: { tz: 'UTC' }, sniff: { confidence: 1 }, signal: ac.signal })) void batch;
    };
    await expect(run()).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
    await file.close();
  });
});
