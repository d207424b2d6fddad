import type { ReactNode } from 'react';

/**
 * The navigation's icons as inline SVG: a symbol character (⛟, ⚒) draws as an empty box on
 * phones whose fonts lack it, and an icon font would add a download to the first screen.
 * Decorative: the link's text names the place.
 */
function Svg(props: { children: ReactNode }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {props.children}
    </svg>
  );
}

export const NAV_ICONS = {
  cases: (
    <Svg>
      <path d="M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01" />
    </Svg>
  ),
  today: (
    <Svg>
      <rect x="3" y="4" width="18" height="18" rx="2" />
      <path d="M16 2v4M8 2v4M3 10h18M9 16l2 2 4-4" />
    </Svg>
  ),
  newCase: (
    <Svg>
      <path d="M12 5v14M5 12h14" />
    </Svg>
  ),
  workspace: (
    <Svg>
      <rect x="3" y="3" width="7" height="7" />
      <rect x="14" y="3" width="7" height="7" />
      <rect x="3" y="14" width="7" height="7" />
      <rect x="14" y="14" width="7" height="7" />
    </Svg>
  ),
  visits: (
    <Svg>
      <path d="M12 22s7-6.2 7-12a7 7 0 0 0-14 0c0 5.8 7 12 7 12z" />
      <circle cx="12" cy="10" r="2.5" />
    </Svg>
  ),
  conflicts: (
    <Svg>
      <path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
      <path d="M12 9v4M12 17h.01" />
    </Svg>
  ),
  settings: (
    <Svg>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1" />
    </Svg>
  ),
  admin: (
    <Svg>
      <path d="M3 21l9-9M14 4l6 6-4 4-6-6z" />
    </Svg>
  ),
} as const satisfies Record<string, ReactNode>;

export type NavIconName = keyof typeof NAV_ICONS;
