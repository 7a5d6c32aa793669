/** The device secret: 32 random bytes, 0600, made once, read back the same, refused when damaged. */
import { statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_SECRET_FILE, loadDeviceSecret, StoreError } from '../../../src/store/index.js';
import { removeTempDirs, tempDir } from '../../support/temp-dir.js';

afterEach(removeTempDirs);
const secretDir = () => tempDir('kiosk-secret');

describe('device secret', () => {
  it('is made at the first start, 32 bytes, readable by the kiosk user only, and kept', () => {
    const dir = secretDir();
    const first = loadDeviceSecret(dir);
    expect(first).toHaveLength(32);
    expect(first.some((b) => b !== 0)).toBe(true);
    expect(statSync(join(dir, DEVICE_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(loadDeviceSecret(dir).equals(first)).toBe(true);
    // Another kiosk's data folder gets its own.
    expect(loadDeviceSecret(secretDir()).equals(first)).toBe(false);
  });

  it('tightens a file opened to others, and refuses one of the wrong size without replacing it', () => {
    const dir = secretDir();
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
