import { resolve } from 'node:path';

/**
 * The development credential used when BRANCH_SERVICE_KIOSKS is not set and no kiosk has been
 * provisioned. Never in production.
 */
export const DEV_KIOSK_ID = 'kiosk-dev';
export const DEV_KIOSK_TOKEN = 'dev-token';

export interface BranchServiceEnv {
  readonly host: string;
  readonly port: number;
  /** undefined = in-memory database, lost on exit. */
  readonly dataDir: string | undefined;
  /** A PostgreSQL server (postgres://…) instead of the embedded database; wins over dataDir. */
  readonly databaseUrl?: string | undefined;
  readonly kiosks: Record<string, string>;
  /** True when the built-in development credential is in use. */
  readonly usingDevKiosk: boolean;
  /** Days personal data is kept (./retention.ts); undefined = the default. */
  readonly personalDataDays?: number | undefined;
  /**
   * The branch configuration file (./branch-config-file.ts), an absolute path; undefined = the
   * sample configuration (./defaults.ts), with a warning at start.
   */
  readonly branchConfigFile?: string | undefined;
}

/**
 * Reads BRANCH_SERVICE_HOST (default 127.0.0.1), BRANCH_SERVICE_PORT (default 8787),
 * BRANCH_SERVICE_DATA (folder for a persistent embedded database), BRANCH_SERVICE_DATABASE_URL
 * (a PostgreSQL server instead) and BRANCH_SERVICE_KIOSKS (`id:token,id2:token2`, provisioned
 * at start; kiosks are better provisioned with `npm run branch-service:kiosks`) and
 * BRANCH_SERVICE_PERSONAL_DATA_DAYS (how long feedback comments and appointment customer keys
 * are kept; default 30) and BRANCH_SERVICE_BRANCH_CONFIG (the branch configuration file,
 * relative to `cwd`). Throws with a message naming the variable to fix.
 */
export function readBranchServiceEnv(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): BranchServiceEnv {
  const portText = env.BRANCH_SERVICE_PORT?.trim() || '8787';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`BRANCH_SERVICE_PORT must be a port number 0-65535, got "${portText}".`);
  }
  const kiosksText = env.BRANCH_SERVICE_KIOSKS?.trim();
  const kiosks = kiosksText
    ? parseKioskCredentials(kiosksText)
    : { [DEV_KIOSK_ID]: DEV_KIOSK_TOKEN };
  const daysText = env.BRANCH_SERVICE_PERSONAL_DATA_DAYS?.trim();
  if (daysText && !(/^\d+$/.test(daysText) && Number(daysText) >= 1)) {
    throw new Error(
      `BRANCH_SERVICE_PERSONAL_DATA_DAYS must be a whole number of days, at least 1, got "${daysText}".`,
    );
  }
  const branchConfigText = env.BRANCH_SERVICE_BRANCH_CONFIG?.trim();
  return {
    host: env.BRANCH_SERVICE_HOST?.trim() || '127.0.0.1',
    port,
    dataDir: env.BRANCH_SERVICE_DATA?.trim() || undefined,
    databaseUrl: env.BRANCH_SERVICE_DATABASE_URL?.trim() || undefined,
    kiosks,
    usingDevKiosk: !kiosksText,
    personalDataDays: daysText ? Number(daysText) : undefined,
    branchConfigFile: branchConfigText ? resolve(cwd, branchConfigText) : undefined,
  };
}

/** `id:token,id2:token2` → { id: token, id2: token2 }. The token may itself contain ':'. */
export function parseKioskCredentials(text: string): Record<string, string> {
  const kiosks: Record<string, string> = {};
  for (const [index, entry] of text.split(',').entries()) {
    const trimmed = entry.trim();
    const colon = trimmed.indexOf(':');
    const id = colon > 0 ? trimmed.slice(0, colon).trim() : '';
    const token = colon > 0 ? trimmed.slice(colon + 1).trim() : '';
    // The message names the entry by position, never by content: it may hold a token.
    if (id === '' || token === '') {
      throw new Error(
        `BRANCH_SERVICE_KIOSKS entry ${index + 1} is not "kioskId:token" (format: ` +
          '"id:token,id2:token2").',
      );
    }
    if (Object.hasOwn(kiosks, id)) {
      throw new Error(`BRANCH_SERVICE_KIOSKS lists kiosk "${id}" twice.`);
    }
    kiosks[id] = token;
  }
  return kiosks;
}
