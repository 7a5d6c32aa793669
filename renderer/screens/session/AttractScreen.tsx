import { useEffect, useState } from 'react';
import { PromptLine } from '../../components/PromptLine.js';
import { TouchIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';
import { startMyTicketByScan, useTicketScanner } from '../../scanner/useTicketScanner.js';

/** How long each announcement stays: long enough to read twice at arm's length. */
const ANNOUNCEMENT_MS = 8_000;

/**
 * Idle screen. The "touch to start" button is stretched over the whole screen (CSS ::after), so a
 * touch anywhere starts, while the page keeps a real heading and the button a short, clear name
 * for keyboard and assistive technology. START is sent on click (end of the tap), not on
 * pointerdown, so the tap cannot land as a "ghost click" on the next screen's button. The
 * branch's announcements show one at a time, in turn.
 */
export function AttractScreen({ view, send, t }: ScreenProps<'attract'>) {
  // A ticket held to the lobby scanner: straight to its "my ticket" answer.
  useTicketScanner(send, startMyTicketByScan);
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
      {view.announcements.length > 0 ? (
        <Announcements texts={view.announcements} title={t('attract.announcements')} />
      ) : null}
    </section>
  );
}

function Announcements({ texts, title }: { texts: readonly string[]; title: string }) {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (texts.length < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % texts.length), ANNOUNCEMENT_MS);
    return () => clearInterval(timer);
  }, [texts.length]);
  const shown = texts[index % texts.length];
  return (
    <section className="announcements" aria-labelledby="announcements-title">
      <h2 id="announcements-title" className="announcements__title">
        {title}
        {texts.length > 1 ? ` ${(index % texts.length) + 1}/${texts.length}` : ''}
      </h2>
      <p className="announcements__text" data-testid="announcement">
        {shown}
      </p>
    </section>
  );
}
