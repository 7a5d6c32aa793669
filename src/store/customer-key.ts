/**
 * The branch's customer-key secret as this kiosk keeps it (src/contract/customers.ts): fetched
 * from the branch service once, then kept so the kiosk makes the branch's customer keys offline
 * too. It turns ID numbers into keys the branch can match, so it is kept like personal data:
 * sealed with the device key (./personal-data.ts) in the configuration cache, never in clear.
 */
import { StoreError } from './errors.js';
import type { StoreContext } from './transaction.js';

const CACHE_KEY = 'customerKeySecret';
/** The sealed value's associated data: a sealed secret copied to another row does not open. */
const SEALED_FOR = 'config_cache/customerKeySecret';

export interface BranchCustomerKey {
  readonly keyId: string;
  readonly secret: Buffer;
}

export interface CustomerKeyStore {
  /** The kept secret, or null before the branch has handed one over. */
  branchCustomerKey(): BranchCustomerKey | null;
  /** Keeps the branch's secret (replacing an older one: the branch's is the one that counts). */
  keepBranchCustomerKey(key: BranchCustomerKey): void;
}

export function createCustomerKeyStore(context: StoreContext): CustomerKeyStore {
  const { db, personalData, now } = context;
  const sql = {
    get: db.prepare('SELECT json FROM config_cache WHERE key = ?'),
    put: db.prepare(
      `INSERT INTO config_cache (key, json, etag, fetched_at) VALUES (?, ?, NULL, ?)
       ON CONFLICT (key) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at`,
    ),
  };
  return {
    branchCustomerKey() {
      const row = sql.get.get(CACHE_KEY) as { json: string } | undefined;
      if (row === undefined) return null;
      const kept = JSON.parse(row.json) as { keyId?: unknown; sealed?: unknown };
      if (typeof kept.keyId !== 'string' || typeof kept.sealed !== 'string') {
        throw new StoreError(
          'PERSONAL_DATA',
          'The kept customer-key secret is not in the expected form; it is fetched again from ' +
            'the branch service at the next start.',
        );
      }
      const secret = Buffer.from(personalData.open(kept.sealed, SEALED_FOR), 'base64');
      return { keyId: kept.keyId, secret };
    },
    keepBranchCustomerKey({ keyId, secret }) {
      const sealed = personalData.seal(secret.toString('base64'), SEALED_FOR);
      sql.put.run(CACHE_KEY, JSON.stringify({ keyId, sealed }), now().toISOString());
    },
  };
}
