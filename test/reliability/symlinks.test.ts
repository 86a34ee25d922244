/**
 * Symlinks out of an export folder. Decision: browser mode never OFFERS a file whose link leads out of the
 * evidence folder (a planted link could make the examiner import their own files into a disclosed case); a file
 * the examiner names on the command line is followed — they chose it — but the evidence item records where the
 * bytes really are (path_resolved = the link's target), checked by the hostile corpus (`symlink-out-of-folder`).
 */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceRegistry } from '../../main/bridge/service/sources';
import { tempDir } from '../helpers/tmp';

describe('evidence folders with symlinks (browser mode listing)', () => {
  it('lists real files and links that stay inside; skips links to files and folders outside, and dangling links', async () => {
    const d = tempDir();
    const root = join(d, 'export');
    const outside = join(d, 'examiner-home');
    mkdirSync(join(root, 'media'), { recursive: true });
    mkdirSync(join(outside, '.ssh'), { recursive: true });
    writeFileSync(join(root, 'WhatsApp Chat with A.txt'), '14/03/2025, 21:00 - A: hi\n');
    writeFileSync(join(root, 'media', 'IMG-1.jpg'), 'jpg');
    writeFileSync(join(outside, '.ssh', 'id_ed25519'), 'PRIVATE KEY');
    symlinkSync(join(outside, '.ssh', 'id_ed25519'), join(root, 'WhatsApp Chat with B.txt'));
    symlinkSync(outside, join(root, 'more-media'));
    symlinkSync(join(root, 'media', 'IMG-1.jpg'), join(root, 'IMG-1 (link).jpg'));
    symlinkSync(join(root, 'gone.txt'), join(root, 'dangling.txt'));
    const listing = await new SourceRegistry([root]).list();
    expect(listing.files.map((f) => f.label).sort()).toEqual(['IMG-1 (link).jpg', 'WhatsApp Chat with A.txt', 'media/IMG-1.jpg']);
    expect(JSON.stringify(listing)).not.toContain(realpathSync(outside));
  });
});
