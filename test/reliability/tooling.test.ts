/**
 * The reliability tooling itself: the strace classifier counts off-host destinations and attributes them, the
 * source snapshot sees every kind of change, the hostile zip writer makes the archives it claims, and the case
 * probes catch a half-written evidence item. (If these were wrong, the proof would prove nothing.)
 */
import { appendFileSync, chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { openSafeZip } from '../../main/engine/intake/zip';
import { importEvidence } from '../../main/engine/jobs/import';
import { caseState, unchangedProblems, wholeItems } from '../../scripts/reliability/case-probe';
import { classifyStrace } from '../../scripts/reliability/offline';
import { snapshot, snapshotDiff } from '../../scripts/reliability/source-snapshot';
import { hostileZip } from '../../scripts/reliability/zip-writer';
import { tempDir } from '../helpers/tmp';

describe('strace classifier', () => {
  const trace = [
    '100 execve("/usr/bin/node", ["node"], 0x0 /* 1 var */) = 0',
    '100 connect(3, {sa_family=AF_UNIX, sun_path="/tmp/x.sock"}, 110) = 0',
    '100 connect(4, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
    '100 connect(5, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16) = -1 ENETUNREACH (Network is unreachable)',
    '100 clone(child_stack=NULL, flags=CLONE_VM) = 200',
    '200 execve("/usr/bin/chromium", ["chromium"], 0x0 /* 1 var */) = 0',
    '200 clone3({flags=CLONE_VM, exit_signal=SIGCHLD}, 88) = 300',
    '300 execve("/proc/self/exe", ["chromium", "--type=utility"], 0x0 /* 1 var */) = 0',
    '300 connect(9, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH',
    '300 sendto(10, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")}, 16) = 1',
    '100 sendto(6, "\\20\\0", 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20',
    '100 sendmsg(7, {msg_name=NULL, msg_namelen=0}, 0) = 8',
  ].join('\n');

  it('counts only inet/inet6 destinations off loopback, and names the program behind each', () => {
    const r = classifyStrace(trace);
    expect(r.offHost).toEqual([
      { program: 'node', dest: '93.184.216.34:443' },
      { program: 'chromium', dest: '[2001:4860:4860::8888]:443' },
      { program: 'chromium', dest: '10.0.0.53:53' },
    ]);
    expect(r.local).toBe(3);
  });
});

describe('source snapshots', () => {
  it('see a changed byte, a touched mtime, a new file beside the sources, a mode change and a removal', () => {
    const d = tempDir();
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'a.txt'), 'abc');
    writeFileSync(join(d, 'sub', 'b.txt'), 'def');
    const before = snapshot(d);
    expect(snapshotDiff(before, snapshot(d))).toEqual([]);
    writeFileSync(join(d, 'a.txt'), 'abd');
    utimesSync(join(d, 'a.txt'), before['a.txt']!.mtimeMs / 1000, before['a.txt']!.mtimeMs / 1000);
    appendFileSync(join(d, 'sub', 'b.txt'), '');
    writeFileSync(join(d, 'a.txt-wal'), '');
    chmodSync(join(d, 'sub', 'b.txt'), 0o400);
    const diff = snapshotDiff(before, snapshot(d));
    expect(diff.some((l) => l.startsWith('a.txt: sha256'))).toBe(true);
    expect(diff).toContain('a.txt-wal: appeared');
    expect(diff.some((l) => l.startsWith('sub/b.txt: mode'))).toBe(true);
  });
});

describe('hostile zip writer', () => {
  it('writes archives the safe reader refuses for the stated reason', async () => {
    const d = tempDir();
    const cases: [string, Buffer, string][] = [
      ['slip.zip', hostileZip([{ name: '../../x', data: 'x' }]), 'ZIP_UNSAFE'],
      ['count.zip', hostileZip([{ name: 'a.txt', data: 'a' }], { zip64EntryCount: 200_000 }), 'ZIP_BOMB'],
      ['big.zip', hostileZip([{ name: 'a.bin', data: Buffer.alloc(100), method: 'deflate', zip64Size: 5 * 1024 ** 3 }]), 'ZIP_BOMB'],
    ];
    for (const [name, bytes, code] of cases) {
      writeFileSync(join(d, name), bytes);
      await expect(openSafeZip(join(d, name), name)).rejects.toMatchObject({ code });
    }
    writeFileSync(join(d, 'link.zip'), hostileZip([{ name: 'a.txt', data: 'hello', method: 'deflate' }, { name: 'l', data: '/etc/passwd', symlink: true }]));
    const z = await openSafeZip(join(d, 'link.zip'), 'link.zip');
    expect(z.members.map((m) => [m.name, m.isSymlink])).toEqual([
      ['a.txt', false],
      ['l', true],
    ]);
    z.close();
  });
});

describe('case probes', () => {
  it('a refused change leaves no problem; an extra row, a broken chain or a half item are each caught', async () => {
    const d = tempDir();
    const c = Case.create(join(d, 'p.tl'), { caseNumber: 'P-1', examiner: 'E', tz: 'UTC' });
    try {
      writeFileSync(join(d, 'WhatsApp Chat with P.txt'), '14/03/2025, 21:00 - Boss: hello\n14/03/2025, 21:01 - Boss: ok\n');
      await importEvidence(c, { path: join(d, 'WhatsApp Chat with P.txt') });
      const before = caseState(c.db);
      expect(unchangedProblems(before, caseState(c.db), [], c.db)).toEqual([]);
      expect(wholeItems(c.db)).toEqual({ items: 1, problems: [] });
      // A message row too many for the item (as a half-rolled-back import would leave).
      c.db.prepare("INSERT INTO messages (evidence_id, seq, kind, body) VALUES (1, 999, 'text', 'stray')").run();
      expect(unchangedProblems(before, caseState(c.db), [], c.db)).toEqual(['table messages: 2 rows before, 3 after']);
      expect(wholeItems(c.db).problems).toEqual(['E1 messages: 3 rows, import recorded 2']);
      c.audit('note', {});
      expect(unchangedProblems(before, caseState(c.db), [], c.db)).toContain('unexpected audit entry "note"');
      c.db.exec('DROP TRIGGER audit_log_no_update');
      c.db.exec("UPDATE audit_log SET examiner = 'X' WHERE seq = 1");
      expect(unchangedProblems(before, caseState(c.db), ['note'], c.db).some((p) => p.startsWith('audit chain broken at 1'))).toBe(true);
    } finally {
      c.close();
    }
  });
});
