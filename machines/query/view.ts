/**
 * What the customer sees of the query flow: the menu of queries, or an answer in the customer's
 * language with the age of the kiosk's copy. Pure.
 */
import { QUEUE_NUMBER_PATTERN } from '../../src/contract/numbers.js';
import type { SnapshotFrom } from 'xstate';
import type { QueryBlockView } from '../../src/bridge/contract.js';
import type { Language } from '../../src/domain/business-type.js';
import { localDayAndMinute } from '../../src/domain/local-time.js';
import type { FlowScreen } from '../flow.js';
import type { QueryMachine } from './machine.js';
import type { QueryBlock } from './provider.js';

function blockView(block: QueryBlock, language: Language): QueryBlockView {
  const heading = 'heading' in block && block.heading ? { heading: block.heading[language] } : {};
  switch (block.kind) {
    case 'pairs':
      return {
        kind: 'pairs',
        ...heading,
        pairs: block.pairs.map((p) => ({ label: p.label[language], value: p.value[language] })),
      };
    case 'table':
      return {
        kind: 'table',
        ...heading,
        columns: block.columns.map((c) => c[language]),
        rows: block.rows.map((row) => row.map((cell) => cell[language])),
      };
    case 'questions':
      return {
        kind: 'questions',
        ...heading,
        items: block.items.map((i) => ({
          question: i.question[language],
          answer: i.answer[language],
        })),
      };
    case 'text':
      return { kind: 'text', text: block.text[language] };
  }
}

export function projectQueryFlow(snapshot: SnapshotFrom<QueryMachine>): FlowScreen {
  const { context } = snapshot;
  const { language, query, result } = context;
  if (snapshot.matches('showing') && query && result) {
    if (result.status === 'unavailable') {
      return {
        screen: 'queryAnswer',
        prompt: { key: query.label },
        notice: { key: 'query.unavailable' },
        title: query.label,
        blocks: [],
        asOf: null,
        ageMinutes: null,
      };
    }
    const { answer } = result;
    return {
      screen: 'queryAnswer',
      prompt: { key: query.label },
      // Never confirmed by the branch: the customer is told to treat it as a reference only.
      notice: answer.asOf === null ? { key: 'query.asOfUnknown' } : null,
      title: query.label,
      blocks: answer.blocks.map((b) => blockView(b, language)),
      asOf: answer.asOf === null ? null : localDayAndMinute(new Date(answer.asOf)),
      ageMinutes: result.ageMinutes,
    };
  }
  // The keypad also while a scanned code is read (a moment), so the screen does not flicker.
  if ((snapshot.matches('entering') || snapshot.matches('reading')) && query) {
    return {
      screen: 'queryInput',
      // The lobby scanner reads the ticket's QR code; the keypad is always there too.
      prompt: { key: 'query.scanOrEnter' },
      // Why a scanned code was refused, until the customer types.
      notice: context.notice,
      title: query.label,
      input: context.input,
      prefixes: [...context.prefixes],
      complete: QUEUE_NUMBER_PATTERN.test(context.input),
    };
  }
  // Choosing, answering (a moment), and the instant before the session follows the output.
  return {
    screen: 'queryMenu',
    prompt: { key: 'query.title' },
    notice: context.notice,
    entries: context.entries.map((e) => ({ id: e.id, label: e.label })),
  };
}
