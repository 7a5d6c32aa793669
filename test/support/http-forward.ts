/**
 * Forwarding one HTTP request to the real branch service, for the test proxies that stand
 * between a kiosk and it (./fault-proxy.ts, test/sync/crash.test.ts): the end-to-end headers,
 * the whole body read, the whole answer read back.
 */
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import type { IncomingMessage } from 'node:http';

/** What the service answered, read whole. */
export interface Upstream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

// Per hop, not forwarded: the proxy sets its own length and connection.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export function endToEndHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/** The whole message; rejects when the peer goes away before its end. */
export function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
    stream.once('close', () => {
      if (!stream.complete) reject(new Error('the peer went away mid-message'));
    });
  });
}

/** Sends `req` (its body already read) to `target` and reads the answer whole. */
export function forwardRequest(
  target: URL,
  agent: Agent,
  req: IncomingMessage,
  body: Buffer,
): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: `${target.pathname.replace(/\/+$/, '')}${req.url ?? '/'}`,
        agent,
        headers: {
          ...endToEndHeaders(req.headers),
          host: target.host,
          'content-length': String(body.length),
        },
      },
      (answer) => {
        readAll(answer).then(
          (data) =>
            resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body: data }),
          reject,
        );
      },
    );
    upstream.once('error', reject);
    upstream.end(body);
  });
}
