/**
 * The branch's customer-key secret on the kiosk: asked of the branch until it answers once, kept
 * sealed in the store (a restart reads it back without asking), refused when it does not match
 * its key id, and a failing branch reported once per reason.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { customerKeyId } from '../../../src/customer-key.js';
import { createMemoryLog } from '../../../src/log/index.js';
import { createCustomerKeyStore, openStore } from '../../../src/store/index.js';
import { createCustomerKeyring } from '../../../src/sync/customer-keyring.js';
import { cleanUp, inspectDb, tempDir } from '../store/support.js';

afterEach(cleanUp);

const SECRET = randomBytes(32);
const ANSWER = { keyId: customerKeyId(SECRET), secret: SECRET.toString('base64') };

describe('customer keyring', () => {
  it('asks until the branch answers, keeps the secret sealed, and reads it back after a restart', async () => {
    const dataDir = tempDir('keyring');
    const log = createMemoryLog();
    const store = openStore({ dataDir, kioskId: 'kiosk-1' });
    let asked = 0;
    const answers = [
      () => Promise.reject(new Error('connection refused')),
      () => Promise.resolve(ANSWER),
    ];
    const keyring = createCustomerKeyring({
      kept: store.featureStore(createCustomerKeyStore),
      fetchSecret: () => {
        asked += 1;
        return answers.shift()!();
      },
      logger: log.logger,
    });
    expect(keyring.secret()).toBeNull();
    await keyring.fetch();
    await Promise.all([keyring.fetch(), keyring.fetch()]); // one request for both
    expect(asked).toBe(2);
    expect(Buffer.from(keyring.secret()!).equals(SECRET)).toBe(true);
    await keyring.fetch(); // known: not asked again
    expect(asked).toBe(2);
    expect(log.named('identify.customerKeyPending')).toHaveLength(1);
    expect(log.named('identify.customerKeyReceived')).toEqual([
      expect.objectContaining({ keyId: ANSWER.keyId }),
    ]);
    store.close();

    // On disk only sealed: neither the bytes nor their base64 in the database file.
    const raw = inspectDb(dataDir, (db) =>
      JSON.stringify(db.prepare('SELECT * FROM config_cache').all()),
    );
    expect(raw).not.toContain(ANSWER.secret);

    const again = openStore({ dataDir, kioskId: 'kiosk-1' });
    const restarted = createCustomerKeyring({
      kept: again.featureStore(createCustomerKeyStore),
      fetchSecret: () => Promise.reject(new Error('must not be asked')),
      logger: log.logger,
    });
    expect(Buffer.from(restarted.secret()!).equals(SECRET)).toBe(true);
    restarted.forget();
    expect(restarted.secret()).toBeNull();
    again.close();
  });

  it('refuses a secret that does not match its key id, and keeps asking', async () => {
    const store = openStore({ dataDir: tempDir('keyring'), kioskId: 'kiosk-1' });
    const log = createMemoryLog();
    const keyring = createCustomerKeyring({
      kept: store.featureStore(createCustomerKeyStore),
      fetchSecret: () => Promise.resolve({ ...ANSWER, keyId: '0'.repeat(16) }),
      logger: log.logger,
    });
    await keyring.fetch();
    await keyring.fetch();
    expect(keyring.secret()).toBeNull();
    expect(log.named('identify.customerKeyPending')).toHaveLength(1);
    store.close();
  });
});
