/** A text, its size and weight -> how wide the deck's font (Titillium Web) draws it, in px. Pure: the
 * advance widths come from src/font-metrics.ts, generated from the font. Used wherever a layout is
 * worked out in Node, where there is no canvas to measure with: vega's own guess is about 1.7 times too
 * wide, so label columns sized by it cut names short («Basso Lo…»). Kerning is left out: a word is drawn
 * a little narrower than measured, never wider.
 *
 * The same in the font a computer without Titillium Web draws deck.pptx in (face `fallback`: DejaVu
 * Sans, src/fallback-metrics.ts, a third wider in bold), for the text boxes of deck.pptx. */
import { FALLBACK_METRICS } from './fallback-metrics.js';
import { FONT_METRICS } from './font-metrics.js';

type Weight = number | string | undefined;
/** The deck's font, or the widest usual stand-in for it. */
export type Face = 'deck' | 'fallback';

const METRICS = { deck: FONT_METRICS, fallback: FALLBACK_METRICS } as const;

/** A face's line at single spacing, in em (PowerPoint and LibreOffice: the font's Windows ascent and descent). */
export const lineHeightOf = (face: Face) => METRICS[face].lineHeight;

/** 'bold', 700 -> 700; 600 -> 600; anything lighter -> 400: the three weights the deck embeds (the
 * fallback has two: 600 is its bold, as a bold run of deck.pptx is). */
function weightOf(w: Weight, face: Face): '400' | '600' | '700' {
  const n = w === 'bold' || w === 'bolder' ? 700 : w === undefined || w === 'normal' ? 400 : Number(w);
  if (face === 'fallback') return n >= 500 ? '700' : '400';
  return n >= 650 ? '700' : n >= 500 ? '600' : '400';
}

export function textWidth(text: string, fontSize: number, weight?: Weight, face: Face = 'deck'): number {
  const key = weightOf(weight, face);
  const widths = METRICS[face].widths[key];
  const fallback = METRICS[face].fallback[key];
  let units = 0;
  for (const ch of text) units += widths[ch] ?? fallback;
  // 2% over the advances: the browser rounds each glyph, and a measure must never come out short.
  return (units * fontSize * 1.02) / 1000;
}

/** The widest of several texts (a label column), in px. */
export const widestText = (texts: readonly string[], fontSize: number, weight?: Weight, face: Face = 'deck'): number => Math.max(0, ...texts.map((t) => textWidth(t, fontSize, weight, face)));

/** Words -> lines no wider than `width` px where the words allow (a word longer than the width keeps its
 * own line: a name wraps, it is never cut). */
export function wrapToWidth(text: string, width: number, fontSize: number, weight?: Weight, face: Face = 'deck'): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ').filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && textWidth(`${lines[last]} ${word}`, fontSize, weight, face) <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [''];
}

/** Lines for a label column of at most `lines` lines: the narrowest width (from the widest word up)
 * at which the text wraps into that many lines, and those lines. */
export function balancedLines(text: string, maxLines: number, fontSize: number, weight?: Weight): { lines: string[]; width: number } {
  const whole = textWidth(text, fontSize, weight);
  const words = text.split(' ').filter(Boolean);
  const widestWord = widestText(words, fontSize, weight);
  for (let w = Math.ceil(widestWord); w < whole; w += 4) {
    const lines = wrapToWidth(text, w, fontSize, weight);
    if (lines.length <= maxLines) return { lines, width: widestText(lines, fontSize, weight) };
  }
  return { lines: [text], width: whole };
}
