/**
 * The layering of design.md §2 is enforced by ESLint; this proves the rules bite: a wrong-way
 * import in each layer fails the lint, and the allowed ones pass.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../../..') });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layering lint (design.md §2)', () => {
  it.each([
    [
      'renderer/Screen.tsx',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;",
    ],
    [
      'renderer/Screen.tsx',
      "import { x } from '../devices/printer/escpos.js';\nexport const y = x;",
    ],
    [
      'renderer/Screen.tsx',
      "import { openStore } from '../src/store/index.js';\nexport const y = openStore;",
    ],
    ['renderer/Screen.tsx', "import { app } from 'electron';\nexport const y = app;"],
    ['src/domain/rule.ts', "import { app } from 'electron';\nexport const y = app;"],
    ['src/domain/rule.ts', "import { x } from '../../machines/ticket.js';\nexport const y = x;"],
    ['devices/printer/x.ts', "import { x } from '../../machines/ticket.js';\nexport const y = x;"],
    ['machines/flow.ts', "import { x } from '../devices/printer/driver.js';\nexport const y = x;"],
    ['machines/flow.ts', "import { x } from '../src/store/index.js';\nexport const y = x;"],
    ['machines/flow.ts', "import fs from 'node:fs';\nexport const y = fs;"],
    ['branch-service/x.ts', "import { x } from '../src/store/index.js';\nexport const y = x;"],
    // Gaps a review found: bare built-ins, every node: module, folder imports, the branch service.
    ['machines/flow.ts', "import fs from 'fs';\nexport const y = fs;"],
    ['machines/flow.ts', "import { x } from '../branch-service/server.js';\nexport const y = x;"],
    ['renderer/Screen.tsx', "import vm from 'node:vm';\nexport const y = vm;"],
    [
      'renderer/Screen.tsx',
      "import { createRequire } from 'node:module';\nexport const y = createRequire;",
    ],
    [
      'renderer/Screen.tsx',
      "import { openStore } from '../src/store';\nexport const y = openStore;",
    ],
    ['renderer/Screen.tsx', "import { x } from '../devices';\nexport const y = x;"],
    [
      'src/domain/rule.ts',
      "import { x } from '../../branch-service/server.js';\nexport const y = x;",
    ],
    ['src/domain/rule.ts', "import { x } from '../../devices';\nexport const y = x;"],
    ['devices/printer/x.ts', "import { x } from '../../machines';\nexport const y = x;"],
    // Features stay apart (design.md §2.1), in each layer that has a folder per feature.
    ['machines/ticket/x.ts', "import { x } from '../eform/machine.js';\nexport const y = x;"],
    ['machines/ticket/x.ts', "import { x } from '../../src/store/index.js';\nexport const y = x;"],
    [
      'renderer/screens/ticket/X.tsx',
      "import { x } from '../eform/FormScreen.js';\nexport const y = x;",
    ],
    ['renderer/screens/ticket/X.tsx', "import fs from 'node:fs';\nexport const y = fs;"],
    ['main/features/ticket.ts', "import { x } from './eform.js';\nexport const y = x;"],
    [
      'main/features/ticket.ts',
      "import { x } from '../../machines/eform/index.js';\nexport const y = x;",
    ],
    ['src/bridge/features/ticket.ts', "import { x } from './eform.js';\nexport const y = x;"],
    [
      'src/bridge/features/ticket.ts',
      "import { x } from '../../store/index.js';\nexport const y = x;",
    ],
  ])('refuses the forbidden import in %s', async (filePath, code) => {
    const messages = await restrictedImports(filePath, code);
    expect(messages.length, `${filePath}: ${code}`).toBe(1);
    expect(messages[0]).toMatch(/design\.md §2/);
  });

  it.each([
    [
      'renderer/Screen.tsx',
      "import type { KioskView } from '../src/bridge/contract.js';\nexport type V = KioskView;",
    ],
    [
      'machines/flow.ts',
      "import type { Ticket } from '../src/domain/ticket.js';\nexport type T = Ticket;",
    ],
    ['main/wire.ts', "import { x } from '../devices/printer/driver.js';\nexport const y = x;"],
    [
      'branch-service/x.ts',
      "import type { BatchRequest } from '../src/contract/sync.js';\nexport type B = BatchRequest;",
    ],
    ['machines/ticket/x.ts', "import { x } from '../flow.js';\nexport const y = x;"],
    ['machines/ticket/x.ts', "import { x } from './machine.js';\nexport const y = x;"],
    [
      'machines/ticket/x.ts',
      "import type { Ticket } from '../../src/domain/ticket.js';\nexport type T = Ticket;",
    ],
    ['renderer/screens/ticket/X.tsx', "import { x } from '../types.js';\nexport const y = x;"],
    [
      'renderer/screens/ticket/X.tsx',
      "import { x } from '../../components/icons.js';\nexport const y = x;",
    ],
    ['main/features/ticket.ts', "import { x } from './feature.js';\nexport const y = x;"],
    ['main/features/ticket.ts', "import { x } from '../devices.js';\nexport const y = x;"],
    [
      'main/features/ticket.ts',
      "import { x } from '../../machines/ticket/index.js';\nexport const y = x;",
    ],
    ['src/bridge/features/ticket.ts', "import { x } from '../common.js';\nexport const y = x;"],
  ])('allows the import in %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([]);
  });
});
