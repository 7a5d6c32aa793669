// Feedback at the reference branch service over real HTTP and real PGlite: items stored once,
// bad ones rejected with a reason, and the average rating per business type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackReport } from '../../branch-service/feedback.js';
import type { BranchService } from '../../branch-service/server.js';
import { FeedbackReportSchema } from '../../src/contract/feedback-report.js';
import type { OutboxItemWire } from '../../src/contract/sync.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService, countRows } from './harness.js';

const cleanup = new Cleanup();
let service: BranchService;
beforeAll(async () => {
  service = await branchService(cleanup);
});
afterAll(() => cleanup.run());

let counter = 0;
function feedbackItem(payload: Record<string, unknown>): OutboxItemWire {
  counter += 1;
  const hex = counter.toString(16).padStart(12, '0');
  return {
    id: `01960000-0000-7000-9000-${hex}`,
    seq: counter,
    kioskId: KIOSK_ID,
    kind: 'feedback.submitted',
    createdAt: '2026-11-27T02:00:00.000Z',
    payload: {
      id: `01960000-0000-7000-8000-${hex}`,
      kioskId: KIOSK_ID,
      businessTypeId: 'personal',
      rating: 5,
      category: null,
      comment: null,
      submittedAt: '2026-11-27T02:00:00.000Z',
      serviceDay: '2026-11-27',
      ...payload,
    },
  };
}

async function post(items: OutboxItemWire[]) {
  const response = await fetch(`${service.url}/v1/batches`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'x-kiosk-id': KIOSK_ID,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ kioskId: KIOSK_ID, items }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    accepted: string[];
    rejected: { id: string; reason: string }[];
  };
}

describe('feedback at the branch service', () => {
  it('stores each item once and reports the average rating per business type', async () => {
    const items = [
      feedbackItem({ rating: 5 }),
      feedbackItem({ rating: 2, category: 'complaint', comment: 'The queue was slow' }),
      feedbackItem({ businessTypeId: 'business', rating: 4 }),
      feedbackItem({ businessTypeId: null, rating: null, category: 'suggestion', comment: 'Tea' }),
      feedbackItem({ rating: 1, serviceDay: '2026-11-26' }),
    ];
    const answer = await post(items);
    expect(answer.accepted).toEqual(items.map((i) => i.id));
    expect(answer.rejected).toEqual([]);
    // Sent again (a lost acknowledgement): accepted, stored once.
    expect((await post(items)).accepted).toEqual(items.map((i) => i.id));
    expect(await countRows(service, 'kiosk_items')).toBe(5);

    const day = await feedbackReport(service, { from: '2026-11-27', to: '2026-11-27' });
    expect(FeedbackReportSchema.parse(day)).toEqual(day);
    expect(day.rows).toEqual([
      { businessTypeId: 'business', ratings: 1, averageRating: 4, comments: 0 },
      { businessTypeId: 'personal', ratings: 2, averageRating: 3.5, comments: 1 },
      { businessTypeId: null, ratings: 0, averageRating: null, comments: 1 },
    ]);
    const all = await feedbackReport(service);
    expect(all.rows.find((r) => r.businessTypeId === 'personal')).toEqual({
      businessTypeId: 'personal',
      ratings: 3,
      averageRating: 2.67,
      comments: 1,
    });
  });

  it('rejects feedback that says nothing, or a comment without its category, with the reason', async () => {
    const empty = feedbackItem({ rating: null });
    const uncategorised = feedbackItem({ comment: 'no category' });
    const tooHigh = feedbackItem({ rating: 6 });
    const answer = await post([empty, uncategorised, tooHigh]);
    expect(answer.accepted).toEqual([]);
    expect(answer.rejected.map((r) => r.id)).toEqual([empty.id, uncategorised.id, tooHigh.id]);
    expect(answer.rejected[0]!.reason).toContain('must carry a rating or a comment');
    expect(answer.rejected[1]!.reason).toContain('must give a category with a comment');
    expect(answer.rejected[2]!.reason).toContain('payload.rating');
  });
});
