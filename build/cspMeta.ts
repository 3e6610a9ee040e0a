// build: a Vite plugin that writes the one Content-Security-Policy (shared/csp.ts) into every built
// HTML entry as a <meta http-equiv> — defence in depth beside the header both hosts send, so a page
// opened any other way still runs under it. Build only: the dev server's hot reload needs inline code.
import type { Plugin } from 'vite';
import { CSP } from '../shared/csp';

/** `frame-ancestors` is ignored (and warned about) in a meta policy: the headers carry it. */
export const META_CSP = CSP.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

export function injectCspMeta(html: string): string {
  if (/http-equiv=["']Content-Security-Policy["']/i.test(html))
    throw new Error('index.html must not carry its own CSP: shared/csp.ts is the one policy');
  return html.replace(
    /<head>/i,
    `<head>\n    <meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`,
  );
}

export const cspMeta = (): Plugin => ({
  name: 'steward-csp-meta',
  apply: 'build',
  transformIndexHtml: (html) => injectCspMeta(html),
});
