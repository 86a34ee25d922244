/**
 * Electron hardening without launching Electron: the layer rules hold with zero violations (and the network rule
 * provably fires on a planted import), no forbidden API is used anywhere, and the fuses the packaging config flips
 * are the security policy's. The policies' own unit tests live in test/app/.
 */
import { describe, expect, it } from 'vitest';
import { builderFuses, depcruise, forbiddenApiHits, fuseProblems, plantedViolations } from '../../scripts/reliability/hardening';

describe('Electron hardening checks', () => {
  it('dependency-cruiser finds zero violations in main/, renderer/ and shared/', () => {
    const r = depcruise();
    expect(r.error).toBeUndefined();
    expect(r.violations).toEqual([]);
  });

  it('the no-network rule fires on a planted node:net import in the engine and node:https in the app', () => {
    const r = plantedViolations();
    expect(r.error).toBeUndefined();
    expect(r.fired.sort()).toEqual(['main/app/planted.ts -> https', 'main/engine/planted.ts -> net']);
  });

  it('no forbidden API (innerHTML, shell.openExternal/openPath, eval, insecure webPreferences …) appears in the sources', () => {
    expect(forbiddenApiHits()).toEqual([]);
  });

  it('fuses: the policy closes every Node escape hatch and electron-builder.yml flips exactly those', () => {
    expect(fuseProblems()).toEqual([]);
    expect(builderFuses()).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
  });
});
