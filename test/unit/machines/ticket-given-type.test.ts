/**
 * A business type that comes with the flow (an appointment's check-in, the return from the ID
 * card): the customer never chose from the list, so the list must not be the screen while the
 * people ahead are counted. The confirmation comes first, "counting", and cannot be confirmed
 * until the count is there; back on the list, a tap shows the list as before.
 */
import { describe, expect, it } from 'vitest';
import type { EventObject } from 'xstate';
import { projectTicketFlow } from '../../../machines/ticket/index.js';
import { estimate, input, startSut } from './ticket-support.js';

const qr = { qrPayloadFor: () => 'q' };

describe('the ticket flow with its business type given', () => {
  it('shows the confirmation while counting, then the count', async () => {
    const sut = startSut([], { ...input, params: { businessTypeId: 'personal' } });
    expect(sut.snapshot().value).toBe('estimating');
    expect(projectTicketFlow(sut.snapshot(), qr)).toMatchObject({
      screen: 'confirmTicket',
      businessType: { id: 'personal' },
      counting: true,
    });
    await sut.exec({ type: 'xstate.done.actor.estimateWait', output: estimate } as EventObject);
    const view = projectTicketFlow(sut.snapshot(), qr);
    expect(view).toMatchObject({ screen: 'confirmTicket', wait: { waitingAhead: 3 } });
    expect(view).not.toHaveProperty('counting');
  });

  it('shows the list again once the customer went back to it', async () => {
    const sut = startSut([], { ...input, params: { businessTypeId: 'personal' } });
    await sut.exec({ type: 'xstate.done.actor.estimateWait', output: estimate } as EventObject);
    await sut.exec({ type: 'BACK' });
    expect(sut.snapshot().value).toBe('choosingBusinessType');
    await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject);
    expect(sut.snapshot().value).toBe('estimating');
    expect(projectTicketFlow(sut.snapshot(), qr)).toMatchObject({ screen: 'chooseBusinessType' });
  });

  it('is the list while counting when the customer chose from it', async () => {
    const sut = startSut();
    await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject);
    expect(projectTicketFlow(sut.snapshot(), qr)).toMatchObject({ screen: 'chooseBusinessType' });
  });
});
