/**
 * The provisioning command: `npm run branch-service:kiosks -- add|revoke|list [kioskId]`.
 * It works on the database the service uses (BRANCH_SERVICE_DATABASE_URL, else the embedded
 * database in BRANCH_SERVICE_DATA). A new token is printed once and stored only as a digest.
 */
import { readBranchServiceEnv } from './config.js';
import { listKiosks, provisionKiosk, revokeKiosk } from './credentials.js';
import { databaseFromEnv } from './env-database.js';
import { prepareBranchDatabase } from './server.js';

export const KIOSKS_USAGE = [
  'usage: npm run branch-service:kiosks -- <command>',
  '  add <kioskId>     provision a kiosk (or give it a new token); prints the token once',
  '  revoke <kioskId>  refuse the kiosk from now on',
  '  list              the kiosks and whether they are active (no secrets)',
  "The database is the service's: BRANCH_SERVICE_DATABASE_URL, else BRANCH_SERVICE_DATA. An",
  'embedded database (BRANCH_SERVICE_DATA) opens in one process at a time: stop the service first.',
].join('\n');

export interface CommandOutput {
  /** What the operator needs (the token): stdout. */
  out(line: string): void;
  /** Everything else: stderr. */
  err(line: string): void;
}

/** Runs the command; resolves to the process exit code. */
export async function runKiosksCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  output: CommandOutput,
): Promise<number> {
  const [command, kioskId, ...extra] = args;
  const needsId = command === 'add' || command === 'revoke';
  const known = needsId || command === 'list';
  if (!known || (needsId && kioskId === undefined) || extra.length > 0 || (!needsId && kioskId)) {
    output.err(KIOSKS_USAGE);
    return 2;
  }
  const settings = readBranchServiceEnv(env);
  if (settings.databaseUrl === undefined && settings.dataDir === undefined) {
    output.err(
      'Neither BRANCH_SERVICE_DATABASE_URL nor BRANCH_SERVICE_DATA is set: a kiosk provisioned ' +
        'in an in-memory database would be lost at once. Set the one the service uses.',
    );
    return 2;
  }
  const db = await prepareBranchDatabase(databaseFromEnv(settings));
  try {
    if (command === 'add') {
      const token = await provisionKiosk(db, kioskId!);
      output.err(
        `Kiosk ${kioskId} provisioned. Put this token in the kiosk's configuration ` +
          '(kioskToken); it is shown only now and stored only as a digest:',
      );
      output.out(token);
    } else if (command === 'revoke') {
      if (!(await revokeKiosk(db, kioskId!))) {
        output.err(`Kiosk ${kioskId} has no active credential: nothing to revoke.`);
        return 1;
      }
      output.err(`Kiosk ${kioskId} revoked: its requests are refused from now on.`);
    } else {
      for (const kiosk of await listKiosks(db)) {
        const state = kiosk.revokedAt === null ? 'active' : `revoked ${kiosk.revokedAt}`;
        output.out(`${kiosk.kioskId}\tprovisioned ${kiosk.createdAt}\t${state}`);
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}
