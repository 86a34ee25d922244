/**
 * The offline proof: the whole workflow (offline-workload.ts) runs in a fresh network namespace that HAS a way
 * out — a veth interface holding the default route — so anything that tries to reach the network really
 * transmits a packet there (an ARP for the gateway at least). Two independent counters: the interface's transmit
 * counter (/proc/net/dev) and strace of connect/sendto/sendmsg of every process, counting destinations that are
 * neither loopback nor local sockets. A control run (one connect to 192.0.2.1) proves both counters see traffic.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './demo-seizure';

export interface OfflineResult {
  available: boolean;
  /** Why the proof could not run, when it could not. */
  skipped?: string;
  /** Packets the namespace's only non-loopback interface transmitted during the workload. */
  egressPackets: number;
  /** connect/sendto/sendmsg calls to a destination off loopback by Threadline's processes, from strace. */
  offHostAttempts: number;
  /** The same by the browser-mode harness (Chromium), reported apart: they are not Threadline's. */
  browserAttempts: number;
  offHostSamples: string[];
  /** Loopback and Unix-socket calls seen (the bridge, Chromium's pipes): proves strace was watching. */
  localCalls: number;
  steps: { name: string; ok: boolean; line: string }[];
  workloadOk: boolean;
  control: { egressPackets: number; offHostAttempts: number } | null;
  ms: number;
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin:/usr/sbin:/sbin').split(':').some((d) => {
    try {
      return statSync(join(d, cmd)).isFile();
    } catch {
      return false;
    }
  });
}

/** The namespace set-up, then the command under strace, then the counters. */
function nsScript(straceOut: string, command: string, resolvConf: string, readOnly: string[]): string {
  return [
    'set -e',
    // Evidence folders are mounted read-only over themselves: even root cannot write beside the sources.
    ...readOnly.map((d) => `mount --bind '${d}' '${d}' && mount -o remount,bind,ro '${d}'`),
    // The namespace's own resolver file points at loopback: Debian's Chromium (the browser-mode harness, standing
    // in for Electron's renderer) looks up clients2.google.com on its own even with --disable-component-update;
    // its lookups are still traced and attributed to it, but stay on loopback.
    `mount --bind '${resolvConf}' /etc/resolv.conf`,
    // No IPv6: router solicitations and DAD would be packets of the kernel's own, not of Threadline.
    'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null || true',
    'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 2>/dev/null || true',
    'ip link set lo up',
    'ip link add eg0 type veth peer name eg1',
    'ip addr add 10.203.0.1/24 dev eg0',
    'ip link set eg1 up',
    'ip link set eg0 up',
    'ip route add default via 10.203.0.2 dev eg0',
    'tx() { awk \'$1 == "eg0:" { print $11 }\' /proc/net/dev; }',
    'echo "tx-before $(tx)"',
    'set +e',
    `strace -f -qq -e trace=connect,sendto,sendmsg,sendmmsg,execve,clone,clone3,fork,vfork -e signal=none -o '${straceOut}' ${command}`,
    'echo "exit $?"',
    // Let an ARP retry for a last attempt land in the counter before reading it.
    'sleep 2',
    'echo "tx-after $(tx)"',
  ].join('\n');
}

function runInNamespace(work: string, name: string, command: string, timeoutMs: number, readOnly: string[] = []): { stdout: string; stderr: string; strace: string } {
  const straceOut = join(work, `${name}.strace`);
  const script = join(work, `${name}.sh`);
  const resolvConf = join(work, 'resolv.conf');
  writeFileSync(resolvConf, 'nameserver 127.0.0.1\n');
  writeFileSync(script, nsScript(straceOut, command, resolvConf, readOnly));
  // As root plain network + mount namespaces; otherwise a user namespace maps us to root inside them.
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const r = spawnSync('unshare', [root ? '-nm' : '-rnm', 'sh', script], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  let strace = '';
  try {
    strace = readFileSync(straceOut, 'utf8');
  } catch {
    // strace did not start
  }
  return { stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : ''), strace };
}

/**
 * Destinations in strace lines: inet/inet6 off loopback count; AF_UNIX, AF_NETLINK and loopback do not. Each is
 * attributed to the program of its process (from execve, inherited through clone/fork).
 */
export function classifyStrace(text: string): { offHost: { program: string; dest: string }[]; local: number } {
  const offHost: { program: string; dest: string }[] = [];
  const program = new Map<string, string>();
  let local = 0;
  for (const line of text.split('\n')) {
    const pid = /^(\d+)\s/.exec(line)?.[1];
    if (!pid) continue;
    const exec = /execve\("([^"]+)"/.exec(line);
    // Chromium re-executes itself through /proc/self/exe: the process stays what it was.
    if (exec && !/= -1/.test(line) && !(exec[1]!.endsWith('/proc/self/exe') && program.has(pid))) program.set(pid, exec[1]!.slice(exec[1]!.lastIndexOf('/') + 1));
    const forked = /(?:clone3?|v?fork)(?:\(| resumed>).*= (\d+)$/.exec(line);
    if (forked && !program.has(forked[1]!)) program.set(forked[1]!, program.get(pid) ?? '?');
    if (!/\b(connect|sendto|sendmsg|sendmmsg)\(/.test(line)) continue;
    const who = program.get(pid) ?? '?';
    const v4 = /sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([\d.]+)"\)/.exec(line);
    const v6 = /sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*?inet_pton\(AF_INET6, "([^"]+)"/.exec(line);
    if (v4) {
      if (v4[2]!.startsWith('127.')) local++;
      else offHost.push({ program: who, dest: `${v4[2]}:${v4[1]}` });
    } else if (v6) {
      if (v6[2] === '::1' || /^::ffff:127\./.test(v6[2]!)) local++;
      else offHost.push({ program: who, dest: `[${v6[2]}]:${v6[1]}` });
    } else if (/AF_UNIX|AF_NETLINK|AF_LOCAL/.test(line)) local++;
    else if (/AF_PACKET/.test(line)) offHost.push({ program: who, dest: 'raw packet socket' });
    // Other calls (send on an already-connected socket: NULL address) were counted at their connect.
  }
  return { offHost, local };
}

/** Threadline's own processes: node (CLI, bridge, engine worker) and the shells and tools they start; not the harness browser. */
export function isHarnessBrowser(program: string): boolean {
  return /chrom/i.test(program);
}

function counter(stdout: string, key: string): number {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(stdout);
  return m ? Number(m[1]) : Number.NaN;
}

export function offlineToolsMissing(): string | undefined {
  const missing = ['unshare', 'ip', 'strace', 'mount'].filter((c) => !onPath(c));
  if (missing.length) return `missing ${missing.join(', ')} (apt-get install -y strace iproute2 util-linux)`;
  const probe = spawnSync('unshare', [process.getuid?.() === 0 ? '-nm' : '-rnm', 'true']);
  if (probe.status !== 0) return `network namespaces are not available here: ${String(probe.stderr ?? probe.error)}`;
  return undefined;
}

/**
 * Runs the workload on the evidence in `demoDir`, which is mounted read-only inside the namespace (so the same run
 * proves the sources untouched: the caller snapshots `demoDir` before and after).
 */
export function runOfflineProof(work: string, demoDir: string, opts: { ui: 'quick' | 'full' | 'none'; control?: boolean }): OfflineResult {
  const started = Date.now();
  mkdirSync(work, { recursive: true });
  const missing = offlineToolsMissing();
  if (missing) return { available: false, skipped: missing, egressPackets: Number.NaN, offHostAttempts: Number.NaN, browserAttempts: 0, offHostSamples: [], localCalls: 0, steps: [], workloadOk: false, control: null, ms: 0 };

  let control: OfflineResult['control'] = null;
  if (opts.control !== false) {
    // Positive control: a single connection attempt off the machine must show up in both counters.
    const c = runInNamespace(work, 'control', `'${process.execPath}' -e "const s=require('net').connect(9,'192.0.2.1');s.on('error',()=>{});setTimeout(()=>process.exit(0),1500)"`, 30_000);
    control = { egressPackets: counter(c.stdout, 'tx-after') - counter(c.stdout, 'tx-before'), offHostAttempts: classifyStrace(c.strace).offHost.length };
  }
  const w = runInNamespace(work, 'workload', `'${process.execPath}' --import tsx '${join(ROOT, 'scripts', 'reliability', 'offline-workload.ts')}' '${join(work, 'run')}' --demo '${demoDir}' --ui ${opts.ui}`, 1_500_000, [demoDir]);
  const s = classifyStrace(w.strace);
  const steps = w.stdout
    .split('\n')
    .filter((l) => l.startsWith('step '))
    .map((l) => ({ name: l.slice(5).replace(/ (ok|FAIL.*|skipped.*)$/, ''), ok: / ok$/.test(l) || / skipped/.test(l), line: l }));
  return {
    available: true,
    egressPackets: counter(w.stdout, 'tx-after') - counter(w.stdout, 'tx-before'),
    offHostAttempts: s.offHost.filter((o) => !isHarnessBrowser(o.program)).length,
    browserAttempts: s.offHost.filter((o) => isHarnessBrowser(o.program)).length,
    offHostSamples: [...new Set(s.offHost.map((o) => `${o.program} -> ${o.dest}`))].slice(0, 6),
    localCalls: s.local,
    steps,
    workloadOk: /^workload ok$/m.test(w.stdout) && /^exit 0$/m.test(w.stdout),
    control,
    ms: Date.now() - started,
    ...(steps.length === 0 ? { skipped: `the workload printed nothing: ${w.stderr.slice(0, 500)}` } : {}),
  };
}
