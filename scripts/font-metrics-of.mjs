// The advance widths of Titillium Web's .woff files, read with opentype.js (shared by the generator and
// test/text-width.test.ts, which checks the table against the font).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import opentype from 'opentype.js';

/** Every letter a district, a municipality or a figure may hold: ASCII, Latin-1, Latin Extended-A and
 * the typography the build writes (’ « » – − … and the no-break spaces). */
export const LETTERS = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  ...Array.from({ length: 96 }, (_, i) => String.fromCharCode(160 + i)),
  ...Array.from({ length: 128 }, (_, i) => String.fromCharCode(256 + i)),
  '‘',
  '’',
  '“',
  '”',
  '–',
  '—',
  '…',
  '−',
  '€',
  '\u202f',
  '\u2009',
  '·',
];

export function metricsOf(dir) {
  const widths = {};
  const fallback = {};
  for (const weight of [400, 600, 700]) {
    const fonts = ['latin', 'latin-ext'].map((set) => opentype.parse(readFileSync(path.join(dir, 'files', `titillium-web-${set}-${weight}-normal.woff`)).buffer));
    const per = {};
    for (const ch of LETTERS) {
      const font = fonts.find((f) => f.charToGlyphIndex(ch) > 0);
      if (!font) continue;
      per[ch] = Math.round((font.charToGlyph(ch).advanceWidth * 1000) / font.unitsPerEm);
    }
    widths[weight] = per;
    // A letter outside the table counts as wide as an "m": an overestimate, never a cut.
    fallback[weight] = per.m;
  }
  return { fallback, widths };
}
