/**
 * The branch's customer-key secret on this kiosk (src/contract/customers.ts): asked of the branch
 * service until it answers once, then kept sealed in the store (src/store/customer-key.ts) and
 * held in memory for the identify feature. Until then the device secret keys the customer key
 * (the caller's fallback), so a card still tells itself apart on this kiosk offline.
 */
import { customerKeyId } from '../customer-key.js';
import { logEvent, type Logger } from '../log/index.js';
import type { CustomerKeySecret } from '../contract/customers.js';
import type { BranchCustomerKey, CustomerKeyStore } from '../store/index.js';

export interface CustomerKeyring {
  /** The branch's secret once known, else null. */
  secret(): Uint8Array | null;
  /** Asks the branch when the secret is not known yet; never rejects (failures are logged once). */
  fetch(): Promise<void>;
  /** Zeroes the secret held in memory (at stop). */
  forget(): void;
}

export function createCustomerKeyring(options: {
  readonly kept: CustomerKeyStore;
  readonly fetchSecret: () => Promise<CustomerKeySecret>;
  readonly logger: Logger;
}): CustomerKeyring {
  const { kept, fetchSecret, logger } = options;
  let held: BranchCustomerKey | null = null;
  try {
    held = kept.branchCustomerKey();
  } catch (error) {
    // A kept secret that does not open (a new device key): asked of the branch again.
    logEvent(logger, 'identify.customerKeyUnreadable', { reason: messageOf(error) });
  }
  let fetching: Promise<void> | null = null;
  let lastFailure: string | null = null;

  async function fetchOnce(): Promise<void> {
    try {
      const answer = await fetchSecret();
      const secret = Buffer.from(answer.secret, 'base64');
      if (customerKeyId(secret) !== answer.keyId) {
        throw new Error('the secret does not match its key id');
      }
      kept.keepBranchCustomerKey({ keyId: answer.keyId, secret });
      held = { keyId: answer.keyId, secret };
      lastFailure = null;
      logEvent(logger, 'identify.customerKeyReceived', { keyId: answer.keyId });
    } catch (error) {
      const reason = messageOf(error);
      if (reason !== lastFailure) {
        lastFailure = reason;
        logEvent(logger, 'identify.customerKeyPending', { reason });
      }
    }
  }

  return {
    secret: () => held?.secret ?? null,
    fetch() {
      if (held !== null) return Promise.resolve();
      fetching ??= fetchOnce().finally(() => {
        fetching = null;
      });
      return fetching;
    },
    forget() {
      held?.secret.fill(0);
      held = null;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
