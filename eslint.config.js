// ESLint flat config: typescript-eslint on every TypeScript file, plus the layering of
// design.md §2 as `no-restricted-imports` rules, so a wrong-way import fails the lint
// (test/unit/lint/layering.test.ts proves it).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];
const nodeModule = (name) => [name, `node:${name}`];

/** Patterns that a layer may not import, with the reason shown to the developer. */
const forbid = (groups) => ({
  'no-restricted-imports': ['error', { patterns: groups }],
});

const electron = {
  group: ['electron', 'electron/*'],
  message: 'Only main/ talks to Electron (design.md §2).',
};
const domLibs = {
  group: ['react', 'react-dom', 'react-dom/*'],
  message: 'Core code has no DOM/React (design.md §2).',
};

export const layering = [
  {
    // src/: core. No Electron, no DOM, no reaching up into devices, machines, main or renderer.
    files: ['src/**/*.ts'],
    rules: forbid([
      electron,
      domLibs,
      {
        group: ['**/devices/**', '**/machines/**', '**/main/**', '**/renderer/**'],
        message: 'src/ is the core: it imports no outer layer (design.md §2).',
      },
    ]),
  },
  {
    // renderer/: a view. No Node modules, no devices, no main, no store; only the DOM-free parts of src/.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    rules: forbid([
      electron,
      {
        group: NODE_BUILTINS.flatMap(nodeModule),
        message: 'The renderer has no Node: ask the host over the bridge (design.md §2).',
      },
      {
        group: [
          '**/devices/**',
          '**/machines/**',
          '**/main/**',
          '**/branch-service/**',
          '**/src/store/**',
          '**/src/sync/**',
          '**/src/config*',
        ],
        message:
          'The renderer only draws the view; it reaches the host through the bridge (design.md §2).',
      },
      {
        group: ['better-sqlite3', 'serialport', '@serialport/*', 'ws', '@electric-sql/*'],
        message: 'The renderer has no I/O (design.md §2).',
      },
    ]),
  },
  {
    // devices/: drivers and simulators. No Electron, nothing from machines, main or renderer.
    files: ['devices/**/*.ts'],
    rules: forbid([
      electron,
      domLibs,
      {
        group: ['**/machines/**', '**/main/**', '**/renderer/**'],
        message: 'devices/ knows nothing of flows or shells (design.md §2).',
      },
    ]),
  },
  {
    // machines/: pure XState. Effects arrive as injected actors; no I/O modules, no devices.
    files: ['machines/**/*.ts'],
    rules: forbid([
      electron,
      domLibs,
      {
        group: [
          '**/devices/**',
          '**/main/**',
          '**/renderer/**',
          '**/src/store/**',
          '**/src/sync/**',
        ],
        message: 'Machines receive devices, store and clients as injected actors (design.md §2).',
      },
      {
        group: ['better-sqlite3', 'serialport', '@serialport/*', 'ws', 'node:*'],
        message: 'Machines are pure: side effects live in actors given to setup() (design.md §2).',
      },
    ]),
  },
  {
    // branch-service/: a separate system; it shares only the contract types with the kiosk.
    files: ['branch-service/**/*.ts'],
    rules: forbid([
      electron,
      domLibs,
      {
        group: [
          '**/devices/**',
          '**/machines/**',
          '**/main/**',
          '**/renderer/**',
          '**/src/store/**',
          '**/src/sync/**',
        ],
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
