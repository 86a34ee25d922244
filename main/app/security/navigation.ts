/** Navigation and window-opening policy: the window only ever shows the app's own pages. */

export const APP_SCHEME = 'app';
export const APP_HOST = 'threadline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True only for URLs of the app itself (app://threadline/...). Everything else is refused. */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** will-navigate: the app is a single page; any navigation (links in seized text included) is denied. */
export function allowNavigation(url: string, currentUrl: string): boolean {
  if (!isAppUrl(url) || !isAppUrl(currentUrl)) return false;
  // Same page, different hash (in-app routing) only.
  const a = new URL(url);
  const b = new URL(currentUrl);
  return a.pathname === b.pathname && a.search === b.search;
}

/** setWindowOpenHandler: never open new windows, never hand URLs to the OS. */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}
