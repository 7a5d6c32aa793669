/**
 * Runs in every vitest test file (setupFiles): the folders test/support/temp-dir.ts made are
 * removed after the file's last test, passed, failed or timed out. Registered first, so with
 * vitest's stacked hooks it runs after the file's own afterAll (kiosks stopped, databases closed).
 */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

afterAll(() => removeTempDirs());
