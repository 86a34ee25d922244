/**
 * Property-based fuzzing of the IPC contract (shared/contract.ts) and of the engine service behind it: any
 * payload on any channel — hostile keys, wrong types, huge strings — is validated and answered with a Result;
 * nothing throws across the boundary, nothing pollutes prototypes, no stack trace or path leaks into an error.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/channels';
import { CONTRACT, parseRequest } from '../../shared/contract';
import { ERROR_CODES, type Result } from '../../shared/errors';
import { inProcessEngine } from '../../main/bridge/host/in-process-engine';
import type { Engine } from '../../main/bridge/host/engine-client';
import { tempDir } from '../helpers/tmp';

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Arbitrary JSON-ish payloads, with hostile keys mixed into objects and the shapes the schemas expect. */
const payload: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, undefined, true, false, 0, -1, 1e308, Number.NaN, Number.MAX_SAFE_INTEGER + 2, '', 'x'.repeat(5000), '\uD800', '../../etc/passwd', 'app://threadline/x', '1970-01-01T00:00:00Z'),
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS, 'filter', 'query', 'source', 'options', 'limit', 'position', 'type', 'id', 'jobId', 'fileName', 'tz', 'displayTz', 'mode', 'order'), fc.string({ maxLength: 10 })), tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** JSON.parse gives `__proto__` as an own key (as an IPC or HTTP body would), unlike an object literal. */
const viaJson = (v: unknown): unknown => {
  try {
    return JSON.parse(JSON.stringify(v) ?? 'null');
  } catch {
    return v;
  }
};

function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return Object.keys(Object.prototype).length === 0 && probe.polluted === undefined && Object.getOwnPropertyNames(Object.prototype).every((k) => k !== 'polluted');
}

describe('contract schemas', () => {
  it('parseRequest answers every payload on every channel with a Result, never a throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CHANNELS), payload, (channel, p) => {
        for (const candidate of [p, viaJson(p)]) {
          const r = parseRequest(channel, candidate);
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) {
            expect(r.error.code).toBe('BAD_ARGUMENT');
            expect(r.error.message.length).toBeLessThan(2000);
          }
        }
        expect(prototypesClean()).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('strict schemas refuse unknown keys, __proto__ included', () => {
    for (const channel of CHANNELS) {
      const r = parseRequest(channel, JSON.parse('{"__proto__": {"polluted": true}, "unexpected": 1}'));
      expect(r.ok, channel).toBe(false);
    }
    expect(prototypesClean()).toBe(true);
  });

  it('has one schema per channel', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual([...CHANNELS].sort());
  });
});

describe('engine service dispatch', () => {
  let engine: Engine;
  beforeAll(async () => {
    const dir = tempDir('threadline-fuzz-ipc-');
    engine = inProcessEngine({ mode: 'browser', casesFolder: join(dir, 'cases'), evidenceRoots: [join(import.meta.dirname, '..', 'fixtures', 'whatsapp')], staging: false });
    const r = await engine.call('case.create', { fileName: 'FUZZ-1', caseNumber: 'FUZZ-1', examiner: 'Fuzzer', tz: 'Asia/Bangkok', region: 'TH' });
    expect(r.ok).toBe(true);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('any payload on any channel (and unknown channels) comes back as a Result with a known code and no stack', async () => {
    // Channels that open native dialogs or start imports are exercised with validation failures only.
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...CHANNELS), fc.constantFrom('__proto__', 'constructor', 'no.such', '')), payload, async (channel, p) => {
        const r = (await engine.call(channel as (typeof CHANNELS)[number], viaJson(p) as never)) as Result<unknown>;
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(Object.prototype.hasOwnProperty.call(ERROR_CODES, r.error.code)).toBe(true);
          expect(r.error.code).not.toBe('INTERNAL');
          expect(r.error.message).not.toMatch(/\n\s+at /);
        }
        expect(prototypesClean()).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
