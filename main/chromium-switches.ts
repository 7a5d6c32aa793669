/**
 * The Chromium switches every kiosk browser runs with: the browser shell's Chromium
 * (main/start.ts), Electron's own Chromium (main/electron-main.ts, before `ready`), and the
 * Chromium the benches and end-to-end tests drive (bench/kiosk-page.mjs, playwright.config.ts),
 * so what is measured is what ships. Only documented switches and Chromium feature flags belong
 * here, never a testing-only one.
 *
 * `--disable-features=DeferRendererTasksAfterInput` (issue 8, tap → next screen drawn): since
 * that feature became Chromium's default, the renderer's scheduler disables every per-frame task
 * queue (policy `all-types`) from a discrete input (a tap's pointerdown/up/click) until the next
 * frame begins (blink/renderer/platform/scheduler/main_thread/main_thread_scheduler_impl.cc,
 * `Policy::IsQueueEnabled`, use case `kDiscreteInputResponse`; the queues' deferrability in
 * frame_scheduler_impl.cc, `ComputeCanBeDeferredForRendering`). The host's answer to a tap, a
 * WebSocket message 3 ms after the click, then waits for the frame the click asked for, and the
 * new screen is drawn one whole frame later than it could be. The heuristic helps pages whose
 * tasks would delay the click's own paint; the kiosk's page does its work in the message, so
 * without it the answer is drawn in the first frame when it arrives in time. A scheduling
 * preference only: no security or stability cost, and a Chromium that no longer knows the
 * feature ignores the name.
 *
 * Chromium keeps one `--disable-features` (the last on its command line wins): a launcher that
 * passes its own list replaces ours or loses its own (Playwright's defaults, under the benches
 * and end-to-end tests, give way to ours there).
 */

/** One switch: `name` without the leading dashes, as Electron's `appendSwitch` takes it. */
export interface ChromiumSwitch {
  readonly name: string;
  readonly value?: string;
}

/** The Chromium features the kiosk turns off (see the header for why). */
export const KIOSK_DISABLED_FEATURES: readonly string[] = ['DeferRendererTasksAfterInput'];

/** The kiosk's switches, as pairs. */
export const KIOSK_CHROMIUM_SWITCHES: readonly ChromiumSwitch[] = [
  { name: 'disable-features', value: KIOSK_DISABLED_FEATURES.join(',') },
];

/** The kiosk's switches as command-line arguments (`--name=value`). */
export function kioskChromiumArgs(): string[] {
  return KIOSK_CHROMIUM_SWITCHES.map(({ name, value }) =>
    value === undefined ? `--${name}` : `--${name}=${value}`,
  );
}

/** The part of Electron's `app.commandLine` the kiosk uses. */
export interface CommandLineSwitches {
  appendSwitch(name: string, value?: string): void;
}

/** Electron: appends the kiosk's switches; call before the app is ready. */
export function appendKioskChromiumSwitches(commandLine: CommandLineSwitches): void {
  for (const { name, value } of KIOSK_CHROMIUM_SWITCHES) {
    if (value === undefined) commandLine.appendSwitch(name);
    else commandLine.appendSwitch(name, value);
  }
}
