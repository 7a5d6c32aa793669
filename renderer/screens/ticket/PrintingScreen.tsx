import { PromptLine } from '../../components/PromptLine.js';
import { PrinterIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** A calm message, no spinner: the host moves on when the printer has answered. */
export function PrintingScreen({ view, t }: ScreenProps<'printing'>) {
  return (
    <section
      className="screen screen--centered"
      data-testid="screen-printing"
      aria-labelledby="printing-title"
      aria-live="polite"
    >
      <PrinterIcon className="icon screen__icon" />
      <h1 id="printing-title" className="headline">
        {t('printing.title')}
      </h1>
      <p className="body-text">{t('printing.wait')}</p>
      <PromptLine view={view} shown={['printing.title', 'printing.wait']} />
    </section>
  );
}
