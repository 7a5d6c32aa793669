/**
 * What the customer sees of the ticket flow: one screen per state, as data. Pure: the session's
 * view calls it with the flow's snapshot and fills in the shared parts (language, branch name,
 * countdown).
 */
import type { SnapshotFrom } from 'xstate';
import { formatMessage } from '../../src/i18n/messages.js';
import { localHourMinute } from '../../src/domain/local-time.js';
import type { Prompt, TicketView } from '../../src/bridge/contract.js';
import { printerDownNotice, type FlowScreen, type ProjectionContext } from '../flow.js';
import type { ticketMachine } from './machine.js';

type TicketSnapshot = SnapshotFrom<typeof ticketMachine>;

export function projectTicketFlow(
  snapshot: TicketSnapshot,
  { qrPayloadFor }: ProjectionContext,
): FlowScreen {
  const { context } = snapshot;
  const { language, ticket } = context;

  if (snapshot.matches('offeringIdCard') || snapshot.matches('identifying')) {
    return {
      screen: 'idCardOffer',
      prompt: { key: 'identify.offer.body', params: { age: context.seniorAge } },
      notice: printerDownNotice({ printer: context.printerProblem }, language),
    };
  }
  if (snapshot.matches('liveTicketExists') && context.liveTicket) {
    return {
      screen: 'liveTicketExists',
      prompt: { key: 'identify.liveTicket.title' },
      number: context.liveTicket.number,
      businessTypeName: context.businessType ? context.businessType.name[language] : '',
      liveUntil: context.liveTicket.liveUntil,
    };
  }

  if (
    snapshot.matches('choosingBusinessType') ||
    snapshot.matches('checkingCustomer') ||
    snapshot.matches('cancelled')
  ) {
    return {
      screen: 'chooseBusinessType',
      prompt: { key: 'chooseBusinessType.title' },
      notice: context.notice ?? printerDownNotice({ printer: context.printerProblem }, language),
      businessTypes: context.businessTypes.map((t) => ({
        id: t.id,
        prefix: t.prefix,
        name: t.name[language],
        ...(t.description ? { description: t.description[language] } : {}),
      })),
    };
  }

  const { queue } = context;
  const ticketView: TicketView | null = ticket
    ? {
        number: ticket.number,
        businessTypeName: context.businessType ? context.businessType.name[language] : '',
        waitingAhead: queue?.waitingAhead ?? ticket.waitingAhead,
        qrPayload: qrPayloadFor(ticket),
        ...(ticket.priority === 'senior' ? { priority: 'senior' as const } : {}),
        issuedOffline: ticket.issuedOffline === true,
        ...(queue === null
          ? { waitUnknown: true }
          : {
              waitUnknown: false,
              estimatedWaitMinutes: queue.estimatedWaitMinutes,
              asOf: localHourMinute(new Date(queue.asOf)),
            }),
      }
    : null;

  if (snapshot.matches('issued') && ticketView) {
    return {
      screen: 'ticketIssued',
      prompt: { key: 'ticketIssued.takeTicket' },
      notice: context.notice,
      ticket: ticketView,
    };
  }
  if (snapshot.matches('notPrinted') && ticketView) {
    const notice: Prompt | null = context.printFailure
      ? {
          key: 'notice.printerFailed',
          // The reason is formatted here so the renderer formats one flat message.
          params: {
            reason: formatMessage(language, `printerReason.${context.printFailure.reason}`),
          },
        }
      : context.notice;
    return {
      screen: 'ticketNotPrinted',
      prompt: { key: 'ticketNotPrinted.noteNumber', params: { number: ticketView.number } },
      notice,
      ticket: ticketView,
      // Offered only while the printer is ready: a tap that cannot print would only fail again.
      canReprint: context.printerProblem === null,
    };
  }
  if (snapshot.matches('failed')) {
    return {
      screen: 'outOfService',
      prompt: { key: 'outOfService.body' },
      // The number may already be on paper in the customer's hand: say what to do with it.
      // Printed: "show your ticket"; never printed: "note the number".
      notice: ticket
        ? {
            key: context.printFailure ? 'notice.numberNotRegistered' : 'notice.ticketNotRegistered',
            params: { number: ticket.number },
          }
        : context.notice,
    };
  }
  // Reserving, printing, issuing (and the instant before the session follows `done`).
  return { screen: 'printing', prompt: { key: 'printing.wait' }, notice: context.notice };
}
