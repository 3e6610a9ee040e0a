// Electron main's security policy (pure functions; no Electron needed).
import { describe, expect, it } from 'vitest';
import {
  CSP,
  isAppUrl,
  isSafeExternalUrl,
  secureWebPreferences,
} from '../../../electron/main/security';

describe('window security', () => {
  it('webPreferences isolate and sandbox the renderer', () => {
    const w = secureWebPreferences('/x/preload.cjs');
    expect(w).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: '/x/preload.cjs',
    });
  });
  it('the CSP allows only our own scripts and no eval', () => {
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/unsafe-eval/);
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).toContain("frame-ancestors 'none'");
  });
  it('only http(s) links without credentials leave the app', () => {
    expect(isSafeExternalUrl('https://forum.example.com/t/x/1')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'app://steward/index.html',
      'smb://host/share',
      'https://user:pw@example.com',
      'vscode://x',
      'not a url',
      'data:text/html,x',
    ]) {
      expect(isSafeExternalUrl(bad)).toBe(false);
    }
  });
  it('recognises only our app URL', () => {
    expect(isAppUrl('app://steward/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://steward/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
  });
});
