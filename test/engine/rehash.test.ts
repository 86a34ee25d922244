/**
 * The post-parse re-hash on another thread: the same answer as hashing in this thread, a fall-back to this
 * thread whenever the worker cannot deliver, a clear rejection when the source is gone, and an import whose
 * source was edited in place while it was parsed is refused by it with nothing kept.
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { auditRows } from '../../main/engine/db/audit-store';
import { tableCounts } from '../../main/engine/db/read/evidence';
import { sha256File } from '../../main/engine/intake/hash';
import { overrideRehashProgram, REHASH_WORKER_MIN_BYTES, rehashStats, startRehash } from '../../main/engine/intake/rehash';
import { importEvidence } from '../../main/engine/jobs/import';
import { failure } from '../helpers/failure';
import { tempDir } from '../helpers/tmp';

afterEach(() => overrideRehashProgram(null));

/** A WhatsApp export of at least `bytes` bytes (one message per line, every line distinct). */
function whatsapp(dir: string, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `${String((i % 28) + 1).padStart(2, '0')}/03/2022, ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} - Ann Lee: message number ${i} with some words in it`;
    lines.push(line);
    size += line.length + 1;
  }
  const p = join(dir, 'WhatsApp Chat with Ann.txt');
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

describe('startRehash', () => {
  // Written per test: temporary folders are removed after each one.
  function files() {
    const dir = tempDir();
    const big = join(dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(REHASH_WORKER_MIN_BYTES + 12345, 7));
    const small = join(dir, 'small.bin');
    writeFileSync(small, 'a few bytes');
    return { dir, big, small };
  }

  it('hashes a big file on a worker thread and a small one in this thread, both as sha256File does', async () => {
    const { big, small } = files();
    const before = { ...rehashStats };
    expect(await startRehash(big, REHASH_WORKER_MIN_BYTES + 12345)).toEqual(await sha256File(big));
    expect(await startRehash(small, 11)).toEqual(await sha256File(small));
    expect(rehashStats).toEqual({ inWorker: before.inWorker + 1, inThread: before.inThread + 1 });
  });

  it.each([
    ['reports an error', "require('node:worker_threads').parentPort.postMessage({ error: 'EIO: simulated' });"],
    ['ends without a word', 'process.exit(0);'],
    ['throws', "throw new Error('kaboom');"],
  ])('a worker that %s: hashed in this thread instead, same answer', async (_what, program) => {
    const { big } = files();
    overrideRehashProgram(program);
    const before = { ...rehashStats };
    expect(await startRehash(big, REHASH_WORKER_MIN_BYTES + 12345)).toEqual(await sha256File(big));
    expect(rehashStats).toEqual({ inWorker: before.inWorker, inThread: before.inThread + 1 });
  });

  it('a source that is gone: rejected with the reading error, whichever thread', async () => {
    const gone = join(files().dir, 'gone.bin');
    await expect(startRehash(gone, REHASH_WORKER_MIN_BYTES + 1)).rejects.toThrow(/ENOENT/);
    await expect(startRehash(gone, 1)).rejects.toThrow(/ENOENT/);
  });
});

describe('the import job re-hashes after parsing', () => {
  it('a source edited in place while it is parsed: SOURCE_CHANGED from the re-hash, nothing kept, the failure audited', async () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'C-R', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' });
    const path = whatsapp(dir, REHASH_WORKER_MIN_BYTES + 1024);
    // Same length, same line count: only a hash can tell (the importer's own passes compare line counts).
    const at = readFileSync(path).lastIndexOf('words');
    const before = { ...rehashStats };
    let edited = false;
    const e = await failure(
      importEvidence(c, {
        path,
        dateOrder: 'dmy',
        parseIn: 'thread',
        onProgress: (p) => {
          if (p.phase === 'parsing' && (p.records ?? 0) > 0 && !edited) {
            edited = true;
            const fd = openSync(path, 'r+');
            writeSync(fd, 'WORDS', at);
            closeSync(fd);
          }
        },
      }),
    );
    expect(edited).toBe(true);
    expect(e.code).toBe('SOURCE_CHANGED');
    expect(e.message).toBe('The evidence file changed while it was being imported (its SHA-256 after parsing differs from the intake hash).');
    expect(rehashStats.inWorker).toBe(before.inWorker + 1);
    const counts = tableCounts(c.db);
    expect([counts.evidence, counts.messages]).toEqual([0, 0]);
    expect([...auditRows(c.db)].pop()!.action).toBe('import-failed');
    c.close();
  }, 60_000);
});
