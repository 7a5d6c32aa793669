import { describe, expect, it } from 'vitest';
import {
  KIOSK_COMMAND_TYPES,
  KioskViewSchema,
  parseHostMessage,
  parseRendererMessage,
} from '../../../src/bridge/contract.js';

describe('bridge contract (schemas)', () => {
  it('accepts every command the renderer sends', () => {
    for (const command of [
      { type: 'START' },
      { type: 'START_FLOW', flow: 'ticket' },
      { type: 'START_FLOW', flow: 'query', scan: 'https://queue.example.cn/t/x?n=A0023' },
      { type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' },
      { type: 'BACK' },
      { type: 'FINISH' },
      { type: 'SET_LANGUAGE', language: 'en' },
      { type: 'ACTIVITY' },
    ]) {
      expect(parseRendererMessage({ type: 'command', command })).toEqual({ ok: true, command });
    }
  });

  it.each([
    [null, 'the frame must be an object'],
    [{ type: 'hello' }, "type must be 'command' (and 1 more problem)"],
    [{ type: 'command' }, 'command is missing'],
    [{ type: 'command', command: { type: 'FORMAT_DISK' } }, /^command: unknown type "FORMAT_DISK"/],
    [
      { type: 'command', command: { type: 'START_FLOW', flow: 'admin' } },
      "command.flow must be 'ticket'",
    ],
    [
      { type: 'command', command: { type: 'SET_LANGUAGE', language: 'fr' } },
      "command.language must be 'zh-CN' or 'en'",
    ],
    [
      { type: 'command', command: { type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 7 } },
      'command.businessTypeId must be a string',
    ],
    [
      {
        type: 'command',
        command: { type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'x'.repeat(65) },
      },
      'command.businessTypeId must be at most 64 characters long',
    ],
    [
      { type: 'command', command: { type: 'START_FLOW', flow: 'query', scan: '' } },
      'command.scan must not be empty',
    ],
    [
      { type: 'command', command: { type: 'START_FLOW', flow: 'query', scan: 'x'.repeat(513) } },
      'command.scan must be at most 512 characters long',
    ],
  ])('refuses %j with a reason naming the field', (frame, reason) => {
    const result = parseRendererMessage(frame);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('lists the command types from the schema, so the session needs no list of its own', () => {
    expect([...KIOSK_COMMAND_TYPES].sort()).toEqual(
      [
        'ACTIVITY',
        'BACK',
        'CHOOSE_BUSINESS_TYPE',
        'FINISH',
        'REPRINT_TICKET',
        'CONFIRM_TICKET',
        'SET_LANGUAGE',
        'START',
        'START_FLOW',
        'SET_ELDER',
        'SET_VOICE',
        'SET_VOLUME',
        'REPEAT_PROMPT',
        'ANSWER_ELDER_OFFER',
        // identify
        'USE_ID_CARD',
        'CONTINUE_WITHOUT_ID_CARD',
        'AGREE_TO_ID_CARD_READ',
        'RETRY_ID_CARD',
        'SCAN_QUERY_INPUT',
        'CHOOSE_QUERY',
        'TYPE_QUERY_INPUT',
        'ERASE_QUERY_INPUT',
        'SUBMIT_QUERY_INPUT',
        'RATE_US',
        'RATE_SERVICE',
        'SKIP_RATING',
        'CHOOSE_FEEDBACK_CATEGORY',
        'TYPE_FEEDBACK_TEXT',
        'ERASE_FEEDBACK_TEXT',
        'SUBMIT_FEEDBACK',
        // guide
        'STAFF_UNLOCK',
        'PIN_DIGIT',
        'PIN_ERASE',
        'PIN_SUBMIT',
        'ASSIST_PRIORITY_TICKET',
        'ASSIST_SET_DISABILITY',
        // appointment
        'TYPE_APPOINTMENT_CODE',
        'ERASE_APPOINTMENT_CODE',
        'SUBMIT_APPOINTMENT_CODE',
        'TAKE_APPOINTMENT_TICKET',
        'TAKE_WALK_IN_TICKET',
        // reminder
        'REMIND_BY_SMS',
        'ACCEPT_REMINDER_CONSENT',
        'TYPE_PHONE_DIGIT',
        'ERASE_PHONE_DIGIT',
        'SUBMIT_PHONE',
        'CONFIRM_REMINDER',
      ].sort(),
    );
  });

  it('holds each screen to its own shape', () => {
    const base = {
      language: 'zh-CN',
      prompt: { key: 'printing.wait' },
      notice: null,
      branchName: '网点',
      inactivityWarningSeconds: null,
    };
    const ticket = {
      number: 'A001',
      businessTypeName: '个人业务',
      waitingAhead: 0,
      qrPayload: 'q',
    };
    expect(KioskViewSchema.safeParse({ ...base, screen: 'ticketIssued', ticket }).success).toBe(
      true,
    );
    // An issued-ticket screen without its ticket is not a screen the renderer can draw.
    expect(KioskViewSchema.safeParse({ ...base, screen: 'ticketIssued' }).success).toBe(false);
    expect(KioskViewSchema.safeParse({ ...base, screen: 'nowhere' }).success).toBe(false);
    expect(
      KioskViewSchema.safeParse({ ...base, screen: 'printing', prompt: { key: 'no.such.key' } })
        .success,
    ).toBe(false);
    expect(parseHostMessage({ type: 'view', view: { ...base, screen: 'printing' } }).ok).toBe(true);
    expect(parseHostMessage({ type: 'error', message: 'x' }).ok).toBe(true);
    expect(parseHostMessage({ type: 'view', view: { screen: 'printing' } }).ok).toBe(false);
  });
});
