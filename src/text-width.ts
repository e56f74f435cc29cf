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
import { CLINGING } from './format.js';

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

/** Words a line may well start on: a new clause. */
const OPENING = new Set(['e', 'ed', 'ma', 'o', 'però', 'mentre']);

/** The cost of a line ending on `word` with `next` starting the next one: less after a colon or a comma
 * and before a conjunction, more after a word that clings to the next. */
function breakCost(word: string, next: string): number {
  // Words typeset with no-break spaces («20\u00a0con») break as one: what counts is the last of them.
  const [last, first] = [word.split('\u00a0').pop()!, next.split('\u00a0')[0]];
  if (/[,;]$/.test(last)) return -10;
  if (CLINGING.has(last.toLowerCase())) return 40;
  return OPENING.has(first.toLowerCase()) ? -20 : 0;
}

/** A title's lines, bold at `size` px in `face`: deck.pptx breaks its titles in the wider font standing in for
 * Titillium Web (the default), so that they break the same in either; deck.html in the deck's own. As few
 * lines as the face needs at `width` px. Two lines break after a colon where both halves fit; otherwise the lines are chosen among
 * every way of breaking the title into that many that fits the wider font, for even lines (no word left
 * alone on the last one), after a comma or before a conjunction where one is near, and not after an
 * article or a preposition. Bold, `size` px. */
export function titleLines(title: string, width: number, size: number, face: Face = 'fallback'): string[] {
  const words = title.split(' ').filter(Boolean);
  const count = wrapToWidth(title, width, size, 700, face).length;
  if (count === 1 || count > words.length) return count === 1 ? [title] : words;
  const colon = title.indexOf(': ');
  if (count === 2 && colon > 0) {
    const halves = [title.slice(0, colon + 1), title.slice(colon + 2)];
    if (halves.every((h) => textWidth(h, size, 700, face) <= width)) return halves;
  }
  const measure = (from: number, to: number) => textWidth(words.slice(from, to).join(' '), size, 700, face);
  let best: { lines: string[]; cost: number } | undefined;
  // Every choice of count-1 break points (titles are a few words: at most a few hundred choices).
  const choose = (from: number, left: number, ends: number[]): void => {
    if (left === 1) {
      if (measure(from, words.length) > width) return;
      const all = [...ends, words.length];
      const widths = all.map((end, k) => measure(k ? all[k - 1] : 0, end));
      const widest = Math.max(...widths);
      const cost = widths.reduce((c, w) => c + ((widest - w) / size) ** 2, 0) + ends.reduce((c, e) => c + breakCost(words[e - 1], words[e]), 0);
      if (!best || cost < best.cost) best = { lines: all.map((end, k) => words.slice(k ? all[k - 1] : 0, end).join(' ')), cost };
      return;
    }
    for (let end = from + 1; end <= words.length - left + 1 && measure(from, end) <= width; end++) choose(end, left - 1, [...ends, end]);
  };
  choose(0, count, []);
  return best?.lines ?? wrapToWidth(title, width, size, 700, face);
}

/** The size (px) a title is set at so that the wider font breaks it into no more lines than the deck's
 * font does at `size`: `size` itself, or a step or more smaller down to `floor`, or `size` where even the
 * floor is not enough (then the wider font takes more lines, balanced by titleLines). */
export function titleSize(title: string, width: number, size: number, floor: number): number {
  const deckLines = wrapToWidth(title, width, size, 700, 'deck').length;
  for (let s = size; s >= floor; s -= 2) if (wrapToWidth(title, width, s, 700, 'fallback').length <= deckLines) return s;
  return size;
}
