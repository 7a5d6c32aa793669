/** The device secret: 32 random bytes, 0600, made once, read back the same, refused when damaged. */
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_SECRET_FILE, loadDeviceSecret, StoreError } from '../../../src/store/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-secret-'));
  dirs.push(dir);
  return dir;
};

describe('device secret', () => {
  it('is made at the first start, 32 bytes, readable by the kiosk user only, and kept', () => {
    const dir = tempDir();
    const first = loadDeviceSecret(dir);
    expect(first).toHaveLength(32);
    expect(first.some((b) => b !== 0)).toBe(true);
    expect(statSync(join(dir, DEVICE_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(loadDeviceSecret(dir).equals(first)).toBe(true);
    // Another kiosk's data folder gets its own.
    expect(loadDeviceSecret(tempDir()).equals(first)).toBe(false);
  });

  it('tightens a file opened to others, and refuses one of the wrong size without replacing it', () => {
    const dir = tempDir();
    const file = join(dir, DEVICE_SECRET_FILE);
    loadDeviceSecret(dir);
    chmodSync(file, 0o644);
    loadDeviceSecret(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    writeFileSync(file, Buffer.alloc(5));
    expect(() => loadDeviceSecret(dir)).toThrow(StoreError);
    expect(() => loadDeviceSecret(dir)).toThrow(/5 bytes instead of 32/);
    expect(statSync(file).size).toBe(5);
  });
});
