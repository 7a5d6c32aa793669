import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumBinary, electronBinary } from '../../main/binaries.js';
import { tempDir } from '../support/temp-dir.js';

describe('shell binaries', () => {
  it('finds no Electron binary here, without trying to download one', () => {
    // The electron package is installed but its binary is not (it cannot be downloaded here).
    expect(electronBinary({})).toBeNull();
  });

  it('uses an Electron binary given by KIOSK_ELECTRON when it exists', () => {
    const file = path.join(tempDir('electron'), 'electron');
    writeFileSync(file, '');
    expect(electronBinary({ KIOSK_ELECTRON: file })).toBe(file);
    expect(electronBinary({ KIOSK_ELECTRON: `${file}-missing` })).toBeNull();
  });

  it('finds Chromium where KIOSK_CHROMIUM points, else Debian’s', () => {
    expect(chromiumBinary({ KIOSK_CHROMIUM: '/nonexistent/chromium' })).toBe('/usr/bin/chromium');
  });
});
