/** The bridge from a browser's side: only the page the kiosk opened may drive it. */
import { expect, test } from './fixtures.js';

test('refuses a bridge connection without the session a launch code opens', async ({
  page,
  shell,
}) => {
  // A page from the kiosk's own origin that was never given a launch code, so has no session
  // cookie; a token in the address opens nothing either.
  await page.goto(shell.origin + '/');
  const refused = await page.evaluate(
    (url) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve(false);
        ws.onerror = () => resolve(true);
      }),
    shell.origin.replace('http', 'ws') + '/bridge?token=wrong',
  );
  expect(refused).toBe(true);
});
