import type { IconProps } from '../../components/icons.js';

/** A person with a raised hand: "call a guide" (decorative; the label carries the meaning). */
export function GuideIcon({ className }: IconProps) {
  return (
    <svg
      className={className ?? 'icon'}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <circle cx="10" cy="6" r="3" />
      <path d="M4 21v-5a6 6 0 0 1 12 0v5" />
      <path d="M19 3v7" />
    </svg>
  );
}
