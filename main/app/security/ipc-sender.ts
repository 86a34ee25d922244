/** IPC sender policy: only the app's own top-level page (app://threadline) may call main. */
import { isAppUrl } from './navigation';

export function senderAllowed(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && typeof frameUrl === 'string' && isAppUrl(frameUrl);
}
