import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { KioskCommand, KioskView, Screen } from '../src/bridge/contract.js';
import { formatMessage } from '../src/i18n/messages.js';
import { useKioskView } from './bridge.js';
import { ElderOffer } from './components/ElderOffer.js';
import { Header } from './components/Header.js';
import { InactivityWarning } from './components/InactivityWarning.js';
import { NoticeBanner } from './components/NoticeBanner.js';
import { translator } from './i18n.js';
import { ConnectingScreen } from './screens/ConnectingScreen.js';
import { SCREENS } from './screens/index.js';
import { useCustomerReset } from './session-reset.js';
import { useVoicePrompts, type VoiceActivity } from './voice.js';
import { OutOfServiceScreen } from './screens/session/OutOfServiceScreen.js';
import type { ScreenComponent, ScreenProps } from './screens/types.js';

/** At most one ACTIVITY per second from ordinary touches; the host only needs "still here". */
const ACTIVITY_THROTTLE_MS = 1000;
/** A click that follows the pointerdown which already reported activity is not sent again. */
const ACTIVITY_DEDUPE_MS = 500;

type Send = (command: KioskCommand) => void;

export function App() {
  const { view, send } = useKioskView();
  useKioskGuards();
  useDocumentLanguage(view);
  const reportActivity = useActivityReporter(view, send);
  const visit = useCustomerReset(view);
  const voice = useVoicePrompts(view);
  const elder = view?.elder ?? false;
  const t = useMemo(() => translator(view?.language ?? 'zh-CN', elder), [view?.language, elder]);

  if (view === null) return <ConnectingScreen />;

  const props: ScreenProps = { view, send, t };
  return (
    <div
      key={visit}
      className="kiosk"
      data-screen={view.screen}
      data-language={view.language}
      data-elder={elder}
    >
      <Header view={view} send={send} t={t} />
      {view.notice ? (
        <NoticeBanner language={view.language} notice={view.notice} elder={elder} />
      ) : null}
      {view.elderOffer && !elder ? <ElderOffer t={t} send={send} /> : null}
      {/* Keyed by screen so each screen starts scrolled to the top. */}
      <main className="kiosk-main" key={view.screen}>
        <CurrentScreen {...props} />
      </main>
      {view.inactivityWarningSeconds !== null ? (
        <InactivityWarning
          seconds={view.inactivityWarningSeconds}
          t={t}
          onContinue={() => reportActivity(ACTIVITY_DEDUPE_MS)}
        />
      ) : null}
      <VoiceStatus activity={voice} />
    </div>
  );
}

/** What the voice did last, for tests and the technician: keys and numbers, never text. */
function VoiceStatus({ activity }: { activity: VoiceActivity }) {
  return (
    <div
      hidden
      data-testid="voice"
      data-source={activity.source}
      data-key={activity.key ?? ''}
      data-volume={activity.volume}
      data-plays={activity.plays}
    />
  );
}

function CurrentScreen(props: ScreenProps) {
  // SCREENS maps every screen of the contract to its component (checked by its type), so the
  // lookup by the view's own screen gives the component for exactly this view.
  // TypeScript cannot relate the two unions (which component, which view), hence the one cast.
  const Component = SCREENS[props.view.screen] as ScreenComponent<Screen> | undefined;
  if (Component) return <Component {...props} />;
  // A screen this renderer does not know (host newer than renderer): nothing to offer.
  console.error(`renderer: unknown screen ${String(props.view.screen)}`);
  return <OutOfServiceScreen {...(props as unknown as ScreenProps<'outOfService'>)} />;
}

/** `<html lang>` and the window title follow the session language. */
function useDocumentLanguage(view: KioskView | null): void {
  const language = view?.language ?? 'zh-CN';
  const elder = view?.elder ?? false;
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = formatMessage(language, 'app.title');
  }, [language]);
  // Elder mode scales every size of the style sheet from <html> (styles.css, --scale).
  useEffect(() => {
    document.documentElement.classList.toggle('elder', elder);
  }, [elder]);
}

/**
 * Any touch outside the attract screen tells the host the customer is still there. Throttled,
 * except while the inactivity warning is up, when every touch counts at once. On attract the
 * touch is the START button itself (AttractScreen), not activity.
 */
function useActivityReporter(view: KioskView | null, send: Send): (minIntervalMs: number) => void {
  const current = useRef<{ screen: string | null; warning: boolean }>({
    screen: null,
    warning: false,
  });
  const lastSentAt = useRef(-Infinity);

  useEffect(() => {
    current.current = {
      screen: view?.screen ?? null,
      warning: view !== null && view.inactivityWarningSeconds !== null,
    };
  }, [view]);

  const reportActivity = useCallback(
    (minIntervalMs: number) => {
      const { screen } = current.current;
      if (screen === null || screen === 'attract') return;
      const now = performance.now();
      if (now - lastSentAt.current < minIntervalMs) return;
      lastSentAt.current = now;
      send({ type: 'ACTIVITY' });
    },
    [send],
  );

  useEffect(() => {
    const onPointerDown = (): void => {
      reportActivity(current.current.warning ? 0 : ACTIVITY_THROTTLE_MS);
    };
    document.addEventListener('pointerdown', onPointerDown, { capture: true, passive: true });
    return () => document.removeEventListener('pointerdown', onPointerDown, { capture: true });
  }, [reportActivity]);

  return reportActivity;
}

/** No context menu, no drag-out, no zoom gestures (pinch arrives as ctrl+wheel in Chromium). */
function useKioskGuards(): void {
  useEffect(() => {
    const prevent = (event: Event): void => event.preventDefault();
    const onWheel = (event: WheelEvent): void => {
      if (event.ctrlKey) event.preventDefault();
    };
    const onTouchMove = (event: TouchEvent): void => {
      if (event.touches.length > 1) event.preventDefault();
    };
    document.addEventListener('contextmenu', prevent);
    document.addEventListener('dragstart', prevent);
    document.addEventListener('wheel', onWheel, { passive: false });
    document.addEventListener('touchmove', onTouchMove, { passive: false });
    return () => {
      document.removeEventListener('contextmenu', prevent);
      document.removeEventListener('dragstart', prevent);
      document.removeEventListener('wheel', onWheel);
      document.removeEventListener('touchmove', onTouchMove);
    };
  }, []);
}
