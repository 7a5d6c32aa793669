// The script the tap benchmark puts into the kiosk page before the renderer loads
// (page.addInitScript): timestamps taken in the page, on the page's own clock
// (performance.now() and event.timeStamp share one time origin), for one armed tap at a time.
//
//   down      pointerdown's event.timeStamp: when Chromium's browser process took the touch in
//   up        pointerup's event.timeStamp: the finger lifted (the kiosk acts on the click)
//   click     the click listener ran (capture phase on window, before React's root listener)
//   sent      the command's frame went into the WebSocket (ACTIVITY frames are not counted)
//   received  the first host frame after that (a listener added before the renderer's own)
//   dom       the MutationObserver saw the armed condition hold: React has committed the new
//             screen to the DOM
//   drawn     a task posted from the next requestAnimationFrame callback ran: that frame's
//             style, layout, paint and commit to the compositor are done on the main thread
//   raf2      the second requestAnimationFrame callback after `dom` (the frame after that)
//   settled   optional second condition (e.g. the host's answer after "checking…")
//
// Written as a plain function so Playwright can serialise it; it must not close over anything.
/* global window, document, requestAnimationFrame, MutationObserver, addEventListener */
export function installTapProbe() {
  const now = () => performance.now();
  /** { cond, then, rec, resolve, reject, timer } while a tap is armed, else null. */
  let armed = null;
  /** The armed tap's promise, kept after it resolved until wait() takes it. */
  let pending = null;

  const matches = (c) => {
    const root = document.querySelector('[data-screen]');
    if (!root) return false;
    if (c.screen && !c.screen.includes(root.getAttribute('data-screen'))) return false;
    if (c.language && root.getAttribute('data-language') !== c.language) return false;
    if (c.elder !== undefined && root.getAttribute('data-elder') !== String(c.elder)) {
      return false;
    }
    if (c.text) {
      const el = document.querySelector(`[data-testid="${c.text[0]}"]`);
      if (!el || el.textContent !== c.text[1]) return false;
    }
    if (c.selector && !document.querySelector(c.selector)) return false;
    return true;
  };
  /** A condition is one object, or a list of alternatives (any of them). */
  const holds = (cond) => (Array.isArray(cond) ? cond.some(matches) : matches(cond));
  const screen = () => document.querySelector('[data-screen]')?.getAttribute('data-screen');

  const finishIfDone = (a) => {
    const { rec } = a;
    if (rec.drawn === undefined || rec.raf2 === undefined) return;
    if (a.then && rec.settled === undefined) return;
    clearTimeout(a.timer);
    if (armed === a) armed = null;
    a.resolve(rec);
  };

  const check = () => {
    const a = armed;
    if (!a) return;
    const { rec } = a;
    if (rec.dom === undefined) {
      if (rec.click === undefined || !holds(a.cond)) return;
      rec.dom = now();
      rec.screen = screen();
      requestAnimationFrame(() => {
        rec.raf = now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          rec.drawn = now();
          channel.port1.close();
          finishIfDone(a);
        };
        channel.port2.postMessage(null);
        requestAnimationFrame(() => {
          rec.raf2 = now();
          finishIfDone(a);
        });
      });
    }
    if (a.then && rec.settled === undefined && holds(a.then)) {
      rec.settled = now();
      rec.settledScreen = screen();
      finishIfDone(a);
    }
  };

  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });

  const first = (key, value) => {
    if (armed && armed.rec[key] === undefined) armed.rec[key] = value;
  };
  addEventListener('pointerdown', (e) => first('down', e.timeStamp), { capture: true });
  addEventListener('pointerup', (e) => first('up', e.timeStamp), { capture: true });
  addEventListener('click', () => first('click', now()), { capture: true });

  const nativeSend = WebSocket.prototype.send;
  WebSocket.prototype.send = function send(data) {
    if (armed && armed.rec.click !== undefined && !String(data).includes('"ACTIVITY"')) {
      first('sent', now());
    }
    return nativeSend.call(this, data);
  };
  const NativeWebSocket = WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        if (armed && armed.rec.sent !== undefined) first('received', now());
      });
    }
  };

  window.__tapProbe = {
    /** Arms one tap; refuses a condition that already holds (it would measure nothing). */
    arm(cond, then, timeoutMs) {
      if (armed) throw new Error('a tap is already armed');
      if (holds(cond)) throw new Error(`already true before the tap: ${JSON.stringify(cond)}`);
      const a = { cond, then, rec: {} };
      a.done = new Promise((resolve, reject) => {
        a.resolve = resolve;
        a.reject = reject;
      });
      a.timer = setTimeout(() => {
        if (armed === a) armed = null;
        a.reject(
          new Error(
            `no ${JSON.stringify(a.rec.dom === undefined ? cond : then)} within ${timeoutMs} ms ` +
              `after the tap; screen ${screen()}; seen ${JSON.stringify(a.rec)}`,
          ),
        );
      }, timeoutMs);
      // Handled here too: a tap that times out before wait() is called is not unhandled.
      a.done.catch(() => {});
      armed = a;
      pending = a.done;
    },
    /** Resolves with the armed tap's timestamps once its screen is drawn (and settled). */
    wait() {
      if (!pending) throw new Error('no tap armed');
      const done = pending;
      pending = null;
      return done;
    },
    screen,
  };
}
