/** "#rrggbb" -> CIE L* lightness (0 black .. 100 white): how light a colour prints in black and white. Pure. */

/** Two districts whose lightness differs by less than this print as about the same grey. */
export const MIN_LIGHTNESS_GAP = 12;

export function lightness(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const y = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}
