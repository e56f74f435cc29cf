/** Review + the warnings of the build -> what revisione.html shows (templates/pages/revisione.html.hbs), the
 * page for the people who check the figures before the assembly: each figure named in plain Italian (the
 * schema's descriptions), beside last year's. Pure: no clock, no disk; the same data gives the same page. */
import { type Diagnostic, formatLocation } from './diagnostics.js';
import { formatNumber, formatSigned, formatSignedPercent } from './format.js';
import { FLAG_CODE, type Flag, type Review, type ReviewRow } from './review.js';
import { fieldLabel, sectionLabel } from './schema.js';

const FLAG_TEXT: Record<Flag, (row: ReviewRow, year: number) => string> = {
  zero: () => 'Sceso a zero',
  cifra: (r) => `Una cifra ${r.current! > r.previous! ? 'in più' : 'in meno'}?`,
  terzo: () => 'Cambiato di più di un terzo',
  manca: (_r, year) => `Manca nel ${year}`,
  'anno-vecchio': (r, year) => (r.field === 'assemblea › data' ? 'Data da controllare' : `Parla del ${year - 1}?`),
};

export interface ReviewRowView {
  /** The figure in plain Italian: "Soci tesserati per ambito › Nord". */
  label: string;
  /** The same as the file spells it, for whoever edits it: `soci › per_ambito › Nord`. */
  field: string;
  current: string;
  previous: string;
  /** A text or a list: its cells hold words, left-aligned and wrapped, not figures. */
  text?: boolean;
  diff: string;
  ratio: string;
  flag?: string;
  where: string;
}

export interface ReviewView {
  year: number;
  previousYear: number;
  title: string;
  organisation: string;
  compared: string;
  summary: { figures: string; flagged: string; warnings: string };
  flagged: ReviewRowView[];
  sections: { id: string; name: string; rows: ReviewRowView[] }[];
  warnings: { where: string; field?: string; message: string; hint?: string; example?: string }[];
}

function rowView(r: ReviewRow, year: number): ReviewRowView {
  const cell = (n: number | undefined, f: (n: number) => string = formatNumber) => (n === undefined ? '—' : f(n));
  const common = { label: fieldLabel(r.field.split(' › ')), field: r.field, ...(r.flag ? { flag: FLAG_TEXT[r.flag](r, year) } : {}), where: r.at ? formatLocation(r.at) : '' };
  if (r.kind !== 'number') {
    // A text beside last year's: the difference column says whether it changed (a copied text often should have).
    const same = r.currentText !== undefined && r.previousText !== undefined ? (r.currentText === r.previousText ? 'uguale' : 'cambiato') : '—';
    return { ...common, text: true, current: r.currentText ?? 'manca', previous: r.previousText ?? '—', diff: same, ratio: '—' };
  }
  return {
    ...common,
    current: r.current === undefined ? 'manca' : cell(r.current),
    previous: cell(r.previous),
    diff: cell(r.change?.diff, formatSigned),
    ratio: cell(r.change?.ratio, formatSignedPercent),
  };
}

const count = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export function reviewView(review: Review, diagnostics: readonly Diagnostic[], organisation: string): ReviewView {
  const flagged = review.rows.filter((r) => r.flag);
  // The flags are the table's own column; the list below holds every other warning.
  const warnings = diagnostics.filter((d) => d.severity === 'warning' && d.code !== FLAG_CODE);
  const sections = [...new Set(review.rows.map((r) => r.section))];
  return {
    year: review.year,
    previousYear: review.previousYear ?? review.year - 1,
    title: `Revisione dei dati ${review.year}`,
    organisation,
    compared: review.previousYear
      ? `Ogni dato del ${review.year} accanto a quello del ${review.previousYear}, con la differenza.`
      : `Non c'è il file del ${review.year - 1}: i dati del ${review.year} sono elencati senza confronto.`,
    summary: {
      figures: count(review.rows.filter((r) => r.kind === 'number').length, 'dato', 'dati'),
      flagged: count(flagged.length, 'variazione da controllare', 'variazioni da controllare'),
      warnings: count(warnings.length, 'altro avviso', 'altri avvisi'),
    },
    flagged: flagged.map((r) => rowView(r, review.year)),
    sections: sections.map((s) => ({ id: `sezione-${s.replace(/_/g, '-')}`, name: sectionLabel(s), rows: review.rows.filter((r) => r.section === s).map((r) => rowView(r, review.year)) })),
    warnings: warnings.map((d) => ({ where: d.at ? formatLocation(d.at) : '', field: d.field, message: d.message, hint: d.hint, ...(d.example ? { example: d.example } : {}) })),
  };
}
