/**
 * IPC for the Electron window: one ipcMain handler per contract channel. Each checks that the request comes from
 * the app's own page (app://threadline) and validates the payload with the contract's schema before the engine
 * worker sees it; every answer is a Result. The three channels that need a native dialog run it here, in main,
 * so the renderer only ever receives opaque ids for the files the examiner chose.
 */
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Channel } from '../../shared/channels';
import { parseRequest, type RequestOf, type ResponseOf } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type { Engine } from '../bridge/host/engine-client';
import { senderAllowed } from './security/ipc-sender';

type IpcHandler<K extends Channel> = (request: RequestOf<K>) => Promise<Result<ResponseOf<K>>>;
type IpcHandlers = { [K in Channel]: IpcHandler<K> };

export function registerIpc(engine: Engine, window: () => BrowserWindow | null, casesFolder: string): void {
  const forward =
    <K extends Channel>(ch: K): IpcHandler<K> =>
    (req) =>
      engine.call(ch, req) as Promise<Result<ResponseOf<K>>>;

  const handlers: IpcHandlers = Object.fromEntries(CHANNELS.map((ch) => [ch, forward(ch)])) as IpcHandlers;

  handlers['case.browse'] = async () => {
    const w = window();
    const r = w
      ? await dialog.showOpenDialog(w, { title: 'Open a Threadline case', properties: ['openFile'], filters: [{ name: 'Threadline case', extensions: ['tl'] }] })
      : { canceled: true, filePaths: [] };
    if (r.canceled || !r.filePaths[0]) return { ok: true, value: null };
    return engine.op('registerCase', { path: r.filePaths[0] });
  };

  handlers['evidence.browse'] = async () => {
    const w = window();
    const r = w ? await dialog.showOpenDialog(w, { title: 'Add evidence files', properties: ['openFile', 'multiSelections'] }) : { canceled: true, filePaths: [] };
    if (r.canceled || r.filePaths.length === 0) return { ok: true, value: [] };
    return engine.op('registerSources', { paths: r.filePaths });
  };

  handlers['case.create'] = async (req) => {
    const w = window();
    const r = w
      ? await dialog.showSaveDialog(w, { title: 'Create a Threadline case', defaultPath: `${casesFolder}/${req.fileName}`, filters: [{ name: 'Threadline case', extensions: ['tl'] }] })
      : { canceled: true, filePath: undefined };
    if (r.canceled || !r.filePath) return { ok: true, value: null };
    const input = { caseNumber: req.caseNumber, examiner: req.examiner, tz: req.tz, ...(req.title ? { title: req.title } : {}), ...(req.agency ? { agency: req.agency } : {}), ...(req.region ? { region: req.region } : {}) };
    return engine.op('createCaseAt', { path: r.filePath, input });
  };

  // The report's file is chosen here; the engine gets the path through a host-only operation, the renderer an opaque id.
  handlers['report.browse'] = async (req) => {
    const w = window();
    const ext = req.format === 'html' ? 'html' : req.format;
    const r = w
      ? await dialog.showSaveDialog(w, { title: 'Save the report', defaultPath: `${req.suggestedName}.${ext}`, filters: [{ name: `${req.format.toUpperCase()} report`, extensions: [ext] }] })
      : { canceled: true, filePath: undefined };
    if (r.canceled || !r.filePath) return { ok: true, value: null };
    return engine.op('registerReportTarget', { path: r.filePath });
  };

  for (const ch of CHANNELS) {
    ipcMain.handle(ch, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      if (!senderAllowed(frame?.url, frame !== null && frame === event.sender.mainFrame)) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Refused: the request did not come from the Threadline window.', hint: 'Restart Threadline.' } };
      }
      const req = parseRequest(ch, payload);
      if (!req.ok) return req;
      const handler = handlers[ch] as (r: unknown) => Promise<Result<unknown>>;
      return handler(req.value);
    });
  }
}
