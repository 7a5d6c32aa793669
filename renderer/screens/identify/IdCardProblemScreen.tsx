import { PromptLine } from '../../components/PromptLine.js';
import { WarningIcon } from '../../components/icons.js';
import { ContinueWithoutCard } from './IdCardActions.js';
import type { ScreenProps } from '../types.js';

/**
 * The card gave nothing: why (in the notice banner, from the host), and what to do next: take
 * the card back first when it is still on the reader, then try again or go on without it.
 */
export function IdCardProblemScreen({ view, send, t }: ScreenProps<'idCardProblem'>) {
  return (
    <section
      className="screen screen--centered"
      data-testid="screen-idCardProblem"
      data-problem={view.problem}
      aria-labelledby="card-problem-title"
    >
      <h1 id="card-problem-title" className="headline headline--with-icon">
        <WarningIcon className="icon headline__icon headline__icon--warn" />
        {t('identify.problem.title')}
      </h1>
      {view.takeCard ? (
        <p className="instruction instruction--strong">{t('identify.takeCard')}</p>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="action action--primary action--wide"
            data-testid="retry-id-card"
            onClick={() => send({ type: 'RETRY_ID_CARD' })}
          >
            {t('identify.retry')}
          </button>
        </div>
      )}
      <PromptLine view={view} shown={['identify.problem.title', 'identify.takeCard']} />
      <ContinueWithoutCard send={send} t={t} />
    </section>
  );
}
