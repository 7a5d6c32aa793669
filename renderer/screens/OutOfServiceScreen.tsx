import { PromptLine } from '../components/PromptLine.js';
import { PauseIcon } from '../components/icons.js';
import type { ScreenProps } from './types.js';

export function OutOfServiceScreen({ view, t }: ScreenProps) {
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
    </section>
  );
}
