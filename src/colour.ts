/** "#rrggbb" -> CIE L* lightness (0 black .. 100 white): how light a colour prints in black and white. Pure. */

/** Two districts whose lightness differs by less than this print as about the same grey. */
export const MIN_LIGHTNESS_GAP = 12;
/** The lightness a printed handout spreads district colours over: a dark purple (about 18) to a pale yellow
 * (about 88), less some slack so that colours picked evenly over it (GREY_SAFE_PALETTE) pass. */
export const LIGHTNESS_SPAN = 66;

/** How far apart the lightness of `districts` colours must be: MIN_LIGHTNESS_GAP, or less when that many
 * colours cannot all be so far apart within the span (7 districts: 11, 8: 9). */
export function lightnessGap(districts: number): number {
  return Math.min(MIN_LIGHTNESS_GAP, Math.floor(LIGHTNESS_SPAN / Math.max(1, districts - 1)));
}

/** Colours 10 apart in lightness, darkest first, of distinct hues: examples for the hint. */
export const GREY_SAFE_PALETTE: readonly { hex: string; name: string; lightness: number }[] = [
  { hex: '#3f1a5b', name: 'viola scuro', lightness: 18 },
  { hex: '#163a98', name: 'blu', lightness: 28 },
  { hex: '#1e672a', name: 'verde', lightness: 38 },
  { hex: '#ce3f2c', name: 'rosso', lightness: 48 },
  { hex: '#428fd7', name: 'azzurro', lightness: 58 },
  { hex: '#e59348', name: 'arancio', lightness: 68 },
  { hex: '#a7ce55', name: 'verde chiaro', lightness: 78 },
  { hex: '#eade9e', name: 'giallo chiaro', lightness: 88 },
];

/** "#rrggbb" -> relative luminance Y (0 black .. 1 white), from the sRGB channels made linear. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function lightness(hex: string): number {
  const y = luminance(hex);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
