// The advance widths and line height of a font's files, read with opentype.js (shared by the generator and
// test/text-width.test.ts, which checks the tables against the fonts).
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
  // The bullets and swatches deck.pptx writes.
  '●',
  '■',
  '□',
  '▲',
  '▼',
];

/** Font files by weight ({ 400: [file, ...] }, the first file holding a letter gives its width) -> the
 * widths of LETTERS in thousandths of an em, a width for any other letter (an "m", an overestimate), and
 * the height of a line at single spacing in em (the Windows ascent and descent: what PowerPoint and
 * LibreOffice put between lines). */
export function metricsOfFiles(files) {
  const widths = {};
  const fallback = {};
  let lineHeight = 0;
  for (const [weight, paths] of Object.entries(files)) {
    const fonts = paths.map((p) => opentype.parse(readFileSync(p).buffer));
    const per = {};
    for (const ch of LETTERS) {
      const font = fonts.find((f) => f.charToGlyphIndex(ch) > 0);
      if (!font) continue;
      per[ch] = Math.round((font.charToGlyph(ch).advanceWidth * 1000) / font.unitsPerEm);
    }
    widths[weight] = per;
    fallback[weight] = per.m;
    const { os2 } = fonts[0].tables;
    lineHeight = Math.max(lineHeight, Math.round(((os2.usWinAscent + os2.usWinDescent) * 1000) / fonts[0].unitsPerEm) / 1000);
  }
  return { fallback, widths, lineHeight };
}

/** Titillium Web's .woff files in @fontsource's folder, its three weights. */
export function metricsOf(dir) {
  const files = Object.fromEntries([400, 600, 700].map((w) => [w, ['latin', 'latin-ext'].map((set) => path.join(dir, 'files', `titillium-web-${set}-${w}-normal.woff`))]));
  return metricsOfFiles(files);
}

/** DejaVu Sans, as Debian's fonts-dejavu-core installs it: what LibreOffice draws in where the deck's font
 * is missing, and wider than the other usual stand-ins (Arial, Liberation Sans, Calibri, Segoe UI). */
export const FALLBACK_FILES = {
  family: 'DejaVu Sans',
  files: { 400: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'], 700: ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'] },
};
