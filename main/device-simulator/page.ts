/**
 * The device simulator panel's page: server-rendered HTML with the devices' state in CEN/XFS
 * words and buttons for each action, and the small script that posts the actions as JSON (the
 * shell's Content-Security-Policy allows no inline script and no form submission, so the
 * buttons post through fetch and the page redraws the state from the answer, and every second).
 */
import {
  SIMULATOR_ACTION_PATH,
  SIMULATOR_SCRIPT_PATH,
  SIMULATOR_STATE_PATH,
  type SimulatorAction,
  type SimulatorState,
} from './contract.js';
import { sampleCards } from './panel.js';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** How a state value reads on the page (the script formats it the same way). */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function field(state: SimulatorState, path: string): string {
  let value: unknown = state;
  for (const part of path.split('.')) {
    value =
      value === null || value === undefined ? value : (value as Record<string, unknown>)[part];
  }
  return `<dd data-field="${path}">${escapeHtml(shown(value))}</dd>`;
}

function button(label: string, action: SimulatorAction | Record<string, unknown>): string {
  return `<button type="button" data-action='${escapeHtml(JSON.stringify(action))}'>${escapeHtml(label)}</button>`;
}

function readerSection(state: SimulatorState): string {
  if (state.idReader === null) {
    return '<section aria-labelledby="reader-title"><h2 id="reader-title">ID-card reader</h2><p>The ID-card reader is not simulated in this configuration.</p></section>';
  }
  const options = sampleCards()
    .map(
      (card) =>
        `<option value="${escapeHtml(card.label)}">${escapeHtml(card.label)}: ${escapeHtml(card.description)}</option>`,
    )
    .join('');
  return `<section aria-labelledby="reader-title">
<h2 id="reader-title">ID-card reader (simulated)</h2>
<dl>
<dt>Device</dt>${field(state, 'idReader.status.device')}
<dt>Media</dt>${field(state, 'idReader.status.media')}
<dt>SAM</dt>${field(state, 'idReader.status.sam')}
<dt>Card on the reader</dt>${field(state, 'idReader.card')}
<dt>Card unreadable</dt>${field(state, 'idReader.unreadable')}
<dt>Connected</dt>${field(state, 'idReader.connected')}
</dl>
<p>The kiosk looks for a card only while its screen asks for one: a card placed earlier shows as <em>present</em> or <em>read</em> once the customer chooses to use the ID card.</p>
<p><label for="card">Sample card</label><br><select id="card">${options}</select></p>
<p>
${button('Place the card', { action: 'placeCard', condition: 'readable' })}
${button('Place the card, unreadable (read fails)', { action: 'placeCard', condition: 'unreadable' })}
${button('Take the card away', { action: 'removeCard' })}
</p>
<p>
${button('Unplug the reader', { action: 'setReaderConnected', connected: false })}
${button('Plug the reader back in', { action: 'setReaderConnected', connected: true })}
</p>
</section>`;
}

function printerSection(state: SimulatorState): string {
  if (state.printer === null) {
    return '<section aria-labelledby="printer-title"><h2 id="printer-title">Receipt printer</h2><p>The printer is not simulated in this configuration.</p></section>';
  }
  return `<section aria-labelledby="printer-title">
<h2 id="printer-title">Receipt printer (simulated)</h2>
<dl>
<dt>Device</dt>${field(state, 'printer.status.device')}
<dt>Paper</dt>${field(state, 'printer.status.paper')}
<dt>Cover open</dt>${field(state, 'printer.status.coverOpen')}
<dt>Cutter error</dt>${field(state, 'printer.status.cutterError')}
<dt>Paper set on the simulator</dt>${field(state, 'printer.paper')}
<dt>Paper jammed</dt>${field(state, 'printer.paperJam')}
<dt>Connected</dt>${field(state, 'printer.connected')}
</dl>
<p>
${button('Paper full', { action: 'setPaper', paper: 'full' })}
${button('Paper low', { action: 'setPaper', paper: 'low' })}
${button('Paper out', { action: 'setPaper', paper: 'out' })}
</p>
<p>
${button('Jam the paper', { action: 'setPaperJam', jammed: true })}
${button('Clear the jam', { action: 'setPaperJam', jammed: false })}
${button('Open the cover', { action: 'setCoverOpen', open: true })}
${button('Close the cover', { action: 'setCoverOpen', open: false })}
</p>
<p>
${button('Unplug the printer (offline)', { action: 'setPrinterConnected', connected: false })}
${button('Plug the printer back in', { action: 'setPrinterConnected', connected: true })}
</p>
</section>`;
}

export function simulatorPage(state: SimulatorState): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Device simulator: kiosk</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 1rem 2rem; max-width: 60rem; color: #1a1a1a; background: #fff; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; font-family: ui-monospace, monospace; }
button { font: inherit; margin: 0.2rem 0.4rem 0.2rem 0; padding: 0.4rem 0.8rem; }
select { font: inherit; max-width: 100%; }
#result { min-height: 1.5em; font-weight: 600; }
</style>
<script type="module" src="${SIMULATOR_SCRIPT_PATH}"></script>
</head>
<body>
<main>
<h1>Device simulator</h1>
<p>For trying the kiosk without its hardware: these controls act on the simulated devices only, never on real ones. The kiosk screen reacts as it would to the real device. States are in CEN/XFS words, as the kiosk's supervisors last saw them.</p>
<p id="result" role="status" aria-live="polite"></p>
${readerSection(state)}
${printerSection(state)}
</main>
</body>
</html>
`;
}

/** The page's script: posts an action, shows the answer, and refreshes the state every second. */
export const SIMULATOR_SCRIPT = `const result = document.getElementById('result');
const shown = (value) =>
  value === null || value === undefined ? '—' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
function show(state) {
  for (const element of document.querySelectorAll('[data-field]')) {
    let value = state;
    for (const part of element.dataset.field.split('.')) value = value == null ? value : value[part];
    element.textContent = shown(value);
  }
}
async function send(button) {
  const action = JSON.parse(button.dataset.action);
  if (action.action === 'placeCard') action.card = document.getElementById('card').value;
  try {
    const response = await fetch(${JSON.stringify(SIMULATOR_ACTION_PATH)}, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(action),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      show(answer.state);
      result.textContent = 'Done: ' + button.textContent;
    } else {
      result.textContent = answer.error ?? 'Refused (HTTP ' + response.status + ')';
    }
  } catch {
    result.textContent = 'The kiosk does not answer: is it still running?';
  }
}
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (button) void send(button);
});
setInterval(async () => {
  try {
    const response = await fetch(${JSON.stringify(SIMULATOR_STATE_PATH)});
    if (response.ok) show(await response.json());
  } catch {
    // The next second tries again.
  }
}, 1000);
`;
