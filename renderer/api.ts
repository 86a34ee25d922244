/**
 * The renderer's only way to main: `window.threadline`, one typed function per contract channel. In Electron the
 * preload provides it (IPC); in browser mode this module installs the same API over fetch to the loopback bridge
 * that served the page (same origin, session cookie). No other module touches window.threadline or fetch.
 */
import { CHANNELS, type Channel } from '../shared/channels';
import type { RequestIn, ResponseOf, ThreadlineApi } from '../shared/contract';
import type { ErrorInfo, Result } from '../shared/errors';
import type { SourceEntry } from '../shared/model';

declare global {
  interface Window {
    threadline?: ThreadlineApi;
  }
}

/** An error Result surfaced as an exception inside the store's async actions. */
export class ApiError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

const lost = (why: string): Result<never> => ({
  ok: false,
  error: { code: 'DISCONNECTED', message: `The Threadline engine did not answer (${why}).`, hint: 'Check that `npm run serve` is still running, then reload the page.' },
});

async function post(path: string, init: RequestInit): Promise<Result<unknown>> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, method: 'POST', credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return lost('the connection failed');
  }
  try {
    return (await res.json()) as Result<unknown>;
  } catch {
    return lost(`HTTP ${res.status}`);
  }
}

function browserApi(): ThreadlineApi {
  const api: Partial<Record<Channel, (req: unknown) => Promise<Result<unknown>>>> = {};
  for (const ch of CHANNELS) {
    api[ch] = (req: unknown) => post(`/api/${ch}`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req ?? {}) });
  }
  return Object.freeze(api) as unknown as ThreadlineApi;
}

export const isElectron = typeof window !== 'undefined' && window.threadline !== undefined;
const api: ThreadlineApi = (typeof window !== 'undefined' && window.threadline) || browserApi();

/** Call a channel; an error Result becomes an ApiError carrying its ErrorInfo. */
export async function call<K extends Channel>(channel: K, request: RequestIn<K>): Promise<ResponseOf<K>> {
  const fn = api[channel] as (r: RequestIn<K>) => Promise<Result<ResponseOf<K>>>;
  const r = await fn(request);
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}

/** Browser mode: copy a dropped file into the bridge's staging folder; the import then hashes that copy. */
export async function uploadToStaging(file: File): Promise<Result<SourceEntry>> {
  if (isElectron) {
    return { ok: false, error: { code: 'BAD_ARGUMENT', message: 'Dropped files are added through the Add files… dialog in the desktop app.', hint: 'Use Add files….' } };
  }
  return (await post(`/api/upload?name=${encodeURIComponent(file.name)}`, { headers: { 'Content-Type': 'application/octet-stream' }, body: file })) as Result<SourceEntry>;
}

export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof ApiError) return err.info;
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), hint: 'This is a bug in the Threadline window; reload it.' };
}
