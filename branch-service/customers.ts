/**
 * Customers known by their ID card's customer key (src/contract/customers.ts), framework-free:
 * the branch's customer-key secret handed to its kiosks, the VIP lookup a kiosk makes when a
 * card is read, and the demo/test way to mark a VIP. An ID number sent to the booking or VIP
 * routes is turned into its key here at once and never stored or logged.
 */
import { randomBytes } from 'node:crypto';
import type {
  CustomerKeySecret,
  CustomerLookupAnswer,
  VipCustomer,
  VipCustomerRequest,
} from '../src/contract/customers.js';
import { CUSTOMER_KEY_SECRET_BYTES } from '../src/contract/customers.js';
import { customerKeyId, customerKeyOf } from '../src/customer-key.js';
import type { SqlExecutor } from './db.js';

/** One read per database: the secret never changes once made. */
const secrets = new WeakMap<SqlExecutor, Promise<Buffer>>();

/**
 * The branch's customer-key secret, made at the first call on a new database. Two instances
 * starting at once both insert; the primary key keeps the first, and both read that one.
 */
export function branchCustomerSecret(db: SqlExecutor): Promise<Buffer> {
  let secret = secrets.get(db);
  if (secret === undefined) {
    secret = (async () => {
      await db.query(
        `INSERT INTO branch_secrets (purpose, secret) VALUES ('customerKey', $1)
         ON CONFLICT (purpose) DO NOTHING`,
        [randomBytes(CUSTOMER_KEY_SECRET_BYTES)],
      );
      const [row] = await db.query<{ secret: Uint8Array }>(
        `SELECT secret FROM branch_secrets WHERE purpose = 'customerKey'`,
      );
      return Buffer.from(row!.secret);
    })();
    // A failed read (database down) is not remembered: the next request tries again.
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

export async function customerKeySecret(db: SqlExecutor): Promise<CustomerKeySecret> {
  const secret = await branchCustomerSecret(db);
  return { keyId: customerKeyId(secret), secret: secret.toString('base64') };
}

/** The key for an ID number under the branch's secret. */
export async function branchCustomerKey(db: SqlExecutor, idNumber: string): Promise<string> {
  return customerKeyOf(idNumber, await branchCustomerSecret(db));
}

export async function lookupCustomer(
  db: SqlExecutor,
  customerKey: string,
): Promise<CustomerLookupAnswer> {
  const rows = await db.query('SELECT 1 FROM vip_customers WHERE customer_key = $1', [customerKey]);
  return { vip: rows.length > 0 };
}

/** Marks a VIP customer; marking one again changes nothing. */
export async function addVipCustomer(
  db: SqlExecutor,
  request: VipCustomerRequest,
): Promise<VipCustomer> {
  const customerKey =
    'idNumber' in request ? await branchCustomerKey(db, request.idNumber) : request.customerKey;
  await db.query(
    'INSERT INTO vip_customers (customer_key) VALUES ($1) ON CONFLICT (customer_key) DO NOTHING',
    [customerKey],
  );
  return { customerKey };
}
