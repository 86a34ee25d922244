/** The BrowserWindow webPreferences every Threadline window uses (Electron's hardening checklist). */

export interface HardenedWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  safeDialogs: true;
  preload: string;
  devTools: boolean;
}

export function webPreferences(preload: string, opts: { devTools?: boolean } = {}): HardenedWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // Dropping a file onto the window must not navigate to it (file:// of seized data).
    navigateOnDragDrop: false,
    // Spellcheck would download dictionaries from the network.
    spellcheck: false,
    safeDialogs: true,
    preload,
    devTools: opts.devTools === true,
  };
}
