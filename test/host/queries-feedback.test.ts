/**
 * Self-service queries and feedback in the whole kiosk under Node (createKiosk, the embedded
 * branch service on PGlite, the in-process virtual printer): every built-in query answered from
 * the synced configuration with its age, offline from the cached copy, and a rating with a
 * complaint stored, synced and reported per business type.
 */
import { describe, expect, it } from 'vitest';
import { feedbackReport } from '../../branch-service/feedback.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import type { Kiosk } from '../../main/kiosk.js';
import { closedPort, start, stopEarly, takeTicket } from './kiosk-helpers.js';
import { testConfig } from '../support/kiosk-harness.js';

const QUERIES = ['branchInfo', 'rates', 'faq'] as const;

async function readEveryQuery(kiosk: Kiosk) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'query' });
  const menu = await waitForScreen(kiosk, 'queryMenu');
  expect(menu.entries.map((e) => e.id)).toEqual(['queueStatus', ...QUERIES, 'myTicket']);
  const answers = [];
  for (const queryId of QUERIES) {
    kiosk.bridge.dispatch({ type: 'CHOOSE_QUERY', queryId });
    const answer = await waitForScreen(kiosk, 'queryAnswer');
    answers.push(answer);
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'queryMenu');
  }
  kiosk.bridge.dispatch({ type: 'BACK' });
  await waitForScreen(kiosk, 'menu');
  return answers;
}

describe('kiosk (host, headless): self-service queries', () => {
  it('answers every built-in query from the synced configuration, with the age of the copy', async () => {
    const { kiosk, log } = await start();
    const menu = await (async () => {
      kiosk.bridge.dispatch({ type: 'START' });
      return waitForScreen(kiosk, 'menu');
    })();
    expect(menu.entries.map((e) => e.flow)).toContain('query');
    kiosk.bridge.dispatch({ type: 'BACK' });
    const answers = await readEveryQuery(kiosk);
    for (const answer of answers) {
      expect(answer.blocks.length).toBeGreaterThan(0);
      expect(answer.asOf).not.toBeNull();
      expect(answer.ageMinutes).toBe(0);
      expect(answer.notice).toBeNull();
    }
    expect(JSON.stringify(answers[0]!.blocks)).toContain('中山路');
    expect(JSON.stringify(answers[1]!.blocks)).toContain('USD');
    expect(log.named('query.answered').map((e) => e['query'])).toEqual([...QUERIES]);
  });

  it('answers offline from the cached copy, still saying how old it is', async () => {
    const config = testConfig();
    const first = await start({ dataDir: config.dataDir });
    await readEveryQuery(first.kiosk); // the configuration is cached by now
    await stopEarly(first.kiosk);
    const port = await closedPort();
    const { kiosk } = await start({
      dataDir: config.dataDir,
      branchService: { kind: 'remote', url: `http://127.0.0.1:${port}/` },
    });
    const answers = await readEveryQuery(kiosk);
    for (const answer of answers) {
      expect(answer.blocks.length).toBeGreaterThan(0);
      expect(answer.asOf).not.toBeNull();
    }
  });
});

describe('kiosk (host, headless): feedback after a ticket', () => {
  it('stores a rating and a complaint with its outbox item, syncs it, and the service reports it', async () => {
    const { kiosk, log } = await start();
    const issued = await takeTicket(kiosk, 'personal');
    expect(issued.screen).toBe('ticketIssued');
    kiosk.bridge.dispatch({ type: 'RATE_US' });
    await waitForScreen(kiosk, 'feedbackRating');
    kiosk.bridge.dispatch({ type: 'RATE_SERVICE', rating: 2 });
    await waitForScreen(kiosk, 'feedbackComment');
    kiosk.bridge.dispatch({ type: 'CHOOSE_FEEDBACK_CATEGORY', category: 'complaint' });
    for (const key of ['s', 'l', 'o', 'w']) {
      kiosk.bridge.dispatch({ type: 'TYPE_FEEDBACK_TEXT', text: key });
    }
    const typed = await waitForView(
      kiosk,
      (v) => v.screen === 'feedbackComment' && v.text === 'slow',
    );
    expect(typed.screen === 'feedbackComment' && typed.canSubmit).toBe(true);
    kiosk.bridge.dispatch({ type: 'SUBMIT_FEEDBACK' });
    await waitForView(kiosk, (v) => v.screen === 'feedbackThanks' && v.status === 'saved');
    const [event] = log.named('feedback.submitted');
    expect(event).toMatchObject({ businessTypeId: 'personal', rating: 2, category: 'complaint' });
    // The comment is the customer's: it goes to the branch, never into the log.
    expect(JSON.stringify(log.named('feedback.submitted'))).not.toContain('slow');

    // Synced like all customer work: the service holds it and reports it per business type.
    const service = kiosk.branchService!;
    const deadline = Date.now() + 15_000;
    let report = await feedbackReport(service);
    while (report.rows.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      report = await feedbackReport(service);
    }
    expect(report.rows).toEqual([
      { businessTypeId: 'personal', ratings: 1, averageRating: 2, comments: 1 },
    ]);
    const [held] = await service.query<{ payload: { comment: string } }>(
      `SELECT payload FROM kiosk_items WHERE kind = 'feedback.submitted'`,
    );
    expect(held?.payload.comment).toBe('slow');

    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForScreen(kiosk, 'attract');
  });

  it('never asks for feedback: "done" on the issued ticket goes straight to the next customer', async () => {
    const { kiosk, log } = await start();
    await takeTicket(kiosk, 'personal');
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForScreen(kiosk, 'attract');
    expect(log.named('feedback.submitted')).toEqual([]);
    expect(kiosk.store.outboxStats().pending + kiosk.store.outboxStats().acked).toBe(1);
  });
});
