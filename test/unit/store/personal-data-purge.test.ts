/**
 * The personal-data purge (issue 7, PIPL: keep briefly) on the store: personal fields leave the
 * outbox item and the feature's row only a configured time after the branch acknowledged the
 * item; pending and rejected items keep theirs; comments stored in clear before migration 0006
 * are sealed at the next open.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedbackStore, type FeedbackStore } from '../../../src/store/feedback.js';
import type { KioskStore } from '../../../src/store/index.js';
import { cleanUp, inspectDb, open, PERSONAL, tempDir } from './support.js';

let dataDir: string;
let store: KioskStore;
let feedback: FeedbackStore;
let clock: Date;
const HOUR = 3_600_000;

beforeEach(() => {
  dataDir = tempDir('purge');
  clock = new Date('2026-11-27T02:30:00.000Z');
  store = open({ dataDir, now: () => clock, personalData: { purgeAfterMs: HOUR } });
  feedback = store.featureStore(createFeedbackStore);
});
afterEach(cleanUp);

const later = (ms: number) => (clock = new Date(clock.getTime() + ms));
const outboxOf = (kind: string) =>
  inspectDb(dataDir, (db) =>
    db
      .prepare('SELECT id, state, payload FROM outbox WHERE kind = ? ORDER BY seq')
      .all(kind)
      .map((row) => {
        const { id, state, payload } = row as { id: string; state: string; payload: string };
        return { id, state, payload: JSON.parse(payload) as Record<string, unknown> };
      }),
  );
const feedbackRow = (id: string) =>
  inspectDb(dataDir, (db) =>
    db
      .prepare('SELECT comment, comment_purged_at, category, rating FROM feedback WHERE id = ?')
      .get(id),
  );
describe('personal data purge', () => {
  it('removes the comment from the item and the row purgeAfterMs after the ack, not before', () => {
    const kept = feedback.submitFeedback({
      businessTypeId: 'personal',
      rating: null,
      comment: { category: 'complaint', text: 'Too cold' },
    });
    const item = outboxOf('feedback.submitted')[0]!;
    expect(item.payload.comment).toBe('Too cold');

    // Not acknowledged: kept however long it waits.
    later(2 * HOUR);
    expect(store.personalDataPurge.runOnce()).toMatchObject({
      feedbackComments: 0,
      outboxPayloads: 0,
    });
    expect(store.markOutboxAcked([item.id])).toBe(1);
    later(HOUR - 1);
    expect(store.personalDataPurge.runOnce()).toMatchObject({
      feedbackComments: 0,
      outboxPayloads: 0,
    });
    expect(feedback.storedComment(kept.id)).toBe('Too cold');

    later(1);
    expect(store.personalDataPurge.runOnce()).toEqual({
      feedbackComments: 1,
      outboxPayloads: 1,
      customerKeys: 0,
      walTruncated: true,
    });
    expect(feedbackRow(kept.id)).toEqual({
      comment: null,
      comment_purged_at: clock.toISOString(),
      category: 'complaint',
      rating: null,
    });
    expect(outboxOf('feedback.submitted')[0]!.payload).toMatchObject({
      id: kept.id,
      comment: null,
      category: 'complaint',
    });
    expect(feedback.storedComment(kept.id)).toBeNull();
    // Once is enough: the next pass finds nothing.
    expect(store.personalDataPurge.runOnce()).toMatchObject({
      feedbackComments: 0,
      outboxPayloads: 0,
    });
  });

  it("forgets the ID card's customer key of an acknowledged ticket, and keeps a pending one's", () => {
    const issueWithCard = (key: string) => {
      const reserved = store.reserveTicket({ businessType: PERSONAL, customerKey: key });
      return store.issueTicket(reserved.id, { delivery: 'printed' });
    };
    const acked = issueWithCard('a'.repeat(64));
    const pending = issueWithCard('b'.repeat(64));
    const keyOf = (id: string) =>
      inspectDb(dataDir, (db) =>
        db.prepare('SELECT customer_key FROM tickets WHERE id = ?').pluck().get(id),
      );
    const [item] = outboxOf('ticket.issued').filter((row) => row.payload.id === acked.id);
    store.markOutboxAcked([item!.id]);
    later(HOUR);
    expect(store.personalDataPurge.runOnce()).toMatchObject({ customerKeys: 1 });
    expect(keyOf(acked.id)).toBeNull();
    expect(keyOf(pending.id)).toBe('b'.repeat(64));
  });

  it('seals comments left in clear by a store from before migration 0006, at the next open', () => {
    const stored = feedback.submitFeedback({
      businessTypeId: null,
      rating: null,
      comment: { category: 'praise', text: 'Kind staff' },
    });
    store.close();
    inspectDb(dataDir, (db) =>
      db.prepare("UPDATE feedback SET comment = 'Kind staff' WHERE id = ?").run(stored.id),
    );
    const reopened = open({ dataDir, now: () => clock });
    const row = feedbackRow(stored.id) as { comment: string };
    expect(row.comment).toMatch(/^pd1\./);
    expect(reopened.featureStore(createFeedbackStore).storedComment(stored.id)).toBe('Kind staff');
  });
});
