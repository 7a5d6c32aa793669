/**
 * What a route of the branch service is, free of any server framework: its method and path, the
 * zod schemas of what it accepts and answers (from src/contract), who may call it, and a handler
 * that turns a checked request into a reply. ./routes.ts lists them; ./app.ts serves them with
 * Fastify; ./openapi.ts documents them. A new endpoint is one entry in ./routes.ts.
 */
import type { z } from 'zod';
import type { Logger } from '../src/log/index.js';
import type { KioskAuth } from './auth.js';
import type { BranchConfigSource } from './branch-config-source.js';
import type { BranchDatabase } from './db.js';
import type { RequestHeaders } from './http.js';
import type { ReminderQueue } from './reminders.js';

/** What every handler may use; built once per service instance. */
export interface RouteContext {
  readonly db: BranchDatabase;
  readonly auth: KioskAuth;
  readonly log: Logger;
  /**
   * The branch configuration served now, already checked with the contract's schema. Read it
   * per request (`branchConfig.current().config`), never once per handler: a reloaded file
   * replaces it while the service runs.
   */
  readonly branchConfig: BranchConfigSource;
  /** The SMS reminder queue (./reminders.ts), evaluated when the queue moves; absent: none. */
  readonly reminders?: ReminderQueue;
}

/** A schema as the OpenAPI document names it (components.schemas). */
export interface NamedSchema {
  readonly name: string;
  readonly schema: z.ZodType;
}

/**
 * Who may call: a provisioned kiosk; anyone (credentials are checked when sent); or the public
 * (a customer's phone: credentials are not looked at, the request carries its own capability).
 */
export type RouteAuth = 'kiosk' | 'optional' | 'public';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRequest<Body, Kiosk extends string | undefined> {
  /** The authenticated kiosk (always set on 'kiosk' routes). */
  readonly kioskId: Kiosk;
  /** The body, checked with the route's body schema. */
  readonly body: Body;
  /** Path parameters (`/v1/tickets/:id` → { id }), checked with `params` when given. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: RequestHeaders;
}

export interface RouteReply {
  readonly status: number;
  /** Sent as JSON; a string is taken as JSON text already serialised. None for 204/304. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body that is not JSON (the follow page's HTML): sent as given, with this type. */
  readonly contentType?: string;
}

export interface ResponseSpec {
  readonly description: string;
  readonly schema?: NamedSchema;
  /** A body without a schema, documented by its media type (e.g. text/html). */
  readonly mediaType?: string;
  /** Response header name → what it says. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteSpec<S extends z.ZodType | undefined, A extends RouteAuth> {
  readonly method: HttpMethod;
  /** Fastify syntax for parameters: /v1/tickets/:id */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly auth: A;
  readonly body?: {
    /** What the request is checked with before the handler runs. */
    readonly schema: NonNullable<S>;
    /** The error code of a 400 for a body that fails it. Default INVALID_REQUEST. */
    readonly invalidCode?: string;
    /**
     * What the document shows, when the check is deliberately looser than the contract (a batch
     * is checked as an envelope, then item by item, so one bad item is rejected alone).
     */
    readonly documented: NamedSchema;
  };
  /** Path parameters, each a string schema. */
  readonly params?: z.ZodObject<Record<string, z.ZodType<string>>>;
  readonly query?: z.ZodObject<Record<string, z.ZodType<string | undefined>>>;
  /** Status → answer; 401 is added for 'kiosk' routes, 400 where anything is checked. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  readonly handler: (
    context: RouteContext,
  ) => (
    request: RouteRequest<
      S extends z.ZodType ? z.output<S> : undefined,
      A extends 'kiosk' ? string : string | undefined
    >,
  ) => Promise<RouteReply> | RouteReply;
}

/** A route with its types erased, as the table holds it. */
export type AnyRoute = RouteSpec<z.ZodType | undefined, RouteAuth>;

/** Declares a route; the types of its handler's request follow from its schemas. */
export function defineRoute<
  S extends z.ZodType | undefined = undefined,
  A extends RouteAuth = RouteAuth,
>(spec: RouteSpec<S, A>): AnyRoute {
  return spec as unknown as AnyRoute;
}

/** `{ name, schema }`, for a route's response or body. */
export const named = (name: string, schema: z.ZodType): NamedSchema => ({ name, schema });
