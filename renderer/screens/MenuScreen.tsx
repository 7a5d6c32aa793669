import { PromptLine } from '../components/PromptLine.js';
import { ChevronIcon, TicketIcon } from '../components/icons.js';
import type { ScreenProps } from './types.js';

export function MenuScreen({ view, send, t }: ScreenProps) {
  return (
    <section className="screen screen--menu" data-testid="screen-menu" aria-labelledby="menu-title">
      <h1 id="menu-title" className="headline">
        {t('menu.title')}
      </h1>
      <PromptLine view={view} shown={['menu.title']} />
      <div className="actions">
        <button
          type="button"
          className="card-button card-button--primary card-button--hero"
          data-testid="take-ticket"
          onClick={() => send({ type: 'TAKE_TICKET' })}
        >
          <TicketIcon className="icon card-button__icon" />
          <span className="card-button__label">{t('menu.takeTicket')}</span>
          <ChevronIcon className="icon card-button__chevron" />
        </button>
      </div>
    </section>
  );
}
