/** The pipeline, in order:
 *
 *   config -> load -> validate -> reconcile -> derive -> charts -> render -> write -> print
 *
 * Each stage is a module named for what it does; data flows one way. `build()` is the sequence, read top
 * to bottom in `steps`; what it writes to and prints with is the context the command gave it (context.ts:
 * effects, printer, caches). A stage that reports errors stops the build before anything is put in place,
 * and putting in place is one commit (see write.ts).
 *
 * The browser works beside the rest (see the README's Benchmark): it is launched before the build starts,
 * its blank pages open while the charts are drawn, the deck and the handout print while the phone
 * drawings, the report and deck.pptx are made, every screenshot is taken before any page prints
 * (print.ts), and deck.pptx starts once the deck is checked (`fitted`), not after its PDF. */

import path from 'node:path';
import type { FontFile } from './assets.js';
import { CannotPrintError } from './browser.js';
import { type Caches, forgetViews } from './caches.js';
import { openChartStore } from './chart-cache.js';
import { type ChartsResult, charts, DRAWN_BY } from './charts.js';
import { type CheckResult, checkData, checkOutline } from './check.js';
import type { Config } from './config.js';
import { type BuildContext, buildContext, inMemory } from './context.js';
import type { Dataset } from './dataset.js';
import { derive, type Figures } from './derive.js';
import { type Diagnostic, DiagnosticsError, InterruptedError, type Location, PartlyWrittenError, stopOnErrors } from './diagnostics.js';
import { fieldLocator } from './outline.js';
import { BROWSER_PAGES, makeFiles, OUTPUTS, pagesFor, printedBy } from './outputs.js';
import type { PptxInput } from './pptx.js';
import type { Fitted, PrintInput } from './print.js';
import type { Printing } from './printer.js';
import { type SiteLinks, siteLinks } from './publish.js';
import { type Rendered, render } from './render.js';
import { type ReviewView, reviewView } from './review-page.js';
import { type ChartTemplates, loadChartTemplates, loadFonts, loadPageTemplates, loadPptxFonts, type PageTemplates, templateRoots } from './templates.js';
import { fontStack, type Theme, themedStyles, themeOf } from './theme.js';
import type { Committed, Effects, Files } from './write.js';

export type { Progress } from './context.js';

export interface StepTiming {
  step: string;
  ms: number;
}

export interface BuildResult {
  year: number;
  outputDir: string;
  /** The files this build wrote. */
  files: string[];
  /** Files left as an earlier build wrote them (outputs `--only` did not ask for). */
  kept?: string[];
  /** Those of `kept` that are older than the data. */
  stale?: string[];
  diagnostics: Diagnostic[];
  timings: StepTiming[];
  figures: Figures;
  /** Built in memory (context.ts inMemory): every output file, by name (nothing was written). */
  pages?: Files;
}

/** The date stamped into outputs: SOURCE_DATE_EPOCH when set, else the assembly date, else 1 January after the year. */
export function buildDate(figures: Figures, sourceDateEpoch?: number): string {
  if (sourceDateEpoch !== undefined) return new Date(sourceDateEpoch * 1000).toISOString();
  return `${figures.assembly?.date ?? `${figures.year + 1}-01-01`}T00:00:00.000Z`;
}

export function fontFaceCss(fonts: { weight: number; style: string; base64: string }[], own?: FontFile): string {
  const faces = fonts.map(
    (f) => `@font-face{font-family:'Titillium Web';font-style:${f.style};font-weight:${f.weight};font-display:block;src:url(data:font/woff2;base64,${f.base64}) format('woff2');}`,
  );
  // The network's font (tema › carattere): one file, every weight drawn from it.
  if (own) faces.push(`@font-face{font-family:'${own.family.replace(/'/g, '')}';font-display:block;src:url(data:${own.mime};base64,${own.base64}) format('${own.format}');}`);
  return faces.join('\n');
}

/** What `check` adds when the data folder has templates of its own (data/modelli/): the build's stages
 * after the check (charts, pages), run in memory over the data it checked (its figures too), so that a
 * mistake in an override stops `check` with the very error it would stop `build` with. The diagnostics
 * the check had not. `caches`: the check's own, so nothing it read is read again. */
export async function rehearse(config: Config, checked: CheckResult, caches?: Caches): Promise<Diagnostic[]> {
  const isNew = (d: Diagnostic) => !checked.diagnostics.includes(d);
  const all = { ...config, only: [...OUTPUTS] };
  try {
    return (await build(all, inMemory(all, { checked, caches }))).diagnostics.filter(isNew);
  } catch (e) {
    if (!(e instanceof DiagnosticsError)) throw e;
    return e.diagnostics.filter(isNew);
  }
}

export async function build(config: Config, context: BuildContext = buildContext(config)): Promise<BuildResult> {
  const run = new Run(context);
  try {
    return await run.unlessStopped(() => steps(config, context, run));
  } finally {
    // Printing closes the browser when it ends; this covers a build that stopped before printing. A stopped
    // build has told it to close already, and says so without waiting for it.
    if (!context.signal?.aborted) await context.printer?.close();
  }
}

/** The build, top to bottom. */
async function steps(config: Config, { effects, caches, ...context }: BuildContext, run: Run): Promise<BuildResult> {
  const wanted = printedBy(config.only);
  const printer = wanted.length ? context.printer : undefined;
  // The templates are read while the data is checked; a template's mistake is reported when they are awaited.
  const templates = loadTemplates(config, caches);
  const storeP = config.chartCache ? openChartStore(config.chartCache, DRAWN_BY) : undefined;
  const checked = context.checked ?? (await checkSteps(config, caches, run));
  stopOnErrors(checked.diagnostics);
  const dataset = checked.dataset!;
  const figures = checked.figures!;
  const look = lookOf(dataset, checked, await run.time('modelli', () => templates));
  // Only the pages the chosen outputs need (--only html makes no report, no handout, no phone charts).
  const pages = pagesFor(config.only);
  const phones = pages.includes('report.html');
  const store = await storeP;
  // The handout as a document draws each chart once more, for its A4 column: only when it is printed.
  const forHandout = config.handout === 'document' && printer !== undefined && wanted.includes('handout.pdf');
  const drawCharts = (withPhones: boolean) => charts(figures, look.charts, dataset.territory.topology, { narrow: withPhones, print: forHandout, store, caches });
  // With a browser waiting, the slides' drawings come first and the phone ones after (the caches keep what was drawn).
  const [slideCharts, site] = await run.time('grafici', () => Promise.all([drawCharts(phones && !printer), siteLinks(dataset.network.sito, figures.year)]));
  stopOnErrors(slideCharts.diagnostics);
  const made = madeOf(config, checked, look, site, caches);
  // With a browser waiting, the pages it prints come first, the others (the report) after.
  const [first, rest] = printer ? [pages.filter(isPrinted), pages.filter((p) => !isPrinted(p))] : [pages, []];
  let rendered = await run.time('pagine', () => renderPages(made, slideCharts, first));
  // The browser prints the deck and the handout while the rest of the pages are made.
  const printing = printer?.print(printInput(made, rendered, wanted.includes('deck.pptx')));
  let allCharts = slideCharts;
  if (printing) {
    if (phones) allCharts = await run.time('grafici per il telefono', () => drawCharts(true));
    stopOnErrors(allCharts.diagnostics);
    const more = await run.time('resoconto', () => renderPages(made, allCharts, rest));
    rendered = { slides: more.slides, pages: { ...rendered.pages, ...more.pages }, footer: rendered.footer };
  }
  await store?.save();
  // Every chart is drawn: the views kept for them are let go before printing and deck.pptx (peak memory).
  forgetViews(caches);
  const files = await makeFiles(config.only, { figures, rendered, charts: allCharts.charts.values() });
  files['revisione.html'] = rendered.pages['revisione.html'];
  await run.time('scrittura', () => effects.begin(figures.year, files));
  try {
    const pptx = printing && wanted.includes('deck.pptx') ? deckPptx(printing.fitted, pptxInput(made, rendered), checked.font, run) : undefined;
    const cannotPrint = printing && (await addPrinted(printing, pptx, effects, wanted, run));
    const done = await run.commit(effects);
    if (cannotPrint) throw partlyWritten(config, cannotPrint, done, wanted);
    const { outputDir, written: files, kept, stale, files: pages } = done;
    return { year: figures.year, outputDir, files, kept, stale, diagnostics: checked.diagnostics, timings: run.timings, figures, pages };
  } catch (e) {
    await effects.abort();
    throw e;
  }
}

/** What `check` does, as the build's first steps: the data, then the figures and the outline against them. */
async function checkSteps(config: Config, caches: Caches, run: Run): Promise<CheckResult> {
  const data = await run.time('controllo dei dati', () => checkData(config, caches));
  if (!data.valid) return data;
  return run.time('calcoli', () => checkOutline(config, data, derive(data.valid!), caches));
}

function loadTemplates(config: Config, caches: Caches): Promise<[ChartTemplates, PageTemplates, Awaited<ReturnType<typeof loadFonts>>]> {
  const roots = templateRoots(config);
  const loaded = Promise.all([loadChartTemplates(roots, caches), loadPageTemplates(roots, caches), loadFonts()]);
  loaded.catch(() => undefined);
  return loaded;
}

/** The templates in the network's look (tema:): its font in the charts too, its colours in every stylesheet. */
interface Look {
  theme: Theme;
  charts: ChartTemplates;
  pages: PageTemplates;
  style: Record<string, string>;
  fontFaces: string;
}

function lookOf(dataset: Dataset, checked: CheckResult, [chartTemplates, pages, fonts]: [ChartTemplates, PageTemplates, Awaited<ReturnType<typeof loadFonts>>]): Look {
  const theme = themeOf(dataset.network);
  // The charts' text in the network's font too (Vega writes the family into the SVG).
  const charts = theme.font ? { ...chartTemplates, config: { ...chartTemplates.config, font: fontStack(theme).replace(/'/g, '') } } : chartTemplates;
  return { theme, charts, pages, style: themedStyles(pages.style, theme), fontFaces: fontFaceCss(fonts, checked.font) };
}

/** What the pages are made from, once the slides' charts are drawn. */
interface Made {
  config: Config;
  checked: CheckResult;
  figures: Figures;
  look: Look;
  site?: SiteLinks;
  date: string;
  locateField: (field: string) => Location;
  review: ReviewView;
  caches: Caches;
}

const isPrinted = (page: string) => BROWSER_PAGES.includes(page);

function madeOf(config: Config, checked: CheckResult, look: Look, site: SiteLinks | undefined, caches: Caches): Made {
  const figures = checked.figures!;
  // The review page lists every warning of the check (charts and pages report errors only).
  const review = reviewView(checked.comparison!, checked.diagnostics, figures.organisation);
  return { config, checked, figures, look, site, date: buildDate(figures, config.sourceDateEpoch), locateField: fieldLocator(checked.dataset!), review, caches };
}

function renderPages({ config, checked, figures, look, site, date, locateField, review, caches }: Made, drawn: ChartsResult, which: readonly string[]): Rendered {
  return render(
    {
      figures,
      charts: drawn.charts,
      templates: look.pages,
      buildDate: date,
      handoutLayout: config.handout,
      site,
      locateField,
      images: checked.images,
      printed: checked.printed,
      review,
      pages: which,
      caches,
    },
    { style: look.style, script: look.pages.script, fontFaces: look.fontFaces, fontName: look.theme.font },
  );
}

function printInput({ look, date, locateField }: Made, rendered: Rendered, withPictures: boolean): PrintInput {
  return {
    deckHtml: rendered.pages['deck.html'],
    handoutHtml: rendered.pages['print/handout.html'],
    date: new Date(date),
    slideSources: new Map(rendered.slides.map((s) => [s.id, { title: s.title, number: s.number, field: s.field, at: s.field ? locateField(s.field) : undefined }])),
    fontFamily: look.theme.font,
    pictures: withPictures ? pptxPictures(rendered.slides) : [],
    fontFaces: look.fontFaces,
    // A minute is plenty for a real deck; a much longer one gets a second per slide.
    timeoutMs: Math.max(60_000, rendered.slides.length * 1_000),
  };
}

/** The pictures deck.pptx carries as SVG with a PNG fallback: charts without a native form (the map). */
function pptxPictures(slides: { charts: { id: string; svg: string; native?: unknown }[] }[]): { id: string; svg: string }[] {
  const all = slides.flatMap((s) => s.charts).filter((c) => !c.native);
  return [...new Map(all.map((c) => [c.id, { id: c.id, svg: c.svg }])).values()];
}

function pptxInput({ checked, figures, look, date }: Made, rendered: Rendered): Omit<PptxInput, 'pictures' | 'fontFiles'> {
  return { slides: rendered.slides, figures, images: checked.images, buildDate: date, font: look.theme.font, colours: look.theme, footer: rendered.footer };
}

/** deck.pptx, made once no slide is found to overflow and the map's PNG is drawn, while the PDFs print;
 * nothing when a slide overflows (the PDF's diagnostics stop the build). */
function deckPptx(fitted: Promise<Fitted>, input: Omit<PptxInput, 'pictures' | 'fontFiles'>, ownFont: FontFile | undefined, run: Run): Promise<Uint8Array | undefined> {
  // pptxgenjs takes a while to load: only when deck.pptx is wanted, while the browser prints.
  const pptxModule = import('./pptx.js');
  pptxModule.catch(() => undefined);
  // The font deck.pptx embeds: the network's own file (tema › carattere), else Titillium Web's faces.
  const fontFiles = ownFont ? Promise.resolve({ regular: Buffer.from(ownFont.base64, 'base64') }) : loadPptxFonts();
  fontFiles.catch(() => undefined);
  const deck = (async () => {
    const fit = await fitted;
    if (fit.diagnostics.length) return undefined;
    const [{ pptx }, files] = await Promise.all([pptxModule, fontFiles]);
    return run.time('PowerPoint', () => pptx({ ...input, pictures: fit.pictures, fontFiles: files }));
  })();
  deck.catch(() => undefined);
  return deck;
}

/** The printed files and deck.pptx into the output, in place of the earlier build's. A browser that could
 * not print is returned, to be said once the rest is in place (the earlier printed files stay). */
async function addPrinted(printing: Printing, pptx: Promise<Uint8Array | undefined> | undefined, effects: Effects, wanted: readonly string[], run: Run): Promise<CannotPrintError | undefined> {
  try {
    const printed = await run.time('PDF', () => printing.done);
    stopOnErrors(printed.diagnostics);
    await effects.write(printed.files, wanted);
    const deck = await pptx;
    if (deck) await effects.write({ 'deck.pptx': deck });
    return undefined;
  } catch (e) {
    if (!(e instanceof CannotPrintError)) throw e;
    return e;
  }
}

function partlyWritten(config: Config, cannotPrint: CannotPrintError, done: Committed, wanted: readonly string[]): PartlyWrittenError {
  const dir = path.relative(config.cwd, done.outputDir) || done.outputDir;
  return new PartlyWrittenError(cannotPrint.diagnostics, { dir, files: done.written, stale: done.stale, missing: wanted.filter((f) => !done.all.includes(f)) });
}

/** One build's timings and its stop: each step is timed and told to the context's progress, and a stopped
 * build goes no further than the step it is in. */
class Run {
  readonly timings: StepTiming[] = [];
  /** Set once the outputs are being put in place: a stop then lets the commit end. */
  private committing = false;
  constructor(private readonly context: BuildContext) {}

  goOn(): void {
    const { signal } = this.context;
    if (signal?.aborted) throw new InterruptedError(signal.reason as NodeJS.Signals);
  }

  async time<T>(step: string, f: () => Promise<T> | T): Promise<T> {
    this.goOn();
    const t0 = performance.now();
    const r = await f();
    const ms = performance.now() - t0;
    this.timings.push({ step, ms });
    this.context.progress(step, ms);
    return r;
  }

  /** Checked in the same turn as the commit starts: a build stopped before this point writes nothing. */
  commit(effects: Effects): Promise<Committed> {
    this.goOn();
    this.committing = true;
    return effects.commit();
  }

  /** The steps' result, or an InterruptedError as soon as the signal aborts, once the printer is told to
   * close; unless the outputs are already being put in place: that takes a few milliseconds, and the
   * build then ends as built. */
  unlessStopped<T>(steps: () => Promise<T>): Promise<T> {
    const { signal, printer } = this.context;
    const running = steps();
    if (!signal) return running;
    running.catch(() => undefined); // once stopped, what the steps still throw is not news
    const stopped = new Promise<never>((_, reject) => {
      const onAbort = () => {
        void printer?.close();
        if (!this.committing) reject(new InterruptedError(signal.reason as NodeJS.Signals));
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([running, stopped]);
  }
}
