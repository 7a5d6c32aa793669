import type { IconProps } from '../../components/icons.js';

/** "i" in a circle: the menu entry of the self-service queries. Decorative. */
export function QueryIcon({ className }: IconProps) {
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
      <circle cx="12" cy="12" r="10" />
      <path d="M12 16v-5" />
      <path d="M12 8h.01" />
    </svg>
  );
}
