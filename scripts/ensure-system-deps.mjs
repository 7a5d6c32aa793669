#!/usr/bin/env node
// Makes sure the system packages the test suite needs are present (README: `npm test`).
// As root on Debian it installs what is missing with apt-get; otherwise it names what to
// install and fails, so a missing package is a clear message, not a mysterious test failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Debian 12's postgresql package; test/support/postgres.ts runs initdb and pg_ctl from here.
const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

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
  {
    what: 'PostgreSQL 15 (branch service tests start their own server from its programs)',
    pkg: 'postgresql',
    ok: () => existsSync(`${process.env.KIOSK_POSTGRES_BIN ?? POSTGRES_BIN}/initdb`),
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
// Debian's package creates and starts a cluster (port 5432) as a system service. The tests start
// their own server on a free port, so the package's cluster is stopped and kept from starting
// at boot: nothing is left listening.
if (pkgs.includes('postgresql')) stopDebianPostgresCluster();

const still = missing.filter((n) => !n.ok());
if (still.length > 0) {
  console.error(`Still missing after apt-get: ${still.map((n) => n.pkg).join(' ')}`);
  process.exit(1);
}

function stopDebianPostgresCluster() {
  const quiet = { stdio: 'ignore', env };
  if (has('systemctl')) spawnSync('systemctl', ['disable', '--now', 'postgresql'], quiet);
  if (!has('pg_lsclusters')) return;
  const list = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  for (const line of (list.stdout ?? '').split('\n')) {
    const [version, cluster, , status] = line.trim().split(/\s+/);
    if (status === 'online') spawnSync('pg_ctlcluster', [version, cluster, 'stop'], quiet);
  }
  // Not at boot either, where the service manager is not systemd.
  if (has('update-rc.d')) spawnSync('update-rc.d', ['postgresql', 'disable'], quiet);
}
