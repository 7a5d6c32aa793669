/**
 * A Chinese comment fits every limit on its way from the keyboard to the branch service: the
 * bridge command that carries an insert (the input method's largest insert included), the
 * feedback machine's guard, the comment screen's view, the store (sealed at rest, with its
 * column check) and the 'feedback.submitted' payload, up to the longest comment allowed.
 */
import { createActor } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { feedbackMachine } from '../../../machines/feedback/index.js';
import { projectFeedbackFlow } from '../../../machines/feedback/view.js';
import { MAX_INSERT_LENGTH } from '../../../renderer/input-method/composition.js';
import { KioskCommandSchema, KioskViewSchema } from '../../../src/bridge/contract.js';
import {
  FeedbackSubmittedPayloadSchema,
  MAX_FEEDBACK_COMMENT_LENGTH,
} from '../../../src/contract/sync.js';
import { createFeedbackStore } from '../../../src/store/feedback.js';
import { cleanUp, open, outboxRowsOf, tempDir } from '../store/support.js';

afterEach(cleanUp);

/** The longest comment, in two-character words as the candidate bar inserts them. */
const longest = '银行'.repeat(MAX_FEEDBACK_COMMENT_LENGTH / 2);

describe('a Chinese comment within every limit', () => {
  it('the bridge carries the largest insert the input method sends, and no larger', () => {
    const insert = '银行很好'.slice(0, MAX_INSERT_LENGTH);
    expect(insert).toHaveLength(MAX_INSERT_LENGTH);
    expect(KioskCommandSchema.safeParse({ type: 'TYPE_FEEDBACK_TEXT', text: insert }).success).toBe(
      true,
    );
    expect(
      KioskCommandSchema.safeParse({ type: 'TYPE_FEEDBACK_TEXT', text: `${insert}。` }).success,
    ).toBe(false);
  });

  it('the machine takes Chinese words and full-width punctuation up to the longest comment', () => {
    const flow = createActor(feedbackMachine, {
      input: {
        branch: null,
        language: 'zh-CN',
        devices: { printer: null },
        params: { businessTypeId: 'personal' },
      },
    }).start();
    flow.send({ type: 'SKIP_RATING' });
    flow.send({ type: 'CHOOSE_FEEDBACK_CATEGORY', category: 'suggestion' });
    for (const text of ['银行', '，', '《', '》', '、', '…', '¥']) {
      flow.send({ type: 'TYPE_FEEDBACK_TEXT', text });
    }
    expect(flow.getSnapshot().context.text).toBe('银行，《》、…¥');
    for (let i = 0; i < 8; i++) flow.send({ type: 'ERASE_FEEDBACK_TEXT' });
    expect(flow.getSnapshot().context.text).toBe('');
    for (let i = 0; i < MAX_FEEDBACK_COMMENT_LENGTH / 2; i++) {
      flow.send({ type: 'TYPE_FEEDBACK_TEXT', text: '银行' });
    }
    expect(flow.getSnapshot().context.text).toBe(longest);
    // Full: one more character is refused, and nothing typed before is lost.
    flow.send({ type: 'TYPE_FEEDBACK_TEXT', text: '好' });
    expect(flow.getSnapshot().context.text).toBe(longest);
    const view = projectFeedbackFlow(flow.getSnapshot());
    const parsed = KioskViewSchema.safeParse({
      ...view,
      language: 'zh-CN',
      branchName: '网点',
      inactivityWarningSeconds: null,
    });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    flow.stop();
  });

  it('the store seals it, keeps it whole and queues it for the branch service', () => {
    const dataDir = tempDir('chinese-comment');
    const store = open({ dataDir, now: () => new Date('2026-11-27T02:30:00.000Z') });
    const feedback = store.featureStore(createFeedbackStore);
    const stored = feedback.submitFeedback({
      businessTypeId: 'personal',
      rating: null,
      comment: { category: 'complaint', text: longest },
    });
    expect(FeedbackSubmittedPayloadSchema.parse(stored).comment).toBe(longest);
    expect(feedback.storedComment(stored.id)).toBe(longest);
    const [item] = outboxRowsOf(dataDir) as { payload: string }[];
    expect((JSON.parse(item!.payload) as { comment: string }).comment).toBe(longest);
    store.close();
  });
});
