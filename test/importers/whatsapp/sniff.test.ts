// Sniffing: WhatsApp exports are recognised with high confidence; look-alikes (Signal, LINE) and junk are not.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../../main/engine/intake/source';
import { buildSniffInput } from '../../../main/engine/importers/sniff';
import type { SniffInput } from '../../../main/engine/importers/types';
import { whatsappImporter } from '../../../main/engine/importers/whatsapp';
import { fixture } from './helpers';

function textInput(fileName: string, text: string | Buffer, size?: number): SniffInput {
  const head = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { fileName, size: size ?? head.length, head: head.subarray(0, 64 * 1024) };
}

async function sniffFile(name: string) {
  const path = fixture(name);
  const file = new SourceFile(path, statSync(path).size);
  try {
    return whatsappImporter.sniff(await buildSniffInput(file));
  } finally {
    await file.close();
  }
}

describe('sniff', () => {
  it('recognises Android and iOS text exports at 0.9', async () => {
    expect(await sniffFile('android-dmy-24h.txt')).toEqual({ confidence: 0.9, layout: 'android-24h' });
    expect(await sniffFile('ios-mdy-12h-nnbsp-crlf.txt')).toEqual({ confidence: 0.9, layout: 'ios-12h' });
    expect(await sniffFile('ios-time-first-vi.txt')).toEqual({ confidence: 0.9, layout: 'ios-time-first-24h' });
  });

  it('recognises zip exports at 0.95 and names the chat member', async () => {
    expect(await sniffFile('WhatsApp Chat - Bob Smith.zip')).toEqual({ confidence: 0.95, layout: 'ios-24h', member: '_chat.txt' });
    expect(await sniffFile('WhatsApp Chat with Alice.zip')).toEqual({ confidence: 0.95, layout: 'android-24h', member: 'WhatsApp Chat with Alice.txt' });
  });

  it('gives the Signal-style ISO bracket layout only 0.5', async () => {
    const s = await sniffFile('signal-iso-bracket-export.txt');
    expect(s?.confidence).toBe(0.5);
  });

  it('does not recognise a LINE export', async () => {
    expect(await sniffFile('line-chat-history-export.txt')).toBeNull();
  });

  it('does not recognise empty, binary or plain text', () => {
    expect(whatsappImporter.sniff(textInput('empty.txt', ''))).toBeNull();
    expect(whatsappImporter.sniff(textInput('random.bin', randomBytes(64 * 1024), 10_000_000))).toBeNull();
    expect(whatsappImporter.sniff(textInput('notes.txt', 'Dear diary,\ntoday 12/03/2021 was a good day.\n'))).toBeNull();
    expect(whatsappImporter.sniff(textInput('nul.txt', Buffer.alloc(4096)))).toBeNull();
  });

  it('does not recognise a 50 MB single line of text', () => {
    expect(whatsappImporter.sniff(textInput('big.txt', 'y'.repeat(64 * 1024), 50 * 1024 * 1024))).toBeNull();
  });

  it('gives a single cut line that starts with a header only 0.7', () => {
    const s = whatsappImporter.sniff(textInput('big.txt', `1/13/21, 12:00 - A: ${'x'.repeat(64 * 1024)}`, 50 * 1024 * 1024));
    expect(s).toEqual({ confidence: 0.7, layout: 'android-24h' });
  });

  it('reads UTF-16 heads', () => {
    const text = readFileSync(fixture('android-dmy-24h.txt'), 'utf8');
    const head = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(whatsappImporter.sniff(textInput('utf16.txt', head))?.confidence).toBe(0.9);
  });

  it('does not claim a zip without a chat text', () => {
    expect(whatsappImporter.sniff({ fileName: 'photos.zip', size: 1000, head: Buffer.from('\xff\xd8\xff', 'latin1'), zipEntries: ['IMG_0001.jpg'], zipMember: undefined })).toBeNull();
  });
});
