import type { Language } from '../../src/domain/business-type.js';
import type { Prompt } from '../../src/bridge/contract.js';
import { formatMessage } from '../../src/i18n/messages.js';
import { formatPrompt } from '../i18n.js';
import { WarningIcon } from './icons.js';

interface NoticeBannerProps {
  readonly language: Language;
  readonly notice: Prompt;
  /** Elder mode: the catalogue's plainer words where it has them, as on every screen. */
  readonly elder: boolean;
}

/** A problem the customer must know about: icon, a "Notice" label and text, never colour alone. */
export function NoticeBanner({ language, notice, elder }: NoticeBannerProps) {
  return (
    <div className="notice" data-testid="notice" role="alert">
      <WarningIcon className="icon notice__icon" />
      <p className="notice__text">
        <strong className="notice__label">{formatMessage(language, 'notice.label')}</strong>{' '}
        {formatPrompt(language, notice, elder)}
      </p>
    </div>
  );
}
