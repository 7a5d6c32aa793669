// A fault-injecting HTTP proxy for the sync tests: it sits between the kiosk's BranchServiceClient
// and the REAL branch service on loopback and does, per request, what a bad network, a
// struggling service or a broken middlebox does. Faults are scripted (a queue per path, consumed
// one request at a time) or drawn from a seeded random source (chaos mode); every request is
// recorded with what was done to it and what the service answered.
import { Agent, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { endToEndHeaders, forwardRequest, readAll, type Upstream } from './http-forward.js';

/** What the proxy does to one request. */
export type Fault =
  /** Forward and pass the answer back. */
  | { readonly kind: 'pass' }
  /** Forward after `delayMs` (the kiosk may have given up by then; the service still commits). */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** Answer this status without forwarding (500, 503, 429 …), with Retry-After when given. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** Cut the kiosk's connection once its request arrived; the service never sees it. */
  | { readonly kind: 'reset-before' }
  /** Forward (the service commits), then cut the kiosk's connection: the answer is lost. */
  | { readonly kind: 'lose-answer' }
  /** Forward the same request twice (at once, or one after the other); answer the second. */
  | { readonly kind: 'duplicate'; readonly concurrent: boolean }
  /** Answer 200 with a body that is not JSON, without forwarding. */
  | { readonly kind: 'malformed' }
  /**
   * Answer 200 with `bytes` of JSON-looking filler, without forwarding; with `declared` the
   * Content-Length says so up front, otherwise it is chunked and only the reading reveals it.
   */
  | { readonly kind: 'oversized'; readonly bytes: number; readonly declared: boolean }
  /** Forward (or not), then answer with `rewrite(sent ids, the service's answer or null)`. */
  | {
      readonly kind: 'rewrite';
      readonly forward: boolean;
      readonly rewrite: (sentIds: readonly string[], upstream: unknown) => unknown;
    };

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** Batch item ids (POST /v1/batches), else []. */
  readonly ids: readonly string[];
  readonly fault: Fault['kind'];
  /** How many times it reached the service (0, 1 or 2). */
  forwarded: number;
  /** The service's last status, null when not forwarded. */
  upstreamStatus: number | null;
  /** Bytes of body written to the kiosk (for 'oversized': how much it read before hanging up). */
  bytesToKiosk: number;
  /** The kiosk's connection closed before the whole answer was written. */
  kioskHungUp: boolean;
  readonly at: number;
}

/** Chaos mode: for each request on a matching path, this fault with this probability. */
export interface ChaosPlan {
  readonly random: () => number;
  readonly paths: readonly string[];
  readonly faults: readonly { readonly p: number; readonly fault: Fault }[];
}

export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  readonly #target: URL;
  readonly #agent = new Agent({ keepAlive: false });
  readonly #sockets = new Set<Socket>();
  readonly #scripts = new Map<string, Fault[]>();
  #chaos: readonly ChaosPlan[] = [];
  #server: Server | null = null;
  #port = 0;

  private constructor(target: string) {
    this.#target = new URL(target);
  }

  /** Starts forwarding to `target` (the branch service's base URL) on a free loopback port. */
  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(target);
    await proxy.up();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Faults for the next requests on `path` (e.g. SYNC_PATHS.batches), first one first. */
  script(path: string, ...faults: Fault[]): void {
    const queue = this.#scripts.get(path) ?? [];
    queue.push(...faults);
    this.#scripts.set(path, queue);
  }

  /** Drops the faults still waiting in the scripts; how many there were. */
  clearScripts(): number {
    const left = [...this.#scripts.values()].reduce((n, queue) => n + queue.length, 0);
    this.#scripts.clear();
    return left;
  }

  /** Random faults from now on (after the scripts), a plan per set of paths; none: all pass. */
  chaos(...plans: ChaosPlan[]): void {
    this.#chaos = plans;
  }

  /** The service is down: nothing listens on the proxy's port (connection refused). */
  async down(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    this.#server = null;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listening again, on the same port once it had one. */
  async up(): Promise<void> {
    if (this.#server !== null) return;
    const server = createServer((req, res) => {
      this.#handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) res.writeHead(502).end();
        else res.destroy();
      });
    });
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async close(): Promise<void> {
    this.#scripts.clear();
    this.#chaos = [];
    await this.down();
    this.#agent.destroy();
  }

  /** The requests on one path. */
  on(path: string): ProxiedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  #next(path: string): Fault {
    const queue = this.#scripts.get(path);
    if (queue !== undefined && queue.length > 0) return queue.shift()!;
    const chaos = this.#chaos.find((plan) => plan.paths.includes(path));
    if (chaos !== undefined) {
      let draw = chaos.random();
      for (const { p, fault } of chaos.faults) {
        if (draw < p) return fault;
        draw -= p;
      }
    }
    return { kind: 'pass' };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const fault = this.#next(path);
    let ids: string[] = [];
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { items?: { id?: unknown }[] };
      if (Array.isArray(parsed.items)) ids = parsed.items.map((item) => String(item.id));
    } catch {
      // not a batch
    }
    const record: ProxiedRequest = {
      method: req.method ?? 'GET',
      path,
      ids,
      fault: fault.kind,
      forwarded: 0,
      upstreamStatus: null,
      bytesToKiosk: 0,
      kioskHungUp: false,
      at: Date.now(),
    };
    this.requests.push(record);
    res.once('close', () => {
      if (!res.writableFinished) record.kioskHungUp = true;
    });

    const forward = async (): Promise<Upstream> => {
      const answer = await this.#forward(req, body);
      record.forwarded += 1;
      record.upstreamStatus = answer.status;
      return answer;
    };
    const reply = (status: number, headers: Record<string, string | string[]>, data: Buffer) => {
      res.writeHead(status, { ...headers, 'content-length': String(data.length) });
      res.end(data);
      record.bytesToKiosk = data.length;
    };
    const json = { 'content-type': 'application/json; charset=utf-8' };

    switch (fault.kind) {
      case 'pass': {
        const answer = await forward();
        return reply(answer.status, endToEndHeaders(answer.headers), answer.body);
      }
      case 'slow': {
        await sleep(fault.delayMs);
        const answer = await forward();
        if (res.destroyed) return;
        return reply(answer.status, endToEndHeaders(answer.headers), answer.body);
      }
      case 'status': {
        const headers: Record<string, string> = { ...json };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        const said = { error: { code: 'injected', message: `fault proxy: ${fault.status}` } };
        return reply(fault.status, headers, Buffer.from(JSON.stringify(said)));
      }
      case 'reset-before':
        req.socket.destroy();
        return;
      case 'lose-answer':
        await forward();
        req.socket.destroy();
        return;
      case 'duplicate': {
        let answer: Upstream;
        if (fault.concurrent) {
          const both = await Promise.all([forward(), forward()]);
          answer = both[1];
        } else {
          await forward();
          answer = await forward();
        }
        return reply(answer.status, endToEndHeaders(answer.headers), answer.body);
      }
      case 'malformed':
        return reply(200, json, Buffer.from('{"accepted": ["'));
      case 'oversized':
        return this.#oversized(res, record, fault.bytes, fault.declared);
      case 'rewrite': {
        const upstream = fault.forward ? await forward() : null;
        const parsed =
          upstream === null ? null : (JSON.parse(upstream.body.toString('utf8')) as unknown);
        const data = Buffer.from(JSON.stringify(fault.rewrite(ids, parsed)));
        return reply(200, json, data);
      }
    }
  }

  /** Writes filler at the kiosk's pace until `bytes` are out or the kiosk hangs up. */
  async #oversized(
    res: ServerResponse,
    record: ProxiedRequest,
    bytes: number,
    declared: boolean,
  ): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (declared) headers['content-length'] = String(bytes);
    res.writeHead(200, headers);
    const chunk = Buffer.alloc(64 * 1024, 0x20); // spaces: valid JSON whitespace, never ending
    chunk[0] = 0x5b; // '['
    while (record.bytesToKiosk < bytes && !res.destroyed) {
      const size = Math.min(chunk.length, bytes - record.bytesToKiosk);
      const more = res.write(size === chunk.length ? chunk : chunk.subarray(0, size));
      record.bytesToKiosk += size;
      if (!more) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.once('drain', done);
          res.once('close', done);
        });
      }
    }
    if (!res.destroyed) res.end();
  }

  #forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    return forwardRequest(this.#target, this.#agent, req, body);
  }
}
