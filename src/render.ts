/** Slide outline + Handlebars templates + Figures + chart SVGs -> the deck's slides and HTML pages. Pure:
 * templates arrive as text (see templates.ts). Every template is compiled before anything renders, so a
 * syntax error, an unknown helper or partial, or a misspelled figure fails the build naming file and line. */
import Handlebars from 'handlebars';
import type { Caches } from './caches.js';
import type { Chart } from './charts.js';
import { lookup } from './charts.js';
import { compileOnce, parseOnce } from './compile-once.js';
import type { HandoutLayout } from './config.js';
import type { Figures } from './derive.js';
import type { Location } from './diagnostics.js';
import { bindPhrases, formatDate, formatDecimal, formatNumber, formatPercent, formatSigned, formatSignedPercent, plural, typeset, typesetHtml } from './format.js';
import { noteText } from './messages.js';
import type { SiteLinks } from './publish.js';
import type { Printed } from './reconcile.js';
import { entryHeading } from './report.js';
import type { ReviewView } from './review-page.js';
import { handlebarsError, type PageTemplates, type SlideEntry, TemplateError } from './templates.js';
import { titleLines } from './text-width.js';

/** One slide, ready for the page templates. */
export interface Slide {
  id: string;
  kind: string;
  section: string;
  title: string;
  /** The section's name shown above the title, unless the title repeats it (see kickerOf). */
  kicker?: string;
  /** A divider's place among the deck's dividers, 1-based («Parte 2»), written over every divider. */
  part?: number;
  /** 1-based position in the deck. */
  number: number;
  /** The first slide of its section (where the section's heading, and the PDF bookmark, goes). */
  opensSection: boolean;
  /** It opens its section and its title is the section's name: the report shows that heading once. */
  titleIsSection: boolean;
  /** The report's heading for the slide: its title without the section's name in front (report.ts). */
  reportTitle: string;
  /** The slide's own HTML (the inside of its 16:9 box). */
  body: string;
  /** The same content for the report: each chart drawn twice, wide and for a phone (Chart.responsiveSvg). */
  reportBody: string;
  /** The same content for the handout as a document: each chart drawn for the A4 column (Chart.printSvg),
   * the map's lists of municipalities included; '' unless that handout is made. */
  handoutBody: string;
  notes?: string;
  charts: Chart[];
  /** The data field the slide shows (named when it is left out or too full). */
  field?: string;
  /** Where the slide is defined in the outline. */
  source: { entry: string; line: number };
  /** The outline entry with its texts evaluated (facts, text, value, label, lead...), the repeated
   * item and the listed items: what other outputs (deck.pptx) lay out themselves. */
  content: { fields: Record<string, unknown>; item?: unknown; listItems?: unknown[] };
}

export interface Rendered {
  slides: Slide[];
  pages: Record<string, string>;
  /** The footer's words as plain text (partials/footer-text.hbs, the network's own when it has one): what
   * deck.pptx's masters write, the same as deck.html's slides and the handout's pages. */
  footer: string;
}

const HELPERS = ['num', 'dec', 'pct', 'signed', 'signedPct', 'date', 'plural', 'trend', 'json'] as const;
const KNOWN_HELPERS = Object.fromEntries(HELPERS.map((h) => [h, true]));
/** Raw (unescaped) output is allowed only for what the build made itself. */
const RAW_ALLOWED = new Set([
  'chart.svg',
  'this.svg',
  'svg',
  'body',
  'this.body',
  'slide.body',
  'reportBody',
  'this.reportBody',
  'handoutBody',
  'this.handoutBody',
  'slide.handoutBody',
  'handout.footerCss',
  'handout.brief.handoutBody',
  'fontFaces',
  '@root.site.qrSvg',
  'themeCss',
]);
const rawAllowed = (path: string) => RAW_ALLOWED.has(path) || /^(style|script)\./.test(path);

type HelperOptions = { hash?: Record<string, unknown>; loc?: { start: { line: number; column: number } }; data?: { root?: { __file?: string } } };

function helperError(name: string, options: HelperOptions, file: string): TemplateError {
  return new TemplateError(file, options.loc?.start.line ?? 1, `{{${name}}}: manca il valore (un nome scritto male, o un dato facoltativo da mettere dentro {{#if}})`, {
    col: (options.loc?.start.column ?? 0) + 1,
  });
}

/** Formatting helpers. They refuse a missing value: that is almost always a misspelled figure. */
function registerHelpers(hb: typeof Handlebars, fileOf: () => string): void {
  const numeric = (name: string, f: (n: number) => string) => (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw helperError(`${name} …`, options, fileOf());
    return f(value);
  };
  hb.registerHelper('num', numeric('num', formatNumber));
  hb.registerHelper('dec', numeric('dec', formatDecimal));
  hb.registerHelper(
    'pct',
    numeric('pct', (n) => formatPercent(n)),
  );
  hb.registerHelper('signed', numeric('signed', formatSigned));
  hb.registerHelper(
    'signedPct',
    numeric('signedPct', (n) => formatSignedPercent(n)),
  );
  // {{date d}} -> "16 maggio 2026"; {{date d part="day-month"}} -> "16 maggio", part="year" -> "2026".
  hb.registerHelper('date', (value: unknown, options: HelperOptions) => {
    const part = options.hash?.part;
    if (typeof value !== 'string' || (part !== undefined && part !== 'day-month' && part !== 'year')) throw helperError('date …', options, fileOf());
    return formatDate(value, part);
  });
  // {{plural n "comune" "comuni"}}: the noun after a count agrees with it.
  hb.registerHelper('plural', (value: unknown, one: unknown, many: unknown, options: HelperOptions) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || typeof one !== 'string' || typeof many !== 'string') throw helperError('plural …', options, fileOf());
    return plural(value, one, many);
  });
  // {{trend members.change "crescono" "calano" "restano stabili"}}: the words for the way a change went
  // (derive.ts trendOf: less than 1% either way is stable), so a title never says "cresce" of a fall.
  hb.registerHelper('trend', (value: unknown, up: unknown, down: unknown, flat: unknown, options: HelperOptions) => {
    const t = (value as { trend?: unknown } | undefined)?.trend;
    if ((t !== 'up' && t !== 'down' && t !== 'flat') || typeof up !== 'string' || typeof down !== 'string' || typeof flat !== 'string') throw helperError('trend …', options, fileOf());
    return t === 'up' ? up : t === 'down' ? down : flat;
  });
  hb.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));
}

const COMPILE = { strict: true, knownHelpersOnly: true, knownHelpers: KNOWN_HELPERS } as const;

/** Walks a template's syntax tree: partial names it uses, and unescaped output it makes. */
function inspect(ast: hbs.AST.Program, file: string, partials: Set<string>): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; name?: { original?: string }; path?: { original?: string }; escaped?: boolean; loc?: hbs.AST.SourceLocation };
    if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && n.name?.original && !partials.has(n.name.original)) {
      throw new TemplateError(file, n.loc?.start.line ?? 1, `il partial "${n.name.original}" non esiste (partials: ${[...partials].join(', ')})`);
    }
    if (n.type === 'MustacheStatement' && n.escaped === false && !rawAllowed(n.path?.original ?? '')) {
      throw new TemplateError(file, n.loc?.start.line ?? 1, `{{{${n.path?.original}}}} scrive HTML senza escape: consentito solo per l'SVG e le parti create dalla build`);
    }
    for (const v of Object.values(node)) {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && v !== n.loc) visit(v);
    }
  };
  visit(ast);
}

type Compiled = Handlebars.TemplateDelegate;

/** Compiles every template now; returns the compiled functions. */
function compileAll(hb: typeof Handlebars, sources: Record<string, { file: string; text: string }>, partialNames: Set<string>, caches?: Caches): Record<string, Compiled> {
  const out: Record<string, Compiled> = {};
  for (const [name, { file, text }] of Object.entries(sources)) {
    let ast: hbs.AST.Program;
    try {
      ast = parseOnce(hb, text, caches);
      out[name] = compileOnce(hb, text, COMPILE, caches);
    } catch (cause) {
      throw handlebarsError(file, cause, 0, HELPERS);
    }
    inspect(ast, file, partialNames);
  }
  return out;
}

/** Runs a compiled template, turning a strict-mode "not defined" into file:line. */
function run(t: Compiled, context: unknown, file: string, lineOffset: number | { line: number; col: number } = 0, setFile?: (f: string) => void): string {
  setFile?.(file);
  try {
    return t(context);
  } catch (cause) {
    throw handlebarsError(file, cause, lineOffset, HELPERS);
  }
}

/** A compiled partial that, while it runs, is the file its helpers' errors name, and whose own errors
 * are located in it; the file before it is restored after. */
function ownFile(t: Compiled, file: string, current: () => string, setFile: (f: string) => void): Compiled {
  return ((context: unknown, options?: Handlebars.RuntimeOptions) => {
    const outer = current();
    setFile(file);
    try {
      return t(context, options);
    } catch (cause) {
      throw handlebarsError(file, cause, 0, HELPERS);
    } finally {
      setFile(outer);
    }
  }) as Compiled;
}

/** A slide entry's text fields are templates too; evaluate them over the figures (and the repeated item). */
function evaluateEntry(
  hb: typeof Handlebars,
  entry: SlideEntry,
  context: Record<string, unknown>,
  file: string,
  lineOf: (path: PropertyKey[]) => number,
  setFile: (f: string) => void,
  entryIndex: number,
  posOf?: (path: PropertyKey[]) => { line: number; col: number },
  caches?: Caches,
): Record<string, unknown> {
  const walk = (v: unknown, path: PropertyKey[]): unknown => {
    if (typeof v === 'string') {
      if (!v.includes('{{')) return v;
      const line = lineOf([entryIndex, ...path]);
      const at = posOf?.([entryIndex, ...path]) ?? { line, col: 1 };
      let t: Compiled;
      // These produce plain text; the page templates escape it where it lands.
      const options = { ...COMPILE, noEscape: true };
      try {
        t = compileOnce(hb, v, options, caches);
      } catch (cause) {
        throw handlebarsError(file, cause, at, HELPERS);
      }
      return run(t, context, file, at, setFile);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    return v;
  };
  return walk(entry, []) as Record<string, unknown>;
}

/** An entry's fields that are sentences, not names or headings. */
const SENTENCES = ['text', 'caption'] as const;

/** Whether a figure is there to show: not missing, not an empty list. */
export function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

export interface RenderInput {
  /** The pictures the data names, as data: URIs by file name (see assets.ts). */
  images?: Map<string, string>;
  figures: Figures;
  charts: Map<string, Chart>;
  templates: PageTemplates;
  /** Stamped into the pages' metadata; the assembly date unless SOURCE_DATE_EPOCH says otherwise. */
  buildDate: string;
  /** Slides per A4 page of the handout (1 is a notes page), or 'document': the handout to read at home. */
  handoutLayout: HandoutLayout;
  /** Figures the original document printed differently from what the data give (see reconcile.ts). */
  printed?: Printed[];
  /** Where a data field (as named in the outline's `field`) is, or should be, in the year's file. */
  locateField?: (field: string) => Location | undefined;
  /** What the review page (revisione.html) shows: see review-page.ts. */
  review: ReviewView;
  /** The pages to make (see outputs.ts pagesFor); all of them when absent. Without report.html the
   * slides' reportBody is left empty. */
  pages?: readonly string[];
  /** The absolute addresses under the network's site, and the QR code to the report (see publish.ts); none without `sito:`. */
  site?: SiteLinks;
  /** What an earlier build compiled and typeset (see caches.ts); without it everything is done anew. */
  caches?: Caches;
}

/** Printed text at the layouts meant for reading (1 and 2 a page) is never smaller than this; print.ts
 * raises whatever the slides' own sizes would shrink below it. 3 and 6 a page are overviews. */
export const HANDOUT_MIN_TEXT_PT = 8;

/** Slides -> A4 pages of the handout. A section's divider is not printed as a slide: its title becomes
 * a heading above the section's first slide, and only the other slides count towards a page. */
export function handoutPages<S extends Pick<Slide, 'kind' | 'title'>>(slides: S[], layout: 1 | 2 | 3 | 6, withQr = false) {
  const entries: { slide: S; part?: string }[] = [];
  let part: string | undefined;
  for (const slide of slides) {
    if (slide.kind === 'section') part = slide.title;
    else {
      entries.push({ slide, part });
      part = undefined;
    }
  }
  const pages: { number: number; entries: typeof entries; qr?: boolean }[] = [];
  for (let i = 0; i < entries.length; i += layout) pages.push({ number: pages.length + 1, entries: entries.slice(i, i + layout) });
  // The QR code to the web report goes on the last page when it has room (a notes page, or one not full
  // of slides), else on a page of its own after it.
  if (withQr) {
    const last = pages[pages.length - 1];
    if (last && (layout === 1 || last.entries.length < layout)) last.qr = true;
    else pages.push({ number: pages.length + 1, entries: [], qr: true });
  }
  return {
    layout,
    pages,
    withNotes: layout === 1,
    withLines: layout === 2 || layout === 3,
    // Enough ruled lines to fill a whole A4 sheet (8mm apart); the box shows those that fit.
    rules: Array.from({ length: 36 }, () => ({})),
    minTextPt: layout === 1 || layout === 2 ? HANDOUT_MIN_TEXT_PT : undefined,
  };
}

/** Slide kinds the handout as a document does not print as content: the cover and the closing are the
 * hall's, a divider is its section's heading, and the year in brief opens the document on its own. */
const NOT_IN_DOCUMENT = new Set(['title', 'section', 'closing', 'brief']);

/** Slides -> the handout as a document: the year in brief first, then one section at a time, each slide
 * with its content, its charts' tables and (the map) its lists; the slides stay in the outline's order. */
export function handoutDocument<S extends Pick<Slide, 'kind' | 'section'>>(slides: S[], footer = '') {
  const content = slides.filter((s) => !NOT_IN_DOCUMENT.has(s.kind));
  const names = [...new Set(content.map((s) => s.section))];
  return {
    layout: 'document' as const,
    document: true,
    /** The page footer's words as a CSS string (the page's margin box writes them). */
    footerCss: cssString(footer),
    /** Kinds whose content already holds their chart's figures: a table slide shows its table, the map its
     * lists of municipalities (its table, the same names by district). Others get the table under the chart. */
    tableShown: { table: true, map: true },
    brief: slides.find((s) => s.kind === 'brief'),
    sections: names.map((name) => ({ name, slides: content.filter((s) => s.section === name) })),
  };
}

/** Text as a CSS string: quotes and backslashes escaped, and "<" too, so that no text closes the <style>. */
const cssString = (text: string) => `"${text.replace(/[\\"<\n]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

/** A heading's words, for comparing two headings: case, punctuation and spacing aside. */
const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
/** A caption that says no more than the heading above it, give or take the years ("Totale assistiti 2023–2025"). */
const sameWords = (caption: string, heading: string) =>
  words(caption)
    .replace(/\b\d{4}\b/g, '')
    .trim()
    .replace(/\s+/g, ' ') === words(heading).replace(/\s+/g, ' ');

/** The network's logo, ready for an <img>, when the data names one. */
function logoOf(input: RenderInput): { src: string; alt: string } | undefined {
  const src = input.figures.logo && input.images?.get(input.figures.logo.file);
  return src ? { src, alt: input.figures.logo!.alt } : undefined;
}

/** More squares than this are drawn dense (slides.css .squares--dense, pptx.ts too). */
export const DENSE_SQUARES = 200;

/** A share as squares, one for each of the whole, the part filled ("44 comuni su 90"); up to 400. */
function squaresOf(share: unknown): boolean[] | undefined {
  const { part, whole } = (share ?? {}) as { part?: unknown; whole?: unknown };
  const p = Number(part);
  const w = Number(whole);
  if (!Number.isInteger(p) || !Number.isInteger(w) || w <= 0 || w > 400 || p < 0 || p > w) return undefined;
  return Array.from({ length: w }, (_, i) => i < p);
}

/** A whole split in its parts, as one bar (the associations by kind): each part's figure and its width
 * as a share of the whole, in per cent. Undefined unless every part is a count. */
export function splitOf(split: unknown): { title?: string; parts: { shown: string; label: string; detail?: string; width: number }[]; alt: string } | undefined {
  const { title, parts } = (split ?? {}) as { title?: unknown; parts?: { value?: unknown; label?: unknown; detail?: unknown }[] };
  if (!Array.isArray(parts) || !parts.length) return undefined;
  const values = parts.map((p) => Number(p.value));
  if (values.some((v) => !Number.isFinite(v) || v < 0)) return undefined;
  const whole = values.reduce((a, b) => a + b, 0) || 1;
  const shown = parts.map((p, i) => ({
    shown: formatNumber(values[i]),
    label: String(p.label ?? ''),
    detail: typeof p.detail === 'string' ? p.detail : undefined,
    width: Math.round((values[i] / whole) * 1000) / 10,
  }));
  const heading = typeof title === 'string' ? title : undefined;
  return {
    title: heading,
    parts: shown,
    // The bar read as one picture (a Figure in the PDFs, with this as its alternate text).
    alt: typeset(`${heading ? `${heading}: ` : ''}${shown.map((p) => `${p.label}${p.detail ? ` (${p.detail})` : ''} ${p.shown}`).join(', ')}`),
  };
}

/** A content slide's title (slides.css .slide-title): the inner width of the 1280 px slide, 44 px bold. Its
 * lines are chosen here (titleLines: after a colon or a comma, never after an article), the browser's
 * balancing left to break a line only where the font's measure was short. */
export const CONTENT_TITLE = { width: 1280 - 2 * 64, size: 44 } as const;

/** A list of a few names (places, members), shown as boxes on a grid rather than as a bulleted list. */
const isShortList = (items: unknown[] | undefined) => !!items && items.length <= 6 && items.every((x) => typeof x === 'string' && x.length <= 32);

/** The section's name above the title, unless the title already says it ("Automezzi" over "Automezzi",
 * "Soci" over "Soci Auser 2025"): a kicker never repeats its title. */
function kickerOf(section: string, title: string): string | undefined {
  const s = words(section);
  const t = words(title);
  return s && (t === s || t.startsWith(`${s} `)) ? undefined : section;
}

/** The sentences for the speaker notes where a figure the slide shows differs from the one the original
 * document printed (the `printed` fields its outline entry names, in any year it shows). */
function printedNotes(entry: SlideEntry, year: number, printed: Printed[] | undefined): string[] {
  const fields = entry.printed;
  if (!fields || !printed) return [];
  const years = entry.printedYears;
  const shown = (y: number) => (years === 'all' ? y <= year : years === 'both' ? y === year || y === year - 1 : years === 'previous' ? y === year - 1 : y === year);
  return printed.filter((p) => fields.includes(p.field) && shown(p.year)).map((p) => noteText.printed(p));
}

/** The outline -> slides (left-out ones are skipped; outlineWarnings says why). */
export function renderSlides(input: RenderInput): { slides: Slide[]; hb: typeof Handlebars; compiled: Record<string, Compiled> } {
  const { figures, charts, templates } = input;
  const hb = Handlebars.create();
  let currentFile = templates.outline.file;
  registerHelpers(hb, () => currentFile);
  const setFile = (f: string) => {
    currentFile = f;
  };

  const partialNames = new Set(Object.keys(templates.partials));
  const compiled = compileAll(hb, { ...templates.partials, ...templates.pages }, partialNames, input.caches);
  // A partial's mistake at run time (a misspelled figure in a network's slide-footer.hbs) names the
  // partial's file and line, not the page's that includes it: Handlebars' error says neither.
  for (const [name, t] of Object.entries(templates.partials))
    hb.registerPartial(
      name,
      ownFile(compiled[name], t.file, () => currentFile, setFile),
    );

  const slides: Slide[] = [];
  const { entries, file, lineOf } = templates.outline;
  const wanted = (page: string) => !input.pages || input.pages.includes(page);

  let parts = 0;
  entries.forEach((entry, index) => {
    const partial = `slides/${entry.kind}`;
    if (!partialNames.has(partial)) throw new TemplateError(file, lineOf([index, 'kind']), `non c'è il partial templates/${partial}.hbs per il tipo "${entry.kind}"`);
    // Left-out slides are reported by outlineWarnings (run by check), not here.
    if (leftOutFor(entry, figures) !== undefined) return;
    const items = entry.each ? (lookup(figures, entry.each) as unknown[]) : [undefined];
    (items ?? []).forEach((item, n) => {
      const part = entry.kind === 'section' ? ++parts : undefined;
      const context = { ...figures, item, logo: logoOf(input) };
      const evaluated = evaluateEntry(hb, entry, context, file, lineOf, setFile, index, templates.outline.posOf, input.caches);
      // The slide's sentences keep their short phrases whole (format.ts bindPhrases), in every output.
      for (const key of SENTENCES) if (typeof evaluated[key] === 'string') evaluated[key] = bindPhrases(typeset(evaluated[key] as string));
      const id = entry.each ? `${entry.id}-${n + 1}` : entry.id;
      const chart = typeof evaluated.chart === 'string' ? charts.get(evaluated.chart) : undefined;
      const listItems = typeof entry.items === 'string' ? (lookup(figures, entry.items) as unknown[]) : undefined;
      // Items named by a key (the year in brief's headlines) take their words from the entry's labels.
      const labels = evaluated.labels as Record<string, unknown> | undefined;
      const unlabelled = labels && listItems?.map((x) => (x as { key?: unknown }).key).find((k) => typeof k === 'string' && typeof labels[k] !== 'string');
      if (unlabelled)
        throw new TemplateError(file, lineOf([index, 'labels']), `manca il nome di «${String(unlabelled)}» sotto labels: aggiungi la riga "${String(unlabelled)}: ..." con le parole da mostrare`);
      // A title the year's file sets by hand (titoli: <id>) takes the outline's place.
      const title = figures.titles[id] ?? String(evaluated.title ?? '');
      const section = String(evaluated.section ?? '');
      // A kicker that says what the title says (a divider named as its part) is not written twice.
      const given = typeof evaluated.kicker === 'string' && evaluated.kicker.trim() ? evaluated.kicker.trim() : kickerOf(section, title);
      const kicker = given && words(given) === words(title) ? undefined : given;
      const slideContext = {
        ...context,
        slide: {
          ...evaluated,
          title,
          id,
          number: 0,
          kicker,
          part,
          titleLines: titleLines(typeset(title), CONTENT_TITLE.width, CONTENT_TITLE.size, 'deck'),
          shortList: isShortList(listItems),
          squares: squaresOf(evaluated.share),
          // Many squares (people, a square each) drawn smaller and closer, so that a few hundred fit.
          denseSquares: (squaresOf(evaluated.share)?.length ?? 0) > DENSE_SQUARES,
          split: splitOf(evaluated.split),
        },
        chart,
        // The report's rendering may say more than the slide (the map's lists of municipalities).
        forReport: false,
        listItems,
        photos: figures.photos.filter((p) => p.slide === id).map((p) => ({ ...p, src: input.images?.get(p.file) })),
      };
      const body = typesetHtml(run(compiled[partial], slideContext, templates.partials[partial].file, 0, setFile), input.caches?.typeset);
      // The slide templates write {{{chart.svg}}}; for the report that is the wide-and-narrow pair.
      // A caption that only repeats the title or the section (with the years) is left out in the report.
      const repeats = chart && (sameWords(chart.title, title) || sameWords(chart.title, section));
      const reportChart = chart && { ...chart, svg: chart.responsiveSvg, title: repeats ? '' : chart.title };
      const reportBody = !wanted('report.html')
        ? ''
        : chart
          ? typesetHtml(run(compiled[partial], { ...slideContext, chart: reportChart, forReport: true }, templates.partials[partial].file, 0, setFile), input.caches?.typeset)
          : body;
      // The handout as a document says what the report says (forReport: the map's lists), its charts drawn for A4.
      const handoutChart = chart && { ...chart, svg: chart.printSvg || chart.svg };
      const handoutBody =
        input.handoutLayout !== 'document' || !wanted('print/handout.html')
          ? ''
          : typesetHtml(run(compiled[partial], { ...slideContext, chart: handoutChart, forReport: true, forHandout: true }, templates.partials[partial].file, 0, setFile), input.caches?.typeset);
      const notes = [figures.notes[id], typeof evaluated.note === 'string' ? evaluated.note.trim() : undefined, ...printedNotes(entry, figures.year, input.printed)].filter((n): n is string => !!n);
      slides.push({
        id,
        kind: entry.kind,
        section: typeset(section),
        title: typeset(title),
        kicker: kicker && typeset(kicker),
        ...(part ? { part } : {}),
        number: 0,
        opensSection: false,
        titleIsSection: false,
        reportTitle: typeset(title),
        body,
        reportBody,
        handoutBody,
        notes: notes.length ? notes.join(' ') : undefined,
        charts: chart ? [chart] : [],
        field: entry.field,
        source: { entry: file, line: lineOf([index]) },
        content: { fields: evaluated, item, listItems },
      });
    });
  });
  slides.forEach((s, i) => {
    s.number = i + 1;
    s.opensSection = i === 0 || slides[i - 1].section !== s.section;
    s.titleIsSection = s.opensSection && words(s.title) === words(s.section);
    s.reportTitle = entryHeading(s.section, s.title);
  });

  return { slides, hb, compiled };
}

/** The field a slide waits for, when its figures are missing (it is left out); undefined when it shows. */
export function leftOutFor(entry: SlideEntry, figures: Figures): string | undefined {
  const missing = (entry.needs ?? []).find((p) => !present(lookup(figures, p)));
  if (missing === undefined && (!entry.each || present(lookup(figures, entry.each)))) return undefined;
  return entry.field ?? missing ?? entry.each ?? entry.id;
}

/** An outline's slide titles as the deck shows them (see titleOf), for what is said about a slide that
 * does not show; a helper's mistake names the outline's file. */
export function slideTitles(outlineFile: string, caches?: Caches): (entry: SlideEntry, figures: Figures) => string {
  const hb = Handlebars.create();
  registerHelpers(hb, () => outlineFile);
  return (entry, figures) => titleOf(entry, figures, hb, caches);
}

/** A slide's title as the deck shows it: a title that is a template is evaluated over the figures. A title
 * made only of the missing figure ("{{closing.title}}") gives way to the slide's section ("Chiusura"). */
function titleOf(entry: SlideEntry, figures: Figures, hb: typeof Handlebars, caches?: Caches): string {
  if (!entry.title.includes('{{')) return entry.title;
  let title: string;
  try {
    title = compileOnce(hb, entry.title, { noEscape: true, knownHelpers: KNOWN_HELPERS }, caches)({ ...figures });
  } catch {
    // A title that needs the very figure that is missing: its words without the placeholders; a title
    // with branches ({{#if}}) has no such words (its branches' run together), so its section stands in.
    title = entry.title.includes('{{#') ? '' : entry.title.replace(/\{\{[^}]*\}\}/g, '');
  }
  title = title.replace(/«\s*»/g, '').replace(/\s+/g, ' ').trim();
  return /\p{L}/u.test(title.replace(/[«»]/g, '')) ? title : entry.section;
}

/** The footer's words (partials/footer-text.hbs) as plain text, for deck.pptx: unescaped, on one line. */
function footerText(hb: typeof Handlebars, templates: PageTemplates, context: object, caches?: Caches): string {
  const source = templates.partials['footer-text'];
  if (!source) return '';
  let t: Compiled;
  try {
    t = compileOnce(hb, source.text, { ...COMPILE, noEscape: true }, caches);
  } catch (cause) {
    throw handlebarsError(source.file, cause, 0, HELPERS);
  }
  return run(t, context, source.file, 0).replace(/\s+/g, ' ').trim();
}

/** Slides + page templates -> the HTML pages (deck.html, report.html ...). */
/** The report's own words (header, credits) get the slides' typography too. Its slides' bodies already have
 * it: they stand aside as markers (private-use characters, which the typography leaves alone) while the
 * page is typeset, and come back after, so the long page is not typeset twice (on every save in `dev`). */
function typesetAroundBodies(slides: Slide[], page: (s: { slides: Slide[]; sections: { name: string; slides: Slide[] }[] }) => string): string {
  const marker = (i: number) => `\uE000${String.fromCharCode(0xe100 + i)}\uE000`;
  if (slides.length > 0xf8ff - 0xe100) return typesetHtml(page({ slides, sections: sectionsOf(slides) }));
  const marked = slides.map((s, i) => ({ ...s, reportBody: marker(i) }));
  const html = typesetHtml(page({ slides: marked, sections: sectionsOf(marked) }));
  return html.replace(/\uE000([\uE100-\uF8FF])\uE000/g, (_m, c: string) => slides[c.charCodeAt(0) - 0xe100].reportBody);
}

const sectionsOf = (slides: Slide[]) => [...new Set(slides.map((s) => s.section))].map((name) => ({ name, slides: slides.filter((s) => s.section === name) }));

export function render(input: RenderInput, assets: { style: Record<string, string>; script: Record<string, string>; fontFaces: string; fontName?: string }): Rendered {
  const { slides, compiled, hb } = renderSlides(input);
  const { figures, templates } = input;
  const sections = sectionsOf(slides);
  const base = {
    ...figures,
    logo: logoOf(input),
    slides,
    sections,
    count: slides.length,
    buildDate: input.buildDate,
    fontFaces: assets.fontFaces,
    fontName: assets.fontName,
    style: assets.style,
    script: assets.script,
    charts: [...input.charts.values()],
    site: input.site,
    review: input.review,
  };
  // One footer everywhere: the slides', the handout's pages' (a document's margin boxes too) and deck.pptx's.
  const footer = footerText(hb, input.templates, base, input.caches);
  const context = {
    ...base,
    handout: input.handoutLayout === 'document' ? handoutDocument(slides, footer) : handoutPages(slides, input.handoutLayout, Boolean(input.site)),
  };
  const pages: Record<string, string> = {};
  for (const [name, t] of Object.entries(templates.pages)) {
    if (input.pages && !input.pages.includes(name)) continue;
    pages[name] = name === 'report.html' ? typesetAroundBodies(slides, (s) => run(compiled[name], { ...context, ...s }, t.file)) : run(compiled[name], context, t.file);
  }
  return { slides, pages, footer };
}
