// electron/main: security policy as pure functions (unit-tested without Electron).
import type { WebPreferences } from 'electron';
import { CSP } from '../../shared/csp';

export { CSP };

/** The renderer is served from this privileged custom scheme (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'steward';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;


export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
  };
}

/** Is this URL our own app page? */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links leave the app only as http(s) URLs without credentials, to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
    if (u.username || u.password) return false;
    return u.hostname.length > 0;
  } catch {
    return false;
  }
}
