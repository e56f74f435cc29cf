/** A text box's paragraphs -> the room they take, in the deck's font and in the font a computer without it
 * draws deck.pptx in (text-width.ts `Face`). Pure. deck.pptx sizes its boxes with it, so that a box holds
 * its text in either font without reflowing out of it or shrinking; test/pptx.test.ts measures the
 * written boxes with it. Lengths in px of the 1280x720 slide. */
import { CLINGING } from './format.js';
import { type Face, lineHeightOf, textWidth, wrapToWidth } from './text-width.js';

export interface FitRun {
  text: string;
  /** Font size, px. */
  size: number;
  bold?: boolean;
  /** Extra room after each letter, px (letter spacing). */
  spacing?: number;
}

export interface FitParagraph {
  runs: FitRun[];
  /** The line's height where it is exact (a:spcPts), px; otherwise the font's at single spacing. */
  line?: number;
  /** Otherwise a multiple of the font's single spacing (a:spcPct). */
  scale?: number;
  /** Space before and after the paragraph, px. */
  before?: number;
  after?: number;
  /** The left margin of its lines (a bullet's indent), px. */
  indent?: number;
}

export interface Fit {
  /** The paragraphs' height at the box's width, px. */
  height: number;
  /** The widest line as laid out (wider than the box only where a word alone is). */
  widest: number;
  lines: number;
}

const FACES: Face[] = ['deck', 'fallback'];

/** Words of a paragraph, each with its width and the width of the space after it; a "\n" forces a line. */
function words(p: FitParagraph, face: Face): { width: number; space: number; size: number; breakAfter: boolean }[] {
  const out: { width: number; space: number; size: number; breakAfter: boolean }[] = [];
  let current = { width: 0, space: 0, size: 0, breakAfter: false };
  let open = false;
  for (const run of p.runs) {
    for (const ch of run.text) {
      const w = ch === '\n' ? 0 : textWidth(ch, run.size, run.bold ? 700 : 400, face) + (run.spacing ?? 0);
      if (ch === ' ' || ch === '\n') {
        if (open) {
          current.space = w;
          current.breakAfter = ch === '\n';
          out.push(current);
        } else if (ch === '\n') out.push({ width: 0, space: 0, size: run.size, breakAfter: true });
        current = { width: 0, space: 0, size: 0, breakAfter: false };
        open = false;
        continue;
      }
      current.width += w;
      current.size = Math.max(current.size, run.size);
      open = true;
    }
  }
  if (open) out.push(current);
  return out;
}

/** The paragraphs laid out at `width` in one face, lines broken between words as PowerPoint and LibreOffice do. */
export function fitIn(paragraphs: FitParagraph[], width: number, face: Face, wrap = true): Fit {
  let height = 0;
  let widest = 0;
  let lines = 0;
  paragraphs.forEach((p, i) => {
    const room = width - (p.indent ?? 0);
    const size = Math.max(0, ...p.runs.filter((r) => r.text).map((r) => r.size)) || Math.max(0, ...p.runs.map((r) => r.size));
    const lineH = p.line ?? size * lineHeightOf(face) * (p.scale ?? 1);
    let n = 1;
    let x = 0;
    let pendingSpace = 0;
    for (const w of words(p, face)) {
      if (x > 0 && wrap && x + pendingSpace + w.width > room) {
        widest = Math.max(widest, x + (p.indent ?? 0));
        n++;
        x = w.width;
      } else x += (x > 0 ? pendingSpace : 0) + w.width;
      pendingSpace = w.space;
      if (w.breakAfter) {
        widest = Math.max(widest, x + (p.indent ?? 0));
        n++;
        x = 0;
      }
    }
    widest = Math.max(widest, x + (p.indent ?? 0));
    lines += n;
    height += n * lineH + (p.before ?? 0) + (i < paragraphs.length - 1 ? (p.after ?? 0) : 0);
  });
  return { height, widest, lines };
}

/** The room the paragraphs take at `width` in whichever face needs more: their height, and their widest line. */
export function fitBoth(paragraphs: FitParagraph[], width: number, wrap = true): Fit {
  const [a, b] = FACES.map((f) => fitIn(paragraphs, width, f, wrap));
  return { height: Math.max(a.height, b.height), widest: Math.max(a.widest, b.widest), lines: Math.max(a.lines, b.lines) };
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

/** A title's lines as deck.pptx breaks them, the same in either font: as few as the wider font needs at
 * `width` px. Two lines break after a colon where both halves fit; otherwise the lines are chosen among
 * every way of breaking the title into that many that fits the wider font, for even lines (no word left
 * alone on the last one), after a comma or before a conjunction where one is near, and not after an
 * article or a preposition. Bold, `size` px. */
export function titleLines(title: string, width: number, size: number): string[] {
  const words = title.split(' ').filter(Boolean);
  const count = wrapToWidth(title, width, size, 700, 'fallback').length;
  if (count === 1 || count > words.length) return count === 1 ? [title] : words;
  const colon = title.indexOf(': ');
  if (count === 2 && colon > 0) {
    const halves = [title.slice(0, colon + 1), title.slice(colon + 2)];
    if (halves.every((h) => textWidth(h, size, 700, 'fallback') <= width)) return halves;
  }
  const measure = (from: number, to: number) => textWidth(words.slice(from, to).join(' '), size, 700, 'fallback');
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
  return best?.lines ?? wrapToWidth(title, width, size, 700, 'fallback');
}

/** The size (px) a title is set at so that the wider font breaks it into no more lines than the deck's
 * font does at `size`: `size` itself, or a step or more smaller down to `floor`, or `size` where even the
 * floor is not enough (then the wider font takes more lines, balanced by titleLines). */
export function titleSize(title: string, width: number, size: number, floor: number): number {
  const deckLines = wrapToWidth(title, width, size, 700, 'deck').length;
  for (let s = size; s >= floor; s -= 2) if (wrapToWidth(title, width, s, 700, 'fallback').length <= deckLines) return s;
  return size;
}
