// shared: the Content-Security-Policy both hosts send with the renderer (Electron's app:// scheme
// and the browser-mode HTTP server): own scripts only, no eval, no plugins, no framing.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
