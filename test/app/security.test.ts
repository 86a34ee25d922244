import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../main/app/security/csp';
import { allowNavigation, isAppUrl, windowOpenDecision } from '../../main/app/security/navigation';
import { permissionDecision, shouldCancelRequest } from '../../main/app/security/requests';
import { webPreferences } from '../../main/app/security/window-options';
import { FUSES } from '../../main/app/security/fuses';
import { resolveAppPath } from '../../main/app/security/app-protocol';
import { CHROMIUM_SWITCHES } from '../../main/app/security/chromium-switches';

describe('Electron security policies (pure, no Electron needed)', () => {
  it('CSP: default none, no remote anything, connect-src none in Electron', () => {
    const csp = contentSecurityPolicy({ self: 'app://threadline', connectSelf: false });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(contentSecurityPolicy({ self: 'x', connectSelf: true })).toContain("connect-src 'self'");
  });

  it('only app:// URLs are the app; navigation elsewhere and new windows are denied', () => {
    expect(isAppUrl('app://threadline/index.html')).toBe(true);
    for (const u of ['https://example.com', 'file:///etc/passwd', 'app://evil/index.html', 'app://x@threadline/', 'javascript:alert(1)', 'not a url']) {
      expect(isAppUrl(u)).toBe(false);
    }
    expect(allowNavigation('https://maps.google.com/?q=1,2', 'app://threadline/index.html')).toBe(false);
    expect(allowNavigation('app://threadline/index.html#/timeline', 'app://threadline/index.html')).toBe(true);
    expect(allowNavigation('app://threadline/other.html', 'app://threadline/index.html')).toBe(false);
    expect(windowOpenDecision('https://example.com')).toEqual({ action: 'deny' });
  });

  it('every request that is not the app own is cancelled; every permission denied', () => {
    expect(shouldCancelRequest('app://threadline/assets/index.js')).toBe(false);
    expect(shouldCancelRequest('data:image/png;base64,AAAA')).toBe(false);
    for (const u of ['https://fonts.googleapis.com/css', 'http://127.0.0.1:9/x', 'ws://localhost', 'devtools://devtools/x', 'chrome-extension://abc/x', 'file:///tmp/x']) {
      expect(shouldCancelRequest(u)).toBe(true);
    }
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) expect(permissionDecision(p)).toBe(false);
  });

  it('webPreferences: isolation, sandbox, no node, no spellcheck download, no drag-navigation', () => {
    const w = webPreferences('/app/preload.cjs');
    expect(w).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false, navigateOnDragDrop: false, webviewTag: false, devTools: false });
  });

  it('fuses: no run-as-node, no NODE_OPTIONS, no inspect, ASAR integrity and ASAR-only', () => {
    expect(FUSES).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
  });

  it('app:// paths stay inside the renderer folder', () => {
    expect(resolveAppPath('/r', '/')).toBe('/r/index.html');
    expect(resolveAppPath('/r', '/assets/a.js')).toBe('/r/assets/a.js');
    expect(resolveAppPath('/r', '/../etc/passwd')).toBeNull();
    expect(resolveAppPath('/r', '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveAppPath('/r', '/a%00.js')).toBeNull();
    expect(resolveAppPath('/r', '/%E0%A4%A')).toBeNull();
  });
});

describe("Electron's own Chromium stays off the network", () => {
  const switches = new Map(CHROMIUM_SWITCHES.map(([name, value]) => [name, value]));

  it('resolves no host name at all, so no DNS query (plain or over HTTPS) can leave the machine', () => {
    expect(switches.get('host-resolver-rules')).toBe('MAP * ~NOTFOUND');
    expect(switches.get('disable-features')!.split(',')).toContain('DnsOverHttps');
  });

  it('switches off the background services that phone home', () => {
    for (const s of ['disable-background-networking', 'disable-component-update', 'disable-domain-reliability', 'no-pings', 'disable-breakpad']) expect(switches.has(s), s).toBe(true);
  });
});
