/** Web-request and permission policy: every request that is not the app's own is cancelled; every permission is denied. */
import { isAppUrl } from './navigation';

/** onBeforeRequest: cancel unless it is the app's own scheme (or a data:/blob: URL the app made). */
export function shouldCancelRequest(url: string): boolean {
  if (isAppUrl(url)) return false;
  if (url.startsWith('data:') || url.startsWith('blob:app://threadline/')) return false;
  // devtools:// and chrome-extension:// included: nothing else loads in a forensic workstation.
  return true;
}

/** setPermissionRequestHandler / setPermissionCheckHandler: camera, geolocation, notifications, clipboard-read … all denied. */
export function permissionDecision(_permission: string): false {
  return false;
}
