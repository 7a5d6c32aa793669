/**
 * The built-in query providers: branch information, rates and fees, frequent questions. Each
 * reads its part of the synced configuration; a branch without that part gets "unavailable".
 * Queue status (./queue-status.ts) reads the copy of the branch's queue status; "my ticket"
 * (./my-ticket.ts) the branch's live answer, or else the kiosk's own store.
 */
import type { LocalizedText } from '../../src/contract/sync.js';
import { localDayAndMinute } from '../../src/domain/local-time.js';
import type { QueryBlock, QueryProvider } from './provider.js';
import { myTicketProvider } from './my-ticket.js';
import { queueStatusProvider } from './queue-status.js';
import { words } from './words.js';

export { myTicketProvider, words };

/** The same text in every language (a time, a figure). */
const same = (text: string): LocalizedText => ({ 'zh-CN': text, en: text });

export const branchInfoProvider: QueryProvider = {
  id: 'branchInfo',
  label: 'query.branchInfo',
  answer({ config, configAsOf }) {
    const info = config?.branchInfo;
    if (!info) return null;
    const blocks: QueryBlock[] = [
      {
        kind: 'pairs',
        pairs: [
          { label: words('query.address'), value: info.address },
          ...(info.phone ? [{ label: words('query.phone'), value: same(info.phone) }] : []),
        ],
      },
      {
        kind: 'pairs',
        heading: words('query.hours'),
        pairs: info.hours.map((h) => ({ label: h.days, value: same(h.time) })),
      },
      {
        kind: 'table',
        heading: words('query.services'),
        columns: [words('query.service')],
        rows: info.services.map((s) => [s]),
      },
      {
        kind: 'table',
        heading: words('query.accessibility'),
        columns: [words('query.accessibility')],
        rows: info.accessibility.map((a) => [a]),
      },
    ];
    return { blocks, asOf: configAsOf };
  },
};

const percent = (value: number) => same(`${value.toFixed(2)}%`);
const price = (value: number) => same(value.toFixed(2));

export const ratesProvider: QueryProvider = {
  id: 'rates',
  label: 'query.rates',
  answer({ config, configAsOf }) {
    const rates = config?.rates;
    if (!rates) return null;
    return {
      asOf: configAsOf,
      blocks: [
        // The bank's own date for its rates, besides the age of the kiosk's copy.
        {
          kind: 'text',
          text: words('query.ratesAsOf', { time: localDayAndMinute(new Date(rates.asOf)) }),
        },
        {
          kind: 'table',
          heading: words('query.depositRates'),
          columns: [words('query.term'), words('query.annualRate')],
          rows: rates.deposit.map((d) => [d.term, percent(d.ratePercent)]),
        },
        {
          kind: 'table',
          heading: words('query.exchangeRates'),
          columns: [
            words('query.currency'),
            words('query.per'),
            words('query.buy'),
            words('query.sell'),
          ],
          rows: rates.exchange.map((x) => [
            { 'zh-CN': `${x.name['zh-CN']} ${x.currency}`, en: `${x.name.en} ${x.currency}` },
            same(String(x.per)),
            price(x.buy),
            price(x.sell),
          ]),
        },
        {
          kind: 'table',
          heading: words('query.fees'),
          columns: [words('query.service'), words('query.fee')],
          rows: rates.fees.map((f) => [f.service, f.fee]),
        },
      ],
    };
  },
};

export const faqProvider: QueryProvider = {
  id: 'faq',
  label: 'query.faq',
  answer({ config, configAsOf }) {
    const faq = config?.faq;
    if (!faq || faq.length === 0) return null;
    return { asOf: configAsOf, blocks: [{ kind: 'questions', items: faq }] };
  },
};

/** The queries every kiosk offers, in menu order. */
export const BUILT_IN_QUERY_PROVIDERS: readonly QueryProvider[] = [
  queueStatusProvider,
  branchInfoProvider,
  ratesProvider,
  faqProvider,
  myTicketProvider,
];
