import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import type { KioskStore } from '../../../src/store/index.js';
import { PERSONAL } from './support.js';
import { removeTempDir, tempDir } from '../../support/temp-dir.js';

let dataDir: string;
let clock: Date;
let store: KioskStore;

beforeEach(() => {
  dataDir = tempDir('kiosk-config');
  clock = new Date(2025, 2, 4, 9, 30); // local time: the service day is 2025-03-04
  store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => clock });
});

afterEach(() => {
  store.close();
  removeTempDir(dataDir);
});

describe('config cache', () => {
  it('stores value, etag and fetch time; a 304 refreshes the time only', () => {
    expect(store.getCachedConfig('branch')).toBeUndefined();
    store.cacheConfig('branch', { businessTypes: [PERSONAL] }, '"v1"');
    expect(store.getCachedConfig('branch')).toEqual({
      value: { businessTypes: [PERSONAL] },
      etag: '"v1"',
      fetchedAt: clock.toISOString(),
    });
    clock = new Date(clock.getTime() + 60_000);
    expect(store.touchCachedConfig('branch')).toBe(true);
    expect(store.getCachedConfig('branch')).toMatchObject({
      etag: '"v1"',
      fetchedAt: clock.toISOString(),
    });
    expect(store.touchCachedConfig('other')).toBe(false);
    store.cacheConfig('branch', { businessTypes: [] }, null);
    expect(store.getCachedConfig('branch')?.etag).toBeNull();
  });
});
