// Inline SVG icons: no requests, no fonts, nothing the host page can restyle.
const common = { width: 24, height: 24, viewBox: '0 0 24 24', fill: 'none' } as const;

export const ChatIcon = () => (
  <svg {...common} aria-hidden="true">
    <path
      d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z"
      fill="currentColor"
    />
  </svg>
);

export const CloseIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
  </svg>
);

export const SendIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M4 12l16-8-6 16-2.5-6.5z" fill="currentColor" />
  </svg>
);

/** The padlock of a verified identity (widget, desk, admin): drawn, so it shows without an emoji font. */
export const LockIcon = ({ size = 14 }: { size?: number }) => (
  <svg {...common} class="icon" width={size} height={size} aria-hidden="true">
    <path d="M7 10V8a5 5 0 0 1 10 0v2" stroke="currentColor" stroke-width="2" />
    <rect x="5" y="10" width="14" height="10" rx="2" fill="currentColor" />
  </svg>
);
