/** HTTP plumbing of the branch service on node:http: errors as JSON, bodies with a size limit. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An answer other than 2xx, with the code and message the client sees (ErrorResponse). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/**
 * Reads the body, refusing (413) anything over `limit` bytes. An oversized body is read to its
 * end but not kept: answering while the client still sends would make it see a reset, not 413.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(
      413,
      'BODY_TOO_LARGE',
      `A request body may be at most ${limit} bytes: send smaller batches.`,
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.once('end', () =>
      settle(() => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks)))),
    );
    req.once('error', (err) => settle(() => reject(err)));
    // The client went away mid-body: nothing to answer, but the handler must not hang.
    req.once('close', () => settle(() => reject(new Error('client closed the request early'))));
  });
}

/** The body as JSON (400 INVALID_JSON when it is not), within `limit` bytes (413). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const raw = await readBody(req, limit);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
}
