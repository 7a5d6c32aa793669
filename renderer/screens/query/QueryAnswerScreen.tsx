import { dataAgeMessage } from '../../../src/i18n/data-age-words.js';
import { ActionRow, backAction } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import { ClockIcon } from '../../components/icons.js';
import type { Translate } from '../../i18n.js';
import type { ScreenProps } from '../types.js';
import { QueryBlock } from './QueryBlock.js';
import { useTicketScanner } from '../../scanner/useTicketScanner.js';

function ageLine(asOf: string, ageMinutes: number | null, t: Translate): string {
  const { key, params } = dataAgeMessage(asOf, ageMinutes);
  return t(key, params);
}

/** The answer to one query, with how old the kiosk's copy of it is. */
export function QueryAnswerScreen({ view, send, t }: ScreenProps<'queryAnswer'>) {
  useTicketScanner(send);
  return (
    <section
      className="screen screen--query"
      data-testid="screen-queryAnswer"
      aria-labelledby="answer-title"
    >
      <h1 id="answer-title" className="headline">
        {t(view.title)}
      </h1>
      <PromptLine view={view} shown={[view.title]} />
      {view.asOf !== null ? (
        <p className="query-as-of" data-testid="as-of">
          <ClockIcon className="icon instruction__icon" />
          <span>{ageLine(view.asOf, view.ageMinutes, t)}</span>
        </p>
      ) : null}
      <div className="query-answer" data-testid="answer">
        {view.blocks.length === 0 ? (
          <p className="body-text empty">{t('query.unavailable')}</p>
        ) : (
          view.blocks.map((block, i) => <QueryBlock key={i} block={block} index={i} />)
        )}
      </div>
      <ActionRow className="query-footer" actions={[backAction()]} finish send={send} t={t} />
    </section>
  );
}
