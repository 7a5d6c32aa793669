/**
 * What the customer sees of the ticket flow: one screen per state, as data. Pure: the session's
 * view calls it with the flow's snapshot and fills in the shared parts (language, branch name,
 * countdown).
 */
import type { SnapshotFrom } from 'xstate';
import { formatMessage } from '../../src/i18n/messages.js';
import { localHourMinute } from '../../src/domain/local-time.js';
import type { Prompt, TicketView } from '../../src/bridge/contract.js';
import type { BusinessTypeView, QueueWaitView } from '../../src/bridge/features/ticket.js';
import type { BusinessType, Language } from '../../src/domain/business-type.js';
import type { QueueEstimate } from '../../src/domain/queue-estimate.js';
import { unavailabilityText } from '../../src/i18n/unavailability-words.js';
import { isServedFirst } from '../../src/domain/ticket.js';
import { printerDownNotice, type FlowScreen, type ProjectionContext } from '../flow.js';
import type { ticketMachine, TicketFlowContext } from './machine.js';

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

  if (snapshot.matches('confirming') && context.businessType) {
    return {
      screen: 'confirmTicket',
      prompt: { key: 'confirmTicket.title' },
      notice: context.notice ?? printerDownNotice({ printer: context.printerProblem }, language),
      businessType: businessTypeView(context.businessType, language),
      wait: queueWaitView(context.queue, 0),
    };
  }

  // A business type that came with the flow: its confirmation, while the wait is counted (a
  // few milliseconds; the list the customer never chose from would only flash).
  if (
    (snapshot.matches('checkingCustomer') || snapshot.matches('estimating')) &&
    context.businessTypeGiven &&
    context.businessType
  ) {
    return {
      screen: 'confirmTicket',
      prompt: { key: 'confirmTicket.title' },
      notice: context.notice ?? printerDownNotice({ printer: context.printerProblem }, language),
      businessType: businessTypeView(context.businessType, language),
      wait: { waitingAhead: 0 },
      counting: true,
    };
  }

  if (
    snapshot.matches('choosingBusinessType') ||
    snapshot.matches('checkingCustomer') ||
    snapshot.matches('estimating') ||
    snapshot.matches('cancelled')
  ) {
    return {
      screen: 'chooseBusinessType',
      prompt: { key: 'chooseBusinessType.title' },
      notice:
        refusedNotice(context) ??
        context.notice ??
        printerDownNotice({ printer: context.printerProblem }, language),
      businessTypes: context.businessTypes.map((t) => {
        const unavailable = context.unavailable[t.id];
        return {
          ...businessTypeView(t, language),
          ...(unavailable ? { unavailable: unavailabilityText(language, unavailable) } : {}),
        };
      }),
    };
  }

  const { queue } = context;
  const ticketView: TicketView | null = ticket
    ? {
        number: ticket.number,
        businessTypeName: context.businessType ? context.businessType.name[language] : '',
        qrPayload: qrPayloadFor(ticket),
        ...issuedAtView(ticket),
        ...(isServedFirst(ticket.priority) ? { priority: ticket.priority } : {}),
        issuedOffline: ticket.issuedOffline === true,
        ...queueWaitView(queue, ticket.waitingAhead),
      }
    : null;

  if (snapshot.matches('issued') && ticketView) {
    return {
      screen: 'ticketIssued',
      prompt: { key: 'ticketIssued.takeTicket' },
      notice: context.notice,
      ticket: ticketView,
      canRemindBySms: context.smsReminderOffered,
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
      canRemindBySms: context.smsReminderOffered,
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

function businessTypeView(t: BusinessType, language: Language): BusinessTypeView {
  return {
    id: t.id,
    prefix: t.prefix,
    name: t.name[language],
    ...(t.description ? { description: t.description[language] } : {}),
  };
}

/** The branch's count and estimate "as of" its time, or "wait unknown" (null). */
function queueWaitView(queue: QueueEstimate | null, fallbackAhead: number): QueueWaitView {
  if (queue === null) return { waitingAhead: fallbackAhead, waitUnknown: true };
  return {
    waitingAhead: queue.waitingAhead,
    waitUnknown: false,
    estimatedWaitMinutes: queue.estimatedWaitMinutes,
    asOf: localHourMinute(new Date(queue.asOf)),
  };
}

/** When the ticket was taken, local "HH:MM"; nothing when the store's time is unreadable. */
function issuedAtView(ticket: { issuedAt: string | null; reservedAt: string }) {
  const at = new Date(ticket.issuedAt ?? ticket.reservedAt);
  return Number.isNaN(at.getTime()) ? {} : { issuedAt: localHourMinute(at) };
}

/** The customer tapped a closed or switched-off business type: which, and why. */
function refusedNotice(context: TicketFlowContext): Prompt | null {
  const id = context.refusedBusinessTypeId;
  const why = id === null ? undefined : context.unavailable[id];
  const type = context.businessTypes.find((t) => t.id === id);
  if (why === undefined || type === undefined) return null;
  return {
    key: 'notice.businessTypeUnavailable',
    params: {
      name: type.name[context.language],
      reason: unavailabilityText(context.language, why),
    },
  };
}
