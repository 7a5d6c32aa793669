// ESLint flat config: typescript-eslint on every TypeScript file, plus the layering of
// design.md §2 as `no-restricted-imports` rules, so a wrong-way import fails the lint
// (test/unit/lint/layering.test.ts proves it).
import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Every Node built-in. Bare names are matched exactly (as patterns, "domain" or "path" would
// also match our own folders); the node: prefix as a pattern.
const NODE_BUILTIN_NAMES = builtinModules.filter((m) => !m.startsWith('_'));
const NODE_BUILTINS = { names: NODE_BUILTIN_NAMES, group: ['node:*'] };

/** A folder as import patterns: the folder itself (resolved to its index) and anything inside. */
const folders = (...names) => names.flatMap((n) => [`**/${n}`, `**/${n}/**`]);

/**
 * What a layer may not import, with the reason shown to the developer. Each entry is a group of
 * gitignore-style patterns, optionally with exact module `names`.
 */
const forbid = (groups) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: groups.flatMap((g) => (g.names ?? []).map((name) => ({ name, message: g.message }))),
      patterns: groups.map(({ group, message }) => ({ group, message })),
    },
  ],
});

const electron = {
  group: ['electron', 'electron/*'],
  message: 'Only main/ talks to Electron (design.md §2).',
};
const domLibs = {
  group: ['react', 'react-dom', 'react-dom/*'],
  message: 'Core code has no DOM/React (design.md §2).',
};

const ioLibs = ['better-sqlite3', 'serialport', '@serialport/*', 'ws', '@electric-sql/*'];

// import() is not covered by no-restricted-imports: the layers that must stay pure (renderer,
// machines) have no reason to load code lazily, so it is refused there outright.
const noDynamicImport = {
  'no-restricted-syntax': [
    'error',
    {
      selector: 'ImportExpression',
      message:
        'No dynamic import() in this layer: it would bypass the layering rules (design.md §2).',
    },
  ],
};

const srcGroups = [
  electron,
  domLibs,
  {
    group: folders('devices', 'machines', 'main', 'renderer', 'branch-service'),
    message: 'src/ is the core: it imports no outer layer (design.md §2).',
  },
];

const bridgeGroups = [
  ...srcGroups,
  {
    ...NODE_BUILTINS,
    group: [...NODE_BUILTINS.group, ...ioLibs],
    message: 'The bridge contract is imported by the renderer: no Node, no I/O (design.md §2).',
  },
  {
    group: ['../store', '../store/**', '../sync', '../sync/**', '../config*'].flatMap((p) => [
      p,
      `../${p}`,
    ]),
    message:
      'The bridge contract is imported by the renderer: no store, sync or config (design.md §2).',
  },
];

/** The features, by their one name: every file in main/features/ but the shared feature.ts. */
const FEATURES = readdirSync(new URL('./main/features/', import.meta.url))
  .filter((file) => file.endsWith('.ts') && file !== 'feature.ts')
  .map((file) => file.slice(0, -'.ts'.length));

const rendererGroups = [
  electron,
  {
    ...NODE_BUILTINS,
    message: 'The renderer has no Node: ask the host over the bridge (design.md §2).',
  },
  {
    group: [
      ...folders('devices', 'machines', 'main', 'branch-service', 'src/store', 'src/sync'),
      '**/src/config*',
    ],
    message:
      'The renderer only draws the view; it reaches the host through the bridge (design.md §2).',
  },
  { group: ioLibs, message: 'The renderer has no I/O (design.md §2).' },
];

const machinesGroups = [
  electron,
  domLibs,
  {
    group: folders('devices', 'main', 'renderer', 'branch-service', 'src/store', 'src/sync'),
    message: 'Machines receive devices, store and clients as injected actors (design.md §2).',
  },
  {
    names: NODE_BUILTINS.names,
    group: [...ioLibs, ...NODE_BUILTINS.group],
    message: 'Machines are pure: side effects live in actors given to setup() (design.md §2).',
  },
];

/**
 * Inside machines/<feature>/ and renderer/screens/<feature>/: nothing from a sibling feature's
 * folder (`../other/...`); the shared parts one level up (../flow.js, ../types.js) and anything
 * further out (`../../src/...`) stay allowed. Adding a feature never edits another (§2.1).
 */
const featureIsolation = {
  group: ['../*/**', '!../../**'],
  message:
    'A feature never imports another feature: share through src/ or the flow contract (design.md §2.1).',
};

export const layering = [
  {
    // src/: core. No Electron, no DOM, no reaching up into devices, machines, main, renderer
    // or the branch service (a separate system).
    files: ['src/**/*.ts'],
    rules: forbid(srcGroups),
  },
  {
    // src/bridge/: the renderer imports it, so it holds schemas and pure functions only.
    files: ['src/bridge/**/*.ts'],
    rules: forbid(bridgeGroups),
  },
  {
    // src/bridge/features/: one file of commands and screens per feature, none importing another.
    files: ['src/bridge/features/*.ts'],
    rules: forbid([...bridgeGroups, { group: ['./*'], message: featureIsolation.message }]),
  },
  {
    // renderer/: a view. No Node, no devices, no main, no store; only the DOM-free parts of src/.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    rules: { ...forbid(rendererGroups), ...noDynamicImport },
  },
  {
    files: ['renderer/screens/*/**/*.ts', 'renderer/screens/*/**/*.tsx'],
    rules: { ...forbid([...rendererGroups, featureIsolation]), ...noDynamicImport },
  },
  {
    // devices/: drivers and simulators. No Electron, nothing from machines, main or renderer.
    files: ['devices/**/*.ts'],
    rules: forbid([
      electron,
      domLibs,
      {
        group: folders('machines', 'main', 'renderer', 'branch-service'),
        message: 'devices/ knows nothing of flows or shells (design.md §2).',
      },
    ]),
  },
  {
    // machines/: pure XState. Effects arrive as injected actors; no I/O modules, no devices.
    files: ['machines/**/*.ts'],
    rules: { ...forbid(machinesGroups), ...noDynamicImport },
  },
  {
    files: ['machines/*/**/*.ts'],
    rules: { ...forbid([...machinesGroups, featureIsolation]), ...noDynamicImport },
  },
  // main/features/<name>.ts: built from the infrastructure and its own machines/<name>/, never
  // from another feature's file or machine.
  ...FEATURES.map((name) => ({
    files: [`main/features/${name}.ts`],
    rules: forbid([
      {
        group: ['./*', '!./feature.js', '../../machines/*/**', `!../../machines/${name}/**`],
        message: featureIsolation.message,
      },
    ]),
  })),
  {
    // branch-service/: a separate system; it shares only the contract types with the kiosk.
    files: ['branch-service/**/*.ts'],
    rules: forbid([
      electron,
      domLibs,
      {
        group: folders('devices', 'machines', 'main', 'renderer', 'src/store', 'src/sync'),
        message: 'The branch service shares only src/contract with the kiosk (design.md §2).',
      },
    ]),
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.kiosk-data/**',
      'test-results/**',
      'test/fixtures/lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...layering,
);
