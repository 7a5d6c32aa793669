import type { KioskView } from '../../src/bridge/contract.js';
import type { MessageKey } from '../../src/i18n/messages.js';
import { formatPrompt } from '../i18n.js';

interface PromptLineProps {
  readonly view: KioskView;
  /** Keys the screen already shows; the host's prompt is not repeated when it is one of them. */
  readonly shown: readonly MessageKey[];
  /** 'span' inside a button (phrasing content only). */
  readonly as?: 'p' | 'span';
}

/** What the host says the customer must do next, when the screen does not already say it. */
export function PromptLine({ view, shown, as: Element = 'p' }: PromptLineProps) {
  if (shown.includes(view.prompt.key)) return null;
  return (
    <Element className="prompt" data-testid="prompt">
      {formatPrompt(view.language, view.prompt, view.elder ?? false)}
    </Element>
  );
}
