// Zip exports: the chat text read from its member, every other member hashed and listed, junk ignored.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ThreadlineError } from '../../../main/engine/errors';
import { fixture, run, w, wall } from './helpers';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const tmp = mkdtempSync(join(tmpdir(), 'wa-zip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('iOS zip with media (WhatsApp Chat - Bob Smith.zip)', async () => {
  const r = await run(fixture('WhatsApp Chat - Bob Smith.zip'));

  it('parses _chat.txt from the member stream with member provenance', () => {
    expect(r.sniff).toMatchObject({ confidence: 0.95, member: '_chat.txt' });
    expect(r.chat).toMatchObject({ name: 'Bob Smith', prov: { member: '_chat.txt', line: 1 } });
    expect(r.accounting).toMatchObject({ seen: 5, parsed: 5 });
    expect(r.messages.map((m) => m.prov)).toEqual([
      { line: 1, lineEnd: 1, offset: 0, member: '_chat.txt' },
      { line: 2, lineEnd: 2, offset: 87, member: '_chat.txt' },
      { line: 3, lineEnd: 3, offset: 174, member: '_chat.txt' },
      { line: 4, lineEnd: 4, offset: 221, member: '_chat.txt' },
      { line: 5, lineEnd: 5, offset: 287, member: '_chat.txt' },
    ]);
    expect(wall(r.messages[0]!)).toEqual(w(2021, 1, 13, 10, 0, 0));
  });

  it('marks attachments present, referenced (named but absent) or omitted', () => {
    expect(r.messages.map((m) => m.attachments)).toEqual([
      [{ name: '00000001-PHOTO-2021-01-13-10-00-00.jpg', status: 'present' }],
      [{ name: '00000009-PHOTO-2021-01-13-10-00-05.jpg', status: 'referenced' }],
      [{ name: 'image omitted', status: 'omitted' }],
      [{ name: '00000003-old-export.zip', status: 'present' }],
      [{ name: '00000002-AUDIO-2021-01-13-10-03-00.opus', status: 'present' }],
    ]);
  });

  it('hashes every other member by streaming it, refuses symlinks and encrypted members, never recurses', () => {
    expect(r.attachments).toEqual([
      { type: 'attachment', member: '00000001-PHOTO-2021-01-13-10-00-00.jpg', size: 12, sha256: sha('fake jpeg 1\n'), status: 'stored', prov: { member: '00000001-PHOTO-2021-01-13-10-00-00.jpg' } },
      { type: 'attachment', member: '00000002-AUDIO-2021-01-13-10-03-00.opus', size: 10, sha256: sha('fake opus\n'), status: 'stored', prov: { member: '00000002-AUDIO-2021-01-13-10-03-00.opus' } },
      { type: 'attachment', member: '00000003-old-export.zip', size: 165, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'stored', prov: { member: '00000003-old-export.zip' } },
      { type: 'attachment', member: '00000006-DOCUMENT-unreferenced.pdf', size: 14, sha256: sha('%PDF-1.4 fake\n'), status: 'stored', prov: { member: '00000006-DOCUMENT-unreferenced.pdf' } },
      { type: 'attachment', member: '00000004-link.jpg', size: 14, status: 'refused', reason: 'symbolic link: not followed', prov: { member: '00000004-link.jpg' } },
      { type: 'attachment', member: '00000005-secret.jpg', size: 12, status: 'refused', reason: 'encrypted member: cannot be read without the password', prov: { member: '00000005-secret.jpg' } },
    ]);
    // The nested zip's own _chat.txt is not read: only the outer chat's 5 lines are messages.
    expect(r.messages.some((m) => m.body.includes('older export inside'))).toBe(false);
  });

  it('ignores __MACOSX / AppleDouble entries but says so, and lists unreferenced media', () => {
    expect(r.attachments.some((a) => a.member.startsWith('__MACOSX/'))).toBe(false);
    expect(r.facts.zipIgnoredMembers).toEqual({ count: 1, names: ['__MACOSX/._chat.txt'] });
    expect(r.facts.chatMember).toBe('_chat.txt');
    expect(r.facts.unreferencedAttachments).toEqual({ count: 3, names: ['00000006-DOCUMENT-unreferenced.pdf', '00000004-link.jpg', '00000005-secret.jpg'] });
  });
});

describe('Android zip with media (WhatsApp Chat with Alice.zip)', async () => {
  const r = await run(fixture('WhatsApp Chat with Alice.zip'));
  it('reads the named chat text and matches Android media names', () => {
    expect(r.sniff.member).toBe('WhatsApp Chat with Alice.txt');
    expect(r.chat.name).toBe('Alice');
    expect(r.messages.map((m) => [m.sender, m.kind, m.attachments])).toEqual([
      ['Alice', 'media', [{ name: 'IMG-20210113-WA0000.jpg', status: 'present' }]],
      ['Alice', 'media', [{ name: 'VID-20210113-WA0001.mp4', status: 'referenced' }]],
      ['Me', 'media', [{ name: '<Media omitted>', status: 'omitted' }]],
    ]);
    expect(r.messages[0]!.body).toBe('IMG-20210113-WA0000.jpg (file attached)\nLook at this');
    expect(r.attachments).toEqual([
      { type: 'attachment', member: 'IMG-20210113-WA0000.jpg', size: 18, sha256: sha('fake android jpeg\n'), status: 'stored', prov: { member: 'IMG-20210113-WA0000.jpg' } },
    ]);
  });
});

describe('damaged zips', () => {
  it('refuses a truncated zip with a clear error', async () => {
    const bytes = readFileSync(fixture('WhatsApp Chat - Bob Smith.zip'));
    const p = join(tmp, 'WhatsApp Chat - truncated.zip');
    writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const e = await run(p).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ThreadlineError);
    expect((e as ThreadlineError).code).toBe('ZIP_CORRUPT');
    expect((e as ThreadlineError).hint).toBeTruthy();
  });
});
