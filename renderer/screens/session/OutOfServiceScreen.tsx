import { FinishButton } from '../../components/FinishButton.js';
import { PromptLine } from '../../components/PromptLine.js';
import { PauseIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/**
 * Something the customer cannot fix went wrong (the store could not record the ticket). They
 * are sent elsewhere, and "Done" hands the terminal to the next customer at once rather than
 * leaving this screen up until the inactivity reset.
 */
export function OutOfServiceScreen({ view, send, t }: ScreenProps<'outOfService'>) {
  return (
    <section
      className="screen screen--centered"
      data-testid="screen-outOfService"
      aria-labelledby="oos-title"
    >
      <PauseIcon className="icon screen__icon" />
      <h1 id="oos-title" className="headline">
        {t('outOfService.title')}
      </h1>
      <p className="body-text">{t('outOfService.body')}</p>
      <PromptLine view={view} shown={['outOfService.title', 'outOfService.body']} />
      <FinishButton send={send} t={t} />
    </section>
  );
}
