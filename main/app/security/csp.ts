/** The Content-Security-Policy for the renderer: nothing but the app's own scheme, no network, no eval. */

export interface CspOptions {
  /** The origin the renderer is served from (`app://threadline` in Electron, `http://127.0.0.1:PORT` in browser mode). */
  self: string;
  /** Browser mode talks to the loopback bridge with fetch; Electron uses IPC and needs no connect-src at all. */
  connectSelf: boolean;
}

export function contentSecurityPolicy(o: CspOptions): string {
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self' 'unsafe-inline'"], // React inline style attributes; no remote styles
    ['img-src', "'self' data: blob:"],
    ['font-src', "'self'"],
    ['connect-src', o.connectSelf ? "'self'" : "'none'"],
    ['media-src', "'none'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['worker-src', "'self'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([k, v]) => `${k} ${v}`).join('; ');
}
