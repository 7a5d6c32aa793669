#!/usr/bin/env node
// Makes sure the system packages the test suite needs are present (README: `npm test`).
// As root on Debian it installs what is missing with apt-get; otherwise it names what to
// install and fails, so a missing package is a clear message, not a mysterious test failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
// fc-list (package fontconfig) may be absent on a minimal machine: fall back to known files.
const CJK_FONT_FILES = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
];
const hasCjkFont = () => {
  const out = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (out.status === 0 && out.stdout.trim().length > 0) return true;
  return CJK_FONT_FILES.some((f) => existsSync(f));
};

/** What the suite needs: a check, and the Debian package that satisfies it. */
const needs = [
  {
    what: 'socat (pseudo-terminal pairs for serial device tests)',
    pkg: 'socat',
    ok: () => has('socat'),
  },
  {
    what: 'Chromium (end-to-end tests)',
    pkg: 'chromium',
    ok: () => existsSync(process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium'),
  },
  { what: 'a CJK font (Chinese text in screenshots)', pkg: 'fonts-wqy-microhei', ok: hasCjkFont },
  {
    what: 'espeak-ng (voice prompts in Mandarin and English where Chromium has no voice)',
    pkg: 'espeak-ng',
    ok: () => has('espeak-ng'),
  },
];

const missing = needs.filter((n) => !n.ok());
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((n) => n.pkg);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  console.error('The test suite needs system packages that are missing:');
  for (const n of missing) console.error(`  - ${n.what}: package "${n.pkg}"`);
  console.error(`Install them, e.g.: sudo apt-get install -y ${pkgs.join(' ')}`);
  process.exit(1);
}

console.log(`Installing missing system packages: ${pkgs.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs], {
    stdio: 'inherit',
    env,
  });
} catch (error) {
  console.error(`apt-get could not install ${pkgs.join(' ')}: ${error.message}`);
  process.exit(1);
}
const still = missing.filter((n) => !n.ok());
if (still.length > 0) {
  console.error(`Still missing after apt-get: ${still.map((n) => n.pkg).join(' ')}`);
  process.exit(1);
}
