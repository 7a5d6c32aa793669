/**
 * A business type switched off or outside its opening hours: listed greyed with why, refused
 * with that reason when chosen (tapped, or passed in by another flow).
 */
import { describe, expect, it } from 'vitest';
import { assign, createActor, type EventObject } from 'xstate';
import { projectTicketFlow } from '../../../machines/ticket/index.js';
import type { Sut } from './model-harness.js';
import { input, model, startSut, withClosed, type Snapshot } from './ticket-support.js';

describe('ticket machine: business types not available now', () => {
  it('lists a switched-off business type greyed with why, and refuses it with that reason', async () => {
    const project = (sut: Sut<Snapshot>) =>
      projectTicketFlow(sut.snapshot(), { qrPayloadFor: () => 'qr' } as never);
    const sut = startSut([], { ...withClosed, language: 'en' });
    expect(project(sut)).toMatchObject({
      screen: 'chooseBusinessType',
      businessTypes: [
        { id: 'personal' },
        { id: 'closed', name: 'Foreign exchange', unavailable: 'Suspended today' },
      ],
    });
    expect(project(sut)).not.toHaveProperty('businessTypes.0.unavailable');
    await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'closed' } as EventObject);
    expect(sut.snapshot().value).toBe('choosingBusinessType');
    expect(sut.snapshot().context.businessType).toBeNull();
    expect(project(sut)).toMatchObject({
      notice: {
        key: 'notice.businessTypeUnavailable',
        params: { name: 'Foreign exchange', reason: 'Suspended today' },
      },
    });
    // Another, open one is still taken, and the notice goes.
    await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject);
    expect(sut.snapshot().value).toBe('estimating');
    expect(sut.snapshot().context.refusedBusinessTypeId).toBeNull();
    sut.stop();
  });

  it('refuses a closed business type passed in by another flow, before any confirmation', () => {
    const actor = createActor(model, {
      input: { ...withClosed, params: { businessTypeId: 'closed' } },
    }).start();
    expect(actor.getSnapshot().value).toBe('choosingBusinessType');
    expect(actor.getSnapshot().context.refusedBusinessTypeId).toBe('closed');
    actor.stop();
  });

  it('reads the opening hours through the provided availability action', () => {
    const actor = createActor(
      model.provide({
        actions: {
          readAvailability: assign({
            unavailable: () => ({ personal: { reason: 'opensAt' as const, time: '09:00' } }),
          }),
        },
      }),
      { input },
    ).start();
    actor.send({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    const view = projectTicketFlow(actor.getSnapshot(), { qrPayloadFor: () => 'qr' } as never);
    expect(view).toMatchObject({
      businessTypes: [{ id: 'personal', unavailable: '09:00 开始办理' }],
      notice: { key: 'notice.businessTypeUnavailable', params: { reason: '09:00 开始办理' } },
    });
    actor.stop();
  });
});
