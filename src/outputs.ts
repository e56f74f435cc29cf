/** The kinds of output `--only` chooses from -> the files each one makes and the files it owns in
 * output/<year>/. Pure; no I/O. A new kind is one more entry of OUTPUT_KINDS: `--only`, the help, the
 * build and what a partial build keeps all follow from this table. */
import type { Chart } from './charts.js';
import type { Figures } from './derive.js';
import type { Rendered } from './render.js';
import { reportFiles } from './report.js';
import type { Files } from './write.js';

/** What the build has made before writing: every kind makes its files from this. */
export interface Made {
  figures: Figures;
  rendered: Rendered;
  charts: Iterable<Chart>;
}

/** The files made with the browser's help (see print.ts; deck.pptx needs its overflow check and map picture). */
export type PrintedFile = 'deck.pdf' | 'handout.pdf' | 'anteprima.png' | 'deck.pptx';

export interface OutputKind {
  /** For the help: what this kind is, in Italian. */
  description: string;
  /** The files it makes without a browser. */
  make?: (made: Made) => Files | Promise<Files>;
  /** The files the browser prints for it. */
  printed?: readonly PrintedFile[];
  /** The pages render must make for it (the printed files are printed from pages too): the build makes
   * no other, and draws the charts' phone versions only for report.html. */
  pages: readonly string[];
  /** Every file (or folder, ending in "/") it owns in output/<year>/: replaced when it is rebuilt,
   * left as it was when another kind is. */
  owns: readonly string[];
}

export const OUTPUT_KINDS = {
  html: {
    description: 'la presentazione da proiettare (deck.html)',
    make: ({ rendered }) => ({ 'deck.html': rendered.pages['deck.html'] }),
    pages: ['deck.html'],
    owns: ['deck.html'],
  },
  pdf: {
    description: 'i PDF della presentazione e da stampare (deck.pdf, handout.pdf); serve il browser',
    printed: ['deck.pdf', 'handout.pdf'],
    pages: ['deck.html', 'print/handout.html'],
    owns: ['deck.pdf', 'handout.pdf'],
  },
  report: {
    description: 'il resoconto per il sito (report.html, dati/*.csv, anteprima.png)',
    // The CSV of every chart, linked from the report's tables.
    make: ({ rendered, charts }) => (rendered.pages['report.html'] ? { 'report.html': rendered.pages['report.html'], ...reportFiles(charts) } : {}),
    printed: ['anteprima.png'],
    // The sharing image is the deck's title slide.
    pages: ['report.html', 'deck.html'],
    owns: ['report.html', 'dati/', 'anteprima.png'],
  },
  pptx: {
    description: 'la presentazione modificabile in PowerPoint (deck.pptx); serve il browser',
    printed: ['deck.pptx'],
    // The browser checks that no slide of the deck overflows before deck.pptx is made.
    pages: ['deck.html'],
    owns: ['deck.pptx'],
  },
} satisfies Record<string, OutputKind>;

export type Output = keyof typeof OUTPUT_KINDS;
export const OUTPUTS = Object.keys(OUTPUT_KINDS) as Output[];

/** Made by every build, whatever `--only` says: the review page follows the data, not a kind. */
export const ALWAYS = ['revisione.html'];

const kind = (o: Output): OutputKind => OUTPUT_KINDS[o];

/** Whether `file` (relative to output/<year>/, with "/") belongs to one of `kinds`. */
export function ownedBy(kinds: readonly Output[], file: string): boolean {
  const owned = [...ALWAYS, ...kinds.flatMap((o) => kind(o).owns)];
  return owned.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
}

/** The pages the browser prints from: the build renders them first, so that printing can start while
 * the rest (the phone drawings, the report) is made. */
export const BROWSER_PAGES: readonly string[] = ['deck.html', 'print/handout.html'];

/** The pages render makes for `kinds`: theirs and the review page. */
export function pagesFor(kinds: readonly Output[]): string[] {
  return [...new Set([...ALWAYS, ...kinds.flatMap((o) => kind(o).pages)])];
}

/** The files the browser must print for `kinds`. */
export function printedBy(kinds: readonly Output[]): PrintedFile[] {
  return kinds.flatMap((o) => kind(o).printed ?? []);
}

/** The files `kinds` make without a browser. */
export async function makeFiles(kinds: readonly Output[], made: Made): Promise<Files> {
  const files: Files = {};
  for (const o of kinds) Object.assign(files, await kind(o).make?.(made));
  return files;
}
