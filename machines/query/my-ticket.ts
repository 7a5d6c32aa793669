/**
 * "My ticket": the customer types the number on their ticket and reads where it stands.
 *
 * Online, the branch service answers for every ticket of the branch today, whichever kiosk or
 * counter took it (src/contract/ticket-lookup.ts): waiting with the people the counters call
 * first and the estimated wait, already called (at which counter), served, passed or voided, or
 * "no such ticket today: check the number"; as of the service's time. The feature asks it with
 * a short deadline before this provider runs (QuerySources.liveTicket).
 *
 * Without that answer (offline, too slow, refused) the kiosk tells what it knows itself: its own
 * ticket of that number (when it was taken, how long ago, how many were ahead then) and that
 * the live position is unavailable. Pure, like every provider.
 */
import type { BranchConfig, LocalizedText } from '../../src/contract/sync.js';
import type { Language } from '../../src/domain/business-type.js';
import { counterLabel } from '../../src/i18n/counter-name.js';
import { formatMessage } from '../../src/i18n/messages.js';
import type { TicketLookup } from '../../src/contract/ticket-lookup.js';
import { localDayAndMinute } from '../../src/domain/local-time.js';
import type { Ticket } from '../../src/domain/ticket.js';
import type { QueryAnswer, QueryBlock, QueryProvider, QuerySources } from './provider.js';
import { words } from './words.js';

const same = (text: string): LocalizedText => ({ 'zh-CN': text, en: text });
const at = (instant: string) => same(localDayAndMinute(new Date(instant)));

type Pair = { readonly label: LocalizedText; readonly value: LocalizedText };

/** The number and its business type's name (when the configuration knows the type). */
function numberPairs(
  { config }: QuerySources,
  number: string,
  businessTypeId: string | null,
): Pair[] {
  const type = config?.businessTypes.find((t) => t.id === businessTypeId);
  return [
    { label: words('query.ticketNumber'), value: same(number) },
    ...(type ? [{ label: words('query.businessType'), value: type.name }] : []),
  ];
}

/** "Already called: please go to Counter 3" with the counter as the branch names it. */
function calledAt(counterId: string, counters: BranchConfig['counters']): LocalizedText {
  const say = (language: Language) =>
    formatMessage(language, 'query.ticketCalledAt', {
      counter: counterLabel(counterId, counters, language),
    });
  return { 'zh-CN': say('zh-CN'), en: say('en') };
}

/** The branch's live answer for a ticket of today. */
function liveAnswer(sources: QuerySources, ticket: TicketLookup): QueryAnswer {
  const pairs = numberPairs(sources, ticket.number, ticket.businessTypeId);
  const blocks: QueryBlock[] = [];
  switch (ticket.state) {
    case 'waiting':
      pairs.push(
        { label: words('query.aheadNow'), value: same(String(ticket.waitingAhead ?? 0)) },
        {
          label: words('query.estimatedWait'),
          value:
            ticket.estimatedWaitMinutes === null
              ? words('query.noEstimate')
              : words('query.waitMinutes', { minutes: ticket.estimatedWaitMinutes }),
        },
      );
      break;
    case 'called':
      blocks.push({
        kind: 'text',
        text:
          ticket.counterId === null
            ? words('query.ticketCalled')
            : calledAt(ticket.counterId, sources.config?.counters),
      });
      if (ticket.calledAt !== null) {
        pairs.push({ label: words('query.calledAt'), value: at(ticket.calledAt) });
      }
      break;
    case 'served':
      blocks.push({ kind: 'text', text: words('query.ticketServed') });
      break;
    case 'noShow':
      blocks.push({ kind: 'text', text: words('query.ticketNoShow') });
      break;
    case 'voided':
      blocks.push({ kind: 'text', text: words('query.ticketVoided') });
      break;
  }
  return { asOf: ticket.asOf, blocks: [...blocks, { kind: 'pairs', pairs }] };
}

/** What the kiosk's own store knows of its ticket, and that the live position is unavailable. */
function ownAnswer(sources: QuerySources, ticket: Ticket, issuedAt: string): QueryAnswer {
  const minutes = Math.max(0, Math.floor((sources.now.getTime() - Date.parse(issuedAt)) / 60_000));
  return {
    asOf: sources.now.toISOString(), // the kiosk's own store: current
    blocks: [
      {
        kind: 'pairs',
        pairs: [
          ...numberPairs(sources, ticket.number, ticket.businessTypeId),
          { label: words('query.issuedAt'), value: at(issuedAt) },
          { label: words('query.ticketAge'), value: words('query.minutesAgo', { minutes }) },
          { label: words('query.aheadWhenIssued'), value: same(String(ticket.waitingAhead)) },
        ],
      },
      { kind: 'text', text: words('query.positionUnknown') },
    ],
  };
}

export const myTicketProvider: QueryProvider = {
  id: 'myTicket',
  label: 'query.myTicket',
  asks: 'ticketNumber',
  answer(sources, number) {
    if (number === null) return null;
    const live = sources.liveTicket;
    if (live?.status === 'found') return liveAnswer(sources, live.ticket);
    const own = sources.findTicketToday(number);
    const issued = own?.status === 'issued' && own.issuedAt !== null ? own : undefined;
    // The branch does not know it but this kiosk does: issued offline, not delivered yet.
    if (issued) return ownAnswer(sources, issued, issued.issuedAt!);
    if (live?.status === 'unknown') {
      return {
        asOf: live.asOf,
        blocks: [{ kind: 'text', text: words('query.ticketUnknownToday', { number }) }],
      };
    }
    return {
      asOf: sources.now.toISOString(),
      blocks: [
        { kind: 'text', text: words('query.ticketNotFound', { number }) },
        { kind: 'text', text: words('query.positionUnknown') },
      ],
    };
  },
};
