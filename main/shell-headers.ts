/**
 * What the browser shell (./browser-shell.ts) puts on its responses: the content types of the
 * built renderer's files, the status lines of its refusals, and the security headers every
 * response carries, refusals and 404s included.
 */

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
};

export const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
};

/** On every response: a page of ours never runs foreign code, in a frame, or leaks its address. */
export function securityHeaders(port: number): Record<string, string> {
  const self = `127.0.0.1:${port} localhost:${port}`.split(' ');
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      `connect-src 'self' ${self.map((h) => `ws://${h}`).join(' ')}`,
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // The page, the exchange and the refusals alike: nothing of the kiosk is kept in a cache.
    'Cache-Control': 'no-store',
  };
}
