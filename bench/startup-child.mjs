// One host start in a fresh process (bench/startup.mjs): startKioskHost on argv[2] as the data
// folder, with the embedded branch service, no shell. Prints one JSON line of times in ms since
// the process started (performance.now()), then stops the kiosk.
const processStartToImport = performance.now();
const { startKioskHost } = await import('../dist/main/kiosk.js');
const { defaultConfig } = await import('../dist/src/config.js');
const { createLogger } = await import('../dist/src/log/index.js');
const imported = performance.now();

const config = {
  ...defaultConfig(process.argv[2]),
  shell: { port: 0, launchBrowser: false },
  idReader: { kind: 'none' },
};
const called = performance.now();
const host = await startKioskHost(config, { logger: createLogger({ level: 'silent' }) });
const interactive = performance.now();
const screen = host.bridge.view().screen;
const serviceUpAtInteractive = host.kiosk?.branchService != null;
await host.kiosk.branchServiceUp();
const serviceUp = performance.now();
await host.stop();
console.log(
  JSON.stringify({
    screen,
    serviceUpAtInteractive,
    processStartToImportMs: processStartToImport,
    importMs: imported - processStartToImport,
    hostStartToAttractMs: interactive - called,
    processStartToAttractMs: interactive,
    hostStartToServiceUpMs: serviceUp - called,
  }),
);
