import type { KioskCommand, KioskView } from '../../src/bridge/contract.js';
import { otherLanguage } from '../i18n.js';
import type { Translate } from '../i18n.js';
import { GlobeIcon } from './icons.js';

interface HeaderProps {
  readonly view: KioskView;
  readonly send: (command: KioskCommand) => void;
  readonly t: Translate;
}

/** Branch name and the language toggle; the toggle is labelled in the language it switches to. */
export function Header({ view, send, t }: HeaderProps) {
  const target = otherLanguage(view.language);
  return (
    <header className="kiosk-header">
      <div className="kiosk-header__titles">
        <p className="kiosk-header__branch">{view.branchName}</p>
        <p className="kiosk-header__app">{t('app.title')}</p>
      </div>
      <button
        type="button"
        className="language-toggle"
        data-testid="language-toggle"
        lang={target}
        onClick={() => send({ type: 'SET_LANGUAGE', language: target })}
      >
        <GlobeIcon />
        <span>{t('common.language')}</span>
      </button>
    </header>
  );
}
