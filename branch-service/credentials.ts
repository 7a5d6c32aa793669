/**
 * Kiosk credentials, kept in the database so every service instance on it knows the same
 * kiosks. Only the SHA-256 of a token is stored: a provisioned token is 256 random bits, so a
 * plain digest is as strong as a slow hash here, and checking it costs nothing per request.
 * The token itself is shown once, by the provisioning command (./kiosks-cli.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlExecutor } from './db.js';

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A new kiosk token: 32 random bytes, base64url (43 characters, safe in a header). */
export function newKioskToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Kiosk ids are chosen by people: bounded, printable, no spaces (they travel in a header). */
export function checkKioskId(kioskId: string): void {
  if (!/^[\x21-\x7e]{1,200}$/.test(kioskId)) {
    throw new Error(
      `"${kioskId.slice(0, 40)}" is not a usable kiosk id: use 1-200 printable ASCII ` +
        'characters without spaces, e.g. kiosk-07.',
    );
  }
}

/**
 * Stores `token` (its digest) as the credential of `kioskId`, replacing an earlier or revoked
 * one. Used by the provisioning command and for the kiosks a service is started with.
 */
export async function setKioskToken(
  db: SqlExecutor,
  kioskId: string,
  token: string,
): Promise<void> {
  checkKioskId(kioskId);
  if (token.trim() === '') throw new Error(`The token for kiosk ${kioskId} is empty.`);
  await db.query(
    `INSERT INTO kiosk_credentials (kiosk_id, token_sha256) VALUES ($1, $2)
     ON CONFLICT (kiosk_id) DO UPDATE SET token_sha256 = EXCLUDED.token_sha256,
       created_at = now(), revoked_at = NULL`,
    [kioskId, sha256(token)],
  );
}

/** Provisions `kioskId` with a new random token and returns it (shown once, stored hashed). */
export async function provisionKiosk(db: SqlExecutor, kioskId: string): Promise<string> {
  const token = newKioskToken();
  await setKioskToken(db, kioskId, token);
  return token;
}

/** Revokes a kiosk's credential; false when there was no active one. */
export async function revokeKiosk(db: SqlExecutor, kioskId: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE kiosk_credentials SET revoked_at = now()
     WHERE kiosk_id = $1 AND revoked_at IS NULL RETURNING kiosk_id`,
    [kioskId],
  );
  return rows.length > 0;
}

export interface KioskCredentialInfo {
  readonly kioskId: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Every kiosk ever provisioned, without any secret. */
export async function listKiosks(db: SqlExecutor): Promise<KioskCredentialInfo[]> {
  const rows = await db.query<{ kiosk_id: string; created: string; revoked: string | null }>(
    `SELECT kiosk_id,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created,
       to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS revoked
     FROM kiosk_credentials ORDER BY kiosk_id`,
  );
  return rows.map((r) => ({ kioskId: r.kiosk_id, createdAt: r.created, revokedAt: r.revoked }));
}

/** The stored digest of an active kiosk's token, or undefined (unknown or revoked kiosk). */
export async function activeTokenDigest(
  db: SqlExecutor,
  kioskId: string,
): Promise<Buffer | undefined> {
  const [row] = await db.query<{ token_sha256: Uint8Array }>(
    'SELECT token_sha256 FROM kiosk_credentials WHERE kiosk_id = $1 AND revoked_at IS NULL',
    [kioskId],
  );
  return row === undefined ? undefined : Buffer.from(row.token_sha256);
}

/** How many kiosks may connect now. */
export async function activeKioskCount(db: SqlExecutor): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM kiosk_credentials WHERE revoked_at IS NULL',
  );
  return row?.n ?? 0;
}
