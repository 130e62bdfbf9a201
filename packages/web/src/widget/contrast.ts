/** WCAG 2 colour arithmetic for the accent colour a brand picks: the widget and the admin's check share it. */

type Rgb = readonly [number, number, number];

/** `#rrggbb` as three 0–255 channels; null for anything else. */
export function parseHex(hex: string): Rgb | null {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return match ? [Number.parseInt(match[1] ?? '', 16), Number.parseInt(match[2] ?? '', 16), Number.parseInt(match[3] ?? '', 16)] : null;
}

const toHex = (rgb: Rgb) => `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;

/** Relative luminance (WCAG 2.2, "relative luminance"). */
function luminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [parseHex(a), parseHex(b)];
  if (!x || !y) return 1;
  const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export const WHITE = '#ffffff';
export const INK = '#111827';

/** WCAG AA for normal text. */
export const AA_RATIO = 4.5;

/**
 * The text colour for an accent background: white or the widget's ink when either reaches AA (white first), else pure
 * black, which reaches it on any colour white does not (mid-greys such as #787878).
 */
export function textOn(accent: string): string {
  const [white, ink] = [contrastRatio(accent, WHITE), contrastRatio(accent, INK)];
  if (white >= AA_RATIO && white >= ink) return WHITE;
  if (ink >= AA_RATIO) return INK;
  return white >= AA_RATIO ? WHITE : '#000000';
}

/** The colour mixed toward black by `amount` (0–1): hover and gradient shades of the accent. */
export function darker(hex: string, amount: number): string {
  const rgb = parseHex(hex);
  return rgb ? toHex(rgb.map((channel) => channel * (1 - amount)) as unknown as Rgb) : hex;
}

/** `rgba()` of the colour at `alpha`: focus rings. */
export function withAlpha(hex: string, alpha: number): string {
  const rgb = parseHex(hex);
  return rgb ? `rgba(${rgb.join(',')},${alpha})` : hex;
}
