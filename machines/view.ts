/**
 * From machine snapshots to the `KioskView` the renderer draws. Pure: the host calls it on every
 * snapshot and publishes the result over the bridge.
 */
import type { SnapshotFrom } from 'xstate';
import type { BusinessType, Language } from '../src/domain/business-type.js';
import type { KioskView, Prompt, Screen, TicketView } from '../src/bridge/contract.js';
import { formatMessage } from '../src/i18n/messages.js';
import type { sessionMachine } from './session.js';
import type { ticketMachine } from './ticket.js';

export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;
type TicketSnapshot = SnapshotFrom<typeof ticketMachine>;

export interface ViewExtras {
  readonly branchName: Record<Language, string>;
  /** Seconds left in the inactivity warning, computed by the host's clock. */
  readonly warningSecondsLeft: number | null;
  /** Builds the QR payload for a ticket (the host knows the public address). */
  readonly qrPayloadFor: (ticket: { id: string; number: string }) => string;
}

function businessTypeName(type: BusinessType | null, language: Language): string {
  return type ? type.name[language] : '';
}

function ticketScreen(ticket: TicketSnapshot): Screen {
  if (ticket.matches('choosingBusinessType') || ticket.matches('cancelled')) {
    return 'chooseBusinessType';
  }
  if (ticket.hasTag('busy')) return 'printing';
  if (ticket.matches('issued')) return 'ticketIssued';
  if (ticket.matches('notPrinted')) return 'ticketNotPrinted';
  if (ticket.matches('failed')) return 'outOfService';
  return 'printing';
}

const PROMPTS: Record<Screen, Prompt['key']> = {
  attract: 'attract.touchToStart',
  menu: 'menu.title',
  chooseBusinessType: 'chooseBusinessType.title',
  printing: 'printing.wait',
  ticketIssued: 'ticketIssued.takeTicket',
  ticketNotPrinted: 'ticketNotPrinted.noteNumber',
  outOfService: 'outOfService.body',
};

export function toKioskView(session: SessionSnapshot, extras: ViewExtras): KioskView {
  const language = session.context.language;
  const ticketActor = session.children.ticket as { getSnapshot(): TicketSnapshot } | undefined;
  const ticket = session.matches({ active: { flow: 'ticket' } })
    ? ticketActor?.getSnapshot()
    : undefined;

  let screen: Screen = 'attract';
  if (session.matches('active')) screen = ticket ? ticketScreen(ticket) : 'menu';

  let ticketView: TicketView | null = null;
  let notice: Prompt | null = null;
  if (ticket) {
    const t = ticket.context.ticket;
    if (t && (screen === 'ticketIssued' || screen === 'ticketNotPrinted')) {
      ticketView = {
        number: t.number,
        businessTypeName: businessTypeName(ticket.context.businessType, language),
        waitingAhead: t.waitingAhead,
        qrPayload: extras.qrPayloadFor(t),
      };
    }
    if (ticket.context.printFailure && screen === 'ticketNotPrinted') {
      notice = {
        key: 'notice.printerFailed',
        // The reason is formatted here so the renderer formats one flat message.
        params: {
          reason: formatMessage(language, `printerReason.${ticket.context.printFailure.reason}`),
        },
      };
    } else if (screen === 'outOfService' && t) {
      // The number may already be on paper in the customer's hand: say what to do with it.
      notice = {
        // Printed: "show your ticket"; never printed: "note the number".
        key: ticket.context.printFailure
          ? 'notice.numberNotRegistered'
          : 'notice.ticketNotRegistered',
        params: { number: t.number },
      };
    } else if (ticket.context.notice) {
      notice = ticket.context.notice;
    }
  }

  const prompt: Prompt =
    screen === 'ticketNotPrinted' && ticketView
      ? { key: PROMPTS[screen], params: { number: ticketView.number } }
      : { key: PROMPTS[screen] };

  return {
    screen,
    language,
    prompt,
    businessTypes:
      screen === 'chooseBusinessType'
        ? session.context.businessTypes.map((t) => ({
            id: t.id,
            prefix: t.prefix,
            name: t.name[language],
            ...(t.description ? { description: t.description[language] } : {}),
          }))
        : [],
    ticket: ticketView,
    notice,
    branchName: extras.branchName[language],
    inactivityWarningSeconds: session.matches({ active: { presence: 'warning' } })
      ? extras.warningSecondsLeft
      : null,
  };
}
