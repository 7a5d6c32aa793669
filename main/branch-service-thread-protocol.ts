/**
 * The messages between the kiosk's main thread and the thread that runs its embedded branch
 * service (./branch-service-thread.ts, ./branch-service-thread-main.ts). Customers talk to the
 * service over HTTP on loopback as before; these carry only its start, its log lines, SQL for
 * tests and operations (BranchService.query / .db), and its close.
 */
import { z } from 'zod';
import type { Immutable } from '../src/contract/fields.js';
import { BranchConfigSchema } from '../src/contract/sync.js';
import type { ReloadTrigger } from '../branch-service/branch-config-source.js';

/** What the thread is started with (workerData). */
export const ThreadStartSchema = z.object({
  port: z.number().int().min(0).max(65_535),
  dataDir: z.string().min(1),
  /** The branch configuration file (kiosk branchService.branchConfigFile), checked before start. */
  branchConfigFile: z.string().min(1).optional(),
  kiosks: z.record(z.string(), z.string()),
  /** The kiosk logger's level: the SMS gateway's lines follow it; the service's own are warn+. */
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
});
export type ThreadStart = z.infer<typeof ThreadStartSchema>;

/** The thread's level for the kiosk logger's (pino's 'silent', or a custom one: fatal only). */
export function threadLogLevel(level: string): ThreadStart['logLevel'] {
  const parsed = ThreadStartSchema.shape.logLevel.safeParse(level);
  return parsed.success ? parsed.data : 'fatal';
}

/** SQL asked of the service's database; `tx` runs it inside an open transaction. */
export type ThreadRequest =
  | {
      readonly type: 'query';
      readonly id: number;
      readonly sql: string;
      readonly params: unknown[];
      readonly tx?: number;
    }
  | { readonly type: 'exec'; readonly id: number; readonly script: string }
  /** Opens a transaction; answered (with `id`) once it is open. */
  | { readonly type: 'begin'; readonly id: number }
  /** Ends transaction `tx`: committed, or rolled back when `commit` is false. */
  | { readonly type: 'end'; readonly id: number; readonly tx: number; readonly commit: boolean }
  /** Reads the branch configuration file again (BranchService.reloadBranchConfig). */
  | { readonly type: 'reload'; readonly id: number; readonly trigger?: ReloadTrigger }
  | { readonly type: 'close' };

const ErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  // PostgreSQL's SQLSTATE, when the database refused (e.g. 23505 for a unique violation).
  code: z.string().optional(),
});
export type ThreadError = z.infer<typeof ErrorSchema>;

export const ThreadMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('up'),
    url: z.string().url(),
    port: z.number().int(),
    // The configuration served now (BranchService.branchConfig(), synchronous on the host).
    branchConfig: BranchConfigSchema,
  }),
  /** A reload of the branch configuration file served a new configuration. */
  z.object({ type: z.literal('branchConfig'), branchConfig: BranchConfigSchema }),
  z.object({ type: z.literal('failed'), error: ErrorSchema }),
  /** One pino line of the service (JSON), to be logged by the kiosk's own logger. */
  z.object({ type: z.literal('log'), line: z.string() }),
  z.object({ type: z.literal('result'), id: z.number().int(), rows: z.array(z.unknown()) }),
  z.object({ type: z.literal('error'), id: z.number().int(), error: ErrorSchema }),
  z.object({ type: z.literal('closed') }),
]);
// Read-only, as the contract's types are (a BranchConfig is posted as the service holds it).
export type ThreadMessage = Immutable<z.infer<typeof ThreadMessageSchema>>;

/** An error as it crosses the thread boundary (structured clone keeps only name and message). */
export function threadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
  };
}
