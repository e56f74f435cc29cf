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

/** A grey-safe palette for each number of districts, darkest first, of distinct hues: what `check`'s
 * hints propose. Each keeps its colours lightnessGap(n) apart once printed in grey, and every colour has a
 * label ink (inkOn) that reads on it at 4.5:1: none sits in the middle lightness where neither white nor
 * dark ink does (test/colour.test.ts checks both for every count). Made with CIE LCh at lightness levels
 * spread over 16-90, skipping 49.3-54.8. */
export const GREY_SAFE_PALETTE: Readonly<Record<number, readonly { hex: string; name: string }[]>> = {
  2: [
    { hex: '#3c1a76', name: 'viola' },
    { hex: '#afa32f', name: 'giallo' },
  ],
  3: [
    { hex: '#3c1a76', name: 'viola' },
    { hex: '#05739f', name: 'azzurro' },
    { hex: '#cbbd4a', name: 'giallo' },
  ],
  4: [
    { hex: '#3c1a76', name: 'viola' },
    { hex: '#026d1e', name: 'verde' },
    { hex: '#da8940', name: 'arancio' },
    { hex: '#e2d460', name: 'giallo' },
  ],
  5: [
    { hex: '#3c1a76', name: 'viola' },
    { hex: '#015f19', name: 'verde' },
    { hex: '#047eae', name: 'azzurro' },
    { hex: '#e9974d', name: 'arancio' },
    { hex: '#e2d460', name: 'giallo' },
  ],
  6: [
    { hex: '#3c1a76', name: 'viola' },
    { hex: '#034f90', name: 'blu' },
    { hex: '#be4241', name: 'rosso' },
    { hex: '#0ca7e5', name: 'azzurro' },
    { hex: '#a3cc5a', name: 'verde chiaro' },
    { hex: '#f5e570', name: 'giallo' },
  ],
  7: [
    { hex: '#31106c', name: 'viola' },
    { hex: '#00417a', name: 'blu' },
    { hex: '#026b1e', name: 'verde' },
    { hex: '#018fc6', name: 'azzurro' },
    { hex: '#e39148', name: 'arancio' },
    { hex: '#a7d15e', name: 'verde chiaro' },
    { hex: '#f5e570', name: 'giallo' },
  ],
  8: [
    { hex: '#31106c', name: 'viola' },
    { hex: '#003e73', name: 'blu' },
    { hex: '#00621a', name: 'verde' },
    { hex: '#bc4140', name: 'rosso' },
    { hex: '#079cd7', name: 'azzurro' },
    { hex: '#ec994f', name: 'arancio' },
    { hex: '#abd462', name: 'verde chiaro' },
    { hex: '#f5e570', name: 'giallo' },
  ],
};

/** The palette for `n` districts (2 to 8), with each colour's lightness. */
export function greySafePalette(n: number): { hex: string; name: string; lightness: number }[] {
  return (GREY_SAFE_PALETTE[Math.min(8, Math.max(2, n))] ?? []).map((c) => ({ ...c, lightness: Math.round(lightness(c.hex)) }));
}

/** WCAG AA for text: what district colours are held to, as theme colours are (theme.ts). */
export const MIN_TEXT_CONTRAST = 4.5;
export const WHITE = '#ffffff';
/** The charts' dark ink (templates/charts/config.json). */
export const DARK_INK = '#1a1a1a';

/** The ink of a label written on a district's colour (a figure inside its bar): white where white reads
 * at 4.5:1, else the dark ink where that does, else whichever of the two reads better. */
export function inkOn(hex: string): string {
  const white = contrast(hex, WHITE);
  if (white >= MIN_TEXT_CONTRAST) return WHITE;
  return contrast(hex, DARK_INK) >= MIN_TEXT_CONTRAST || contrast(hex, DARK_INK) > white ? DARK_INK : WHITE;
}

/** The same hue, darker step by step, until it reaches `min` against `background`. */
export function darkened(hex: string, background: string, min = MIN_TEXT_CONTRAST): string {
  let rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const toHex = (v: number[]) => `#${v.map((x) => Math.round(x).toString(16).padStart(2, '0')).join('')}`;
  for (let i = 0; i < 100 && contrast(toHex(rgb), background) < min; i++) rgb = rgb.map((x) => x * 0.95);
  return toHex(rgb);
}

/** A district's colour as the colour of its name written on white (beside a chart): itself where it
 * reads at 4.5:1, else the same hue darkened until it does. A pale yellow is still that district's, and
 * its name can be read. */
export function textShade(hex: string): string {
  return contrast(hex, WHITE) >= MIN_TEXT_CONTRAST ? hex.toLowerCase() : darkened(hex, WHITE);
}

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
