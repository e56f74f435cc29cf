/** The outline's checks against the figures: its and the chart definitions' paths into the figures
 * (`figurePathMistakes`), the slides the data leave out and the notes, titles and photos for no slide
 * (`outlineWarnings`), and where an outline's `field` is in the year's file (`fieldLocator`, `fieldExampler`,
 * `filledBefore`). Pure: run by `check`, so check and build report the same. */

import type { Caches } from './caches.js';
import { lookup } from './charts.js';
import type { Dataset } from './dataset.js';
import { existsIn } from './dataset.js';
import type { Figures } from './derive.js';
import { type Diagnostic, diagnostic, type Location } from './diagnostics.js';
import { type FieldExample, msg } from './messages.js';
import { leftOutFor, present, slideTitles } from './render.js';
import { YEAR_FIELDS } from './schema.js';
import { exampleAt, locateField } from './source.js';
import { closest } from './suggest.js';
import { type PageTemplates, type SlideEntry, TemplateError } from './templates.js';
import { datasetSchema } from './validate.js';

/** An outline's `field` ("convenzioni.per_ambito (nota)", "foto.2.slide") as a path in a year's file. */
const fieldPathOf = (field: string) =>
  field
    .split(' ')[0]
    .split('.')
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));

/** "convenzioni.per_ambito (nota)" or "foto.2.slide" -> where that field is, or would go, in the year's file. */
export function fieldLocator(ds: Dataset): (field: string) => Location {
  const src = ds.sources.get(ds.year)!;
  return (field) => locateField(src, fieldPathOf(field), YEAR_FIELDS);
}

/** Whether a year before the one built has a value at an outline's `field`: the network has that section. */
export function filledBefore(ds: Dataset): (field: string) => boolean {
  return (field) => {
    const path = fieldPathOf(field);
    return [...ds.years].some(([year, y]) => {
      if (year >= ds.year) return false;
      const v = path.reduce<unknown>((here, k) => (here && typeof here === 'object' ? (here as Record<PropertyKey, unknown>)[k] : undefined), y);
      return v !== undefined && v !== null;
    });
  };
}

/** "aiuto_alla_persona.consegne" (or "soci (nel file dell'anno prima)") -> the YAML to add for it, and
 * where: the copyable example a slide left out for missing data comes with. */
export function fieldExampler(ds: Dataset, caches?: Pick<Caches, 'yearSchemas'>): (field: string) => FieldExample | undefined {
  const src = ds.sources.get(ds.year)!;
  const districts = ds.districts.filter((d) => existsIn(d, ds.year)).map((d) => d.name);
  return (field) => {
    const [dotted, ...note] = field.split(' ');
    const path = dotted.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    return exampleAt(src, datasetSchema(ds, caches), path, { districts }, YEAR_FIELDS, note.length ? note.join(' ').replace(/^\(|\)$/g, '') : undefined);
  };
}

/** The ids of the slides that show: one per entry, or one per item for an entry with `each`. */
function shownIds(entries: readonly SlideEntry[], figures: Figures): string[] {
  return entries.flatMap((e) => {
    if (leftOutFor(e, figures) !== undefined) return [];
    return e.each ? (lookup(figures, e.each) as unknown[]).map((_, n) => `${e.id}-${n + 1}`) : [e.id];
  });
}

/** Figures keyed by what the year's file names (its notes and titles by slide id): any key may be there. */
const OPEN_FIGURES = new Set(['notes', 'titles']);

/** A path the outline or a chart definition reads in the figures ("network", "conventions.byCounterpart",
 * "projects.0") -> its first step that is none of the figures derive makes, with the names it could have
 * been. A step under a figure the data leave out this year cannot be told from a slip, and passes. */
export function unknownStep(figures: Figures, path: string): { step: string; under: string; known: string[] } | undefined {
  const steps = path.split('.');
  let here: unknown = figures;
  for (const [i, step] of steps.entries()) {
    if (here === undefined || here === null || typeof here !== 'object') return undefined;
    if (i > 0 && OPEN_FIGURES.has(steps[0])) return undefined;
    const under = steps.slice(0, i).join('.');
    if (Array.isArray(here)) {
      if (!/^\d+$/.test(step) && step !== 'length') return { step, under, known: ['0', '1', '…'] };
    } else if (!(step in here)) {
      return { step, under, known: Object.keys(here) };
    }
    here = (here as Record<string, unknown>)[step];
  }
  return undefined;
}

/** A located mistake in an outline or chart definitions file: a path that names no figure, an id of no chart. */
function pathMistake(file: string, at: { line: number; col: number }, key: string, wrote: string, problem: ReturnType<typeof unknownStep> & object): Diagnostic {
  const near = closest(problem.step, problem.known);
  const inside = problem.under ? `: «${problem.under}» non ha «${problem.step}»` : '';
  const detail =
    `${key}: «${wrote}» non è uno dei dati che il programma calcola${inside}` +
    (near ? ` (forse «${problem.under ? `${problem.under}.` : ''}${near}»?)` : `; ${problem.under ? `in «${problem.under}» ` : ''}ci sono: ${problem.known.join(', ')}`);
  return new TemplateError(file, at.line, detail, { col: at.col }).diagnostics[0];
}

/** The outline's and the chart definitions' paths into the figures (needs, each, items, optional, a
 * chart's source and groups) and the charts the outline names, checked against the figures derive made:
 * a misspelled one is an error at its place, with the name it most likely meant (never a slide left
 * out in silence, nor a warning to add data that are there). Pure; run by `check`. */
export function figurePathMistakes(
  figures: Figures,
  outline: PageTemplates['outline'],
  charts?: { defs: readonly { id: string; source?: string; groups?: readonly { source: string }[] }[]; file: string; posOf: (path: PropertyKey[]) => { line: number; col: number } },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const outlineAt = (p: PropertyKey[]) => outline.posOf?.(p) ?? { line: outline.lineOf(p), col: 1 };
  outline.entries.forEach((entry, index) => {
    const paths: [PropertyKey[], string, string][] = [
      ...(entry.needs ?? []).map((p, i): [PropertyKey[], string, string] => [[index, 'needs', i], 'needs', p]),
      ...(['each', 'items', 'optional'] as const).flatMap((k): [PropertyKey[], string, string][] => (typeof entry[k] === 'string' ? [[[index, k], k, entry[k] as string]] : [])),
    ];
    for (const [where, key, p] of paths) {
      const problem = unknownStep(figures, p);
      if (problem) out.push(pathMistake(outline.file, outlineAt(where), key, p, problem));
    }
    if (charts && entry.chart && !entry.chart.includes('{{')) {
      const ids = charts.defs.map((d) => d.id);
      if (!ids.includes(entry.chart)) {
        const near = closest(entry.chart, ids);
        const detail = `chart: non c'è un grafico «${entry.chart}» in charts.yaml${near ? ` (forse «${near}»?)` : `; i grafici sono: ${ids.join(', ')}`}`;
        const at = outlineAt([index, 'chart']);
        out.push(new TemplateError(outline.file, at.line, detail, { col: at.col }).diagnostics[0]);
      }
    }
  });
  for (const d of charts?.defs ?? []) {
    const paths: [PropertyKey[], string][] = [
      ...(d.source !== undefined ? [[[d.id, 'source'], d.source] as [PropertyKey[], string]] : []),
      ...(d.groups ?? []).map((g, i): [PropertyKey[], string] => [[d.id, 'groups', i, 'source'], g.source]),
    ];
    for (const [where, p] of paths) {
      const problem = unknownStep(figures, p);
      if (problem) out.push(pathMistake(charts!.file, charts!.posOf(where), 'source', p, problem));
    }
  }
  return out;
}

/** Whether an outline entry reads a figure that does not exist (figurePathMistakes reports it). */
const readsUnknown = (entry: SlideEntry, figures: Figures) => [...(entry.needs ?? []), entry.each].some((p) => p !== undefined && unknownStep(figures, p) !== undefined);

/** Figures + outline -> the warnings about the outline: each slide left out for missing data (named by its
 * title, located where its field is or would go), each note or photo for a slide that does not show.
 * Pure; what `check` reports, so check and build say the same. */
export function outlineWarnings(
  figures: Figures,
  outline: PageTemplates['outline'],
  locateField: (field: string) => Location | undefined,
  exampleFor: (field: string) => FieldExample | undefined = () => undefined,
  filledBefore: (field: string) => boolean = () => false,
  caches?: Caches,
): Diagnostic[] {
  const titleOf = slideTitles(outline.file, caches);
  const diagnostics: Diagnostic[] = [];
  outline.entries.forEach((entry, index) => {
    const field = leftOutFor(entry, figures);
    // A misspelled figure is the outline's mistake, not missing data: figurePathMistakes says so.
    if (field === undefined || readsUnknown(entry, figures)) return;
    // A section only some networks have is worth a warning only where the network has it: this year
    // (`optional: <figure>`), or in an earlier year's file (a section filled in before and missing now).
    const networkHasIt = filledBefore(field) || (typeof entry.optional === 'string' && present(lookup(figures, entry.optional)));
    if (entry.optional !== undefined && !networkHasIt) return;
    const title = titleOf(entry, figures);
    const shown = field.split('.').join(' › ');
    const at = locateField(field) ?? { file: outline.file, line: outline.lineOf([index]), col: 3 };
    diagnostics.push({ ...diagnostic('diapositiva-omessa', msg.slideLeftOut(title, shown, exampleFor(field)), at, shown, 'warning'), subject: title });
  });
  const ids = shownIds(outline.entries, figures);
  const unknown = (id: string, what: 'nota' | 'foto' | 'titolo') => msg.unknownSlide(id, what, ids, closest(id, ids));
  for (const id of Object.keys(figures.notes)) {
    if (!ids.includes(id)) diagnostics.push({ ...diagnostic('nota-senza-diapositiva', unknown(id, 'nota'), locateField(`note.${id}`), `note › ${id}`, 'warning'), subject: id });
  }
  for (const id of Object.keys(figures.titles)) {
    if (!ids.includes(id)) diagnostics.push({ ...diagnostic('titolo-senza-diapositiva', unknown(id, 'titolo'), locateField(`titoli.${id}`), `titoli › ${id}`, 'warning'), subject: id });
  }
  figures.photos.forEach((p, i) => {
    if (!ids.includes(p.slide))
      diagnostics.push({ ...diagnostic('foto-senza-diapositiva', unknown(p.slide, 'foto'), locateField(`foto.${i}.slide`), `foto › ${p.file}`, 'warning'), subject: p.slide });
  });
  return diagnostics;
}
