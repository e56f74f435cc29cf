/** A text box's paragraphs -> the room they take, in the deck's font and in the font a computer without it
 * draws deck.pptx in (text-width.ts `Face`). Pure. deck.pptx sizes its boxes with it, so that a box holds
 * its text in either font without reflowing out of it or shrinking; test/pptx.test.ts measures the
 * written boxes with it. Lengths in px of the 1280x720 slide. */
import { type Face, lineHeightOf, textWidth } from './text-width.js';

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
