/**
 * The sandboxed preload: exposes `window.threadline` with exactly one function per contract channel, each an
 * ipcRenderer.invoke of that channel. Never raw ipcRenderer, never Node: the page gets these functions only.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS } from '../../shared/channels';
import type { ThreadlineApi } from '../../shared/contract';

const api: Record<string, (request: unknown) => Promise<unknown>> = {};
for (const channel of CHANNELS) {
  api[channel] = (request: unknown) => ipcRenderer.invoke(channel, request);
}

contextBridge.exposeInMainWorld('threadline', Object.freeze(api) as unknown as ThreadlineApi);
