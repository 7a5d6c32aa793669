import { PromptLine } from '../../components/PromptLine.js';
import { TouchIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/**
 * Idle screen. The "touch to start" button is stretched over the whole screen (CSS ::after), so a
 * touch anywhere starts, while the page keeps a real heading and the button a short, clear name
 * for keyboard and assistive technology. START is sent on click (end of the tap), not on
 * pointerdown, so the tap cannot land as a "ghost click" on the next screen's button.
 */
export function AttractScreen({ view, send, t }: ScreenProps<'attract'>) {
  return (
    <section
      className="screen screen--attract"
      data-testid="screen-attract"
      aria-labelledby="attract-title"
    >
      <h1 id="attract-title" className="attract__welcome">
        {t('attract.welcome')}
      </h1>
      <p className="attract__branch">{view.branchName}</p>
      <TouchIcon className="icon attract__icon" />
      <button
        type="button"
        className="attract__start"
        data-testid="start"
        onClick={() => send({ type: 'START' })}
      >
        {t('attract.touchToStart')}
      </button>
      <PromptLine view={view} shown={['attract.touchToStart', 'attract.welcome']} />
    </section>
  );
}
