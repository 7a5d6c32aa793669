import { PromptLine } from '../../components/PromptLine.js';
import { CheckIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/**
 * The card was read: the masked name (family name only) and the priority it gives; the flow goes
 * on by itself once the card is taken off the reader.
 */
export function IdCardReadScreen({ view, t }: ScreenProps<'idCardRead'>) {
  return (
    <section
      className="screen screen--centered"
      data-testid="screen-idCardRead"
      aria-labelledby="card-read-title"
      aria-live="polite"
    >
      <h1 id="card-read-title" className="headline headline--with-icon">
        <CheckIcon className="icon headline__icon headline__icon--ok" />
        {t('identify.read.title')}
      </h1>
      <p className="body-text" data-testid="masked-name">
        {view.maskedName}
      </p>
      <p className="body-text" data-testid="id-card-priority">
        {t(
          view.priority === 'vip'
            ? 'identify.read.priorityVip'
            : view.priority === 'senior'
              ? 'identify.read.prioritySenior'
              : 'identify.read.priorityNone',
        )}
      </p>
      <p className="instruction instruction--strong">{t('identify.takeCard')}</p>
      <PromptLine view={view} shown={['identify.read.title', 'identify.takeCard']} />
    </section>
  );
}
