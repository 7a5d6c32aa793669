import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedbackSubmittedPayloadSchema } from '../../../src/contract/sync.js';
import { createFeedbackStore, type FeedbackStore } from '../../../src/store/feedback.js';
import { StoreError, type KioskStore } from '../../../src/store/index.js';
import { cleanUp, inspectDb, open, outboxRowsOf, tempDir } from './support.js';

let dataDir: string;
let store: KioskStore;
let feedback: FeedbackStore;
let clock: Date;

beforeEach(() => {
  dataDir = tempDir('feedback');
  clock = new Date('2026-11-27T02:30:00.000Z');
  store = open({ dataDir, now: () => clock });
  feedback = store.featureStore(createFeedbackStore);
});
afterEach(cleanUp);

const feedbackRows = () =>
  inspectDb(dataDir, (db) => db.prepare('SELECT * FROM feedback ORDER BY submitted_at').all());

describe('feedback store', () => {
  it('stores a rating and a comment and queues one feedback.submitted item in the same transaction', () => {
    let kicks = 0;
    store.onOutboxAppended(() => kicks++);
    const stored = feedback.submitFeedback({
      businessTypeId: 'personal',
      rating: 4,
      comment: { category: 'suggestion', text: '  More chairs please ' },
    });
    expect(FeedbackSubmittedPayloadSchema.parse(stored)).toEqual(stored);
    expect(stored).toMatchObject({
      kioskId: 'kiosk-1',
      businessTypeId: 'personal',
      rating: 4,
      category: 'suggestion',
      comment: 'More chairs please',
      submittedAt: '2026-11-27T02:30:00.000Z',
    });
    // The comment is the customer's own words: sealed at rest (issue 7), opened by the store.
    const rows = feedbackRows() as { comment: string }[];
    expect(rows).toEqual([
      {
        id: stored.id,
        kiosk_id: 'kiosk-1',
        business_type_id: 'personal',
        rating: 4,
        category: 'suggestion',
        comment: expect.stringMatching(/^pd1\.[0-9a-f]{16}\./) as unknown,
        comment_purged_at: null,
        submitted_at: '2026-11-27T02:30:00.000Z',
        service_day: stored.serviceDay,
      },
    ]);
    expect(rows[0]!.comment).not.toContain('chairs');
    expect(feedback.storedComment(stored.id)).toBe('More chairs please');
    const outbox = outboxRowsOf(dataDir);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'feedback.submitted' });
    expect(JSON.parse((outbox[0] as { payload: string }).payload)).toEqual(stored);
    expect(kicks).toBe(1);
  });

  it('stores a rating alone, and a comment alone', () => {
    const rated = feedback.submitFeedback({ businessTypeId: null, rating: 5, comment: null });
    const commented = feedback.submitFeedback({
      businessTypeId: null,
      rating: null,
      comment: { category: 'complaint', text: 'Too cold' },
    });
    expect(rated).toMatchObject({ rating: 5, category: null, comment: null });
    expect(commented).toMatchObject({ rating: null, category: 'complaint', comment: 'Too cold' });
    expect(feedbackRows()).toHaveLength(2);
    expect(outboxRowsOf(dataDir)).toHaveLength(2);
  });

  it('refuses empty feedback, a rating out of 1–5, an unknown category or an empty text, writing nothing', () => {
    const bad = [
      { businessTypeId: null, rating: null, comment: null },
      { businessTypeId: null, rating: 0, comment: null },
      { businessTypeId: null, rating: 2.5, comment: null },
      { businessTypeId: null, rating: null, comment: { category: 'rant', text: 'x' } },
      { businessTypeId: null, rating: 3, comment: { category: 'praise', text: '   ' } },
      { businessTypeId: null, rating: 3, comment: { category: 'praise', text: 'x'.repeat(501) } },
    ];
    for (const input of bad) {
      expect(() => feedback.submitFeedback(input as never), JSON.stringify(input)).toThrow(
        StoreError,
      );
    }
    expect(feedbackRows()).toEqual([]);
    expect(outboxRowsOf(dataDir)).toEqual([]);
  });

  it('rolls back the feedback row when its outbox item cannot be written', () => {
    inspectDb(dataDir, (db) =>
      db.exec(
        `CREATE TRIGGER no_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
      ),
    );
    expect(() =>
      feedback.submitFeedback({ businessTypeId: 'personal', rating: 2, comment: null }),
    ).toThrow(/disk full/);
    expect(feedbackRows()).toEqual([]);
  });
});
