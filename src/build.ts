/** The pipeline, in order:
 *
 *   config -> load -> validate -> reconcile -> derive -> charts -> render -> write -> print
 *
 * Each stage is a module named for what it does; data flows one way; only load, templates, write and
 * print touch the disk or a browser. A stage that reports errors stops the build before anything is
 * written, and writing is atomic (see write.ts). */

import path from 'node:path';
import type { Browser } from 'puppeteer';
import type { FontFile } from './assets.js';
import { CannotPrintError, launchBrowser } from './browser.js';
import { type Caches, forgetViews, newCaches } from './caches.js';
import { openChartStore } from './chart-cache.js';
import { charts, DRAWN_BY } from './charts.js';
import { type CheckResult, check } from './check.js';
import type { Config } from './config.js';
import { derive, type Figures } from './derive.js';
import { type Diagnostic, DiagnosticsError, InterruptedError, PartlyWrittenError, stopOnErrors } from './diagnostics.js';
import { dataChangedAt } from './load.js';
import { fieldLocator } from './outline.js';
import { BROWSER_PAGES, type Made, makeFiles, OUTPUTS, ownedBy, pagesFor, printedBy } from './outputs.js';
import type { PrintInput, Printing, PrintOptions } from './print.js';
import { siteLinks } from './publish.js';
import { render } from './render.js';
import { review } from './review.js';
import { reviewView } from './review-page.js';
import { loadChartTemplates, loadFonts, loadPageTemplates, loadPptxFonts, templateRoots } from './templates.js';
import { fontStack, themedStyles, themeOf } from './theme.js';
import { type Files, filesIn, stage, sweepStale } from './write.js';

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
  /** With `inMemory`: every output file, by name (nothing was written). */
  pages?: Files;
}

export interface BuildOptions {
  /** For the live preview (`dev`): no browser, no PDF, nothing written; the files come back in `pages`. */
  inMemory?: boolean;
  /** Per page operation of the browser; by default a minute, more for a long deck. */
  printTimeoutMs?: number;
  /** Aborted with a signal's name (Ctrl+C, a kill): the build stops before it puts anything in place,
   * closes its browser and rejects with an InterruptedError; the output folder stays as it was. */
  signal?: AbortSignal;
  /** The data already checked (`check` rehearsing a build, see rehearse): not checked again. */
  checked?: CheckResult;
  /** What earlier builds of this process read and drew (`dev` keeps one across rebuilds); new ones by default. */
  caches?: Caches;
}

export type Progress = (step: string, ms: number) => void;

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
 * after the check (derive, charts, pages), run in memory over the data it checked, so that a mistake in
 * an override stops `check` with the very error it would stop `build` with. The diagnostics the check
 * had not. */
export async function rehearse(config: Config, checked: CheckResult, caches?: Caches): Promise<Diagnostic[]> {
  const isNew = (d: Diagnostic) => !checked.diagnostics.includes(d);
  try {
    return (await build({ ...config, only: [...OUTPUTS] }, undefined, { inMemory: true, checked, caches })).diagnostics.filter(isNew);
  } catch (e) {
    if (!(e instanceof DiagnosticsError)) throw e;
    return e.diagnostics.filter(isNew);
  }
}

export async function build(config: Config, progress: Progress = () => {}, options: BuildOptions = {}): Promise<BuildResult> {
  const printing = !options.inMemory && printedBy(config.only).length > 0;
  // The browser's launch is the slowest step: it starts now and overlaps checking, charts and pages.
  const browser = printing ? launchBrowser(config.browserPath) : undefined;
  browser?.catch(() => undefined); // a missing browser is reported when it is time to print
  // The printing code (and pdf-lib, which tags the PDFs) loads while the browser starts; `--only html` never loads it.
  const printModule = printing ? import('./print.js') : undefined;
  const closeBrowser = () => browser?.then((b) => b.close()).catch(() => undefined);
  const guard: CommitGuard = {};
  const run = pipeline(config, progress, options, browser && printModule && { browser, printModule }, guard);
  try {
    const stop = options.signal;
    if (!stop) return await run;
    run.catch(() => undefined); // once stopped, what the pipeline still throws is not news
    return await Promise.race([run, stopped(stop, guard, closeBrowser)]);
  } finally {
    // print() closes the browser it was given; this covers a build that stopped before printing. A stopped
    // build has told it to close already, and says so without waiting for it.
    if (!options.signal?.aborted) await closeBrowser();
  }
}

/** What the pipeline tells a stop: the outputs are being put in place (a stop waits for that to end). */
interface CommitGuard {
  committing?: Promise<unknown>;
}

/** Rejects with an InterruptedError as soon as `stop` aborts, once the browser is told to close; unless the
 * outputs are already being put in place: that takes a few milliseconds, and the build then ends as built. */
function stopped(stop: AbortSignal, guard: CommitGuard, closeBrowser: () => unknown): Promise<never> {
  return new Promise<never>((_, reject) => {
    const onAbort = () => {
      void closeBrowser();
      if (!guard.committing) reject(new InterruptedError(stop.reason as NodeJS.Signals));
    };
    if (stop.aborted) onAbort();
    else stop.addEventListener('abort', onAbort, { once: true });
  });
}

/** Printing started once the printing code is loaded: the same promises as print.ts's startPrinting. */
function startPrinting(printModule: Promise<typeof import('./print.js')>, input: Promise<PrintInput>, options: PrintOptions): Printing {
  const started = printModule.then((m) => m.startPrinting(input, options));
  const fitted = started.then((p) => p.fitted);
  const done = started.then((p) => p.done);
  fitted.catch(() => undefined);
  done.catch(() => undefined);
  return { fitted, done };
}

interface Printer {
  browser: Promise<Browser>;
  printModule: Promise<typeof import('./print.js')>;
}

async function pipeline(config: Config, progress: Progress, options: BuildOptions, printer: Printer | undefined, guard: CommitGuard): Promise<BuildResult> {
  const timings: StepTiming[] = [];
  /** A stopped build goes no further than the step it is in (build() has already said it stopped). */
  const goOn = () => {
    if (options.signal?.aborted) throw new InterruptedError(options.signal.reason as NodeJS.Signals);
  };
  const time = async <T>(step: string, f: () => Promise<T> | T): Promise<T> => {
    goOn();
    const t0 = performance.now();
    const r = await f();
    const ms = performance.now() - t0;
    timings.push({ step, ms });
    progress(step, ms);
    return r;
  };

  // The browser's work starts as early as it can: its blank pages open while the charts are drawn, and
  // the deck and the handout print while the phone drawings, the report and deck.pptx are made.
  const wanted = printedBy(config.only);
  const wantPptx = wanted.includes('deck.pptx');
  let toPrint!: { resolve: (i: PrintInput) => void; reject: (e: unknown) => void };
  const printInput = new Promise<PrintInput>((resolve, reject) => (toPrint = { resolve, reject }));
  printInput.catch(() => undefined);
  const printing =
    printer && wanted.length
      ? startPrinting(printer.printModule, printInput, {
          browser: printer.browser,
          timeoutMs: options.printTimeoutMs,
          want: { deck: wanted.includes('deck.pdf'), handout: wanted.includes('handout.pdf'), preview: wanted.includes('anteprima.png'), fit: wantPptx },
        })
      : undefined;
  try {
    return await stages();
  } catch (e) {
    toPrint.reject(e); // a build that stops before printing: the browser's pages are never filled
    throw e;
  }

  async function stages(): Promise<BuildResult> {
    const caches = options.caches ?? newCaches();
    const roots = templateRoots(config);
    const templatesP = Promise.all([loadChartTemplates(roots, caches), loadPageTemplates(roots, caches), loadFonts()]);
    templatesP.catch(() => undefined); // a template's mistake is reported when the templates are awaited
    const storeP = config.chartCache ? openChartStore(config.chartCache, DRAWN_BY) : undefined;
    const checked = options.checked ?? (await time('controllo dei dati', () => check(config, caches)));
    stopOnErrors(checked.diagnostics);
    const dataset = checked.dataset!;
    const figures = await time('calcoli', () => derive(dataset));
    const locateField = fieldLocator(dataset);
    const [chartTemplates, pageTemplates, fonts] = await time('modelli', () => templatesP);
    const theme = themeOf(dataset.network);
    // The charts' text in the network's font too (Vega writes the family into the SVG).
    const themedCharts = theme.font ? { ...chartTemplates, config: { ...chartTemplates.config, font: fontStack(theme).replace(/'/g, '') } } : chartTemplates;
    // Only the pages the chosen outputs need (--only html makes no report, no handout, no phone charts).
    const pages = pagesFor(config.only);
    const narrow = pages.includes('report.html');
    const store = await storeP;
    // The handout as a document draws each chart once more, for its A4 column.
    // Only for a handout that is printed: the live preview (no browser) keeps to the slides' drawings.
    const forHandout = config.handout === 'document' && !options.inMemory && wanted.includes('handout.pdf');
    const drawCharts = (withPhone: boolean) => charts(figures, themedCharts, dataset.territory.topology, { narrow: withPhone, print: forHandout, store, caches });
    // With a browser waiting, the slides' drawings come first and the phone ones after (drawn once: charts() keeps what it drew).
    const [chartsMade, site] = await time('grafici', () => Promise.all([drawCharts(narrow && !printing), siteLinks(dataset.network.sito, figures.year)]));
    stopOnErrors(chartsMade.diagnostics);
    const style = themedStyles(pageTemplates.style, theme);
    const fontFaces = fontFaceCss(fonts, checked.font);
    const date = buildDate(figures, config.sourceDateEpoch);
    // The review page lists every warning of the check (charts and pages report errors only).
    const reviewPage = reviewView(review(dataset), checked.diagnostics, figures.organisation);
    const renderPages = (made: typeof chartsMade, which: readonly string[]) =>
      render(
        {
          figures,
          charts: made.charts,
          templates: pageTemplates,
          buildDate: date,
          handoutLayout: config.handout,
          site,
          locateField,
          images: checked.images,
          printed: checked.printed,
          review: reviewPage,
          pages: which,
          caches,
        },
        { style, script: pageTemplates.script, fontFaces, fontName: theme.font },
      );
    let allCharts = chartsMade;
    let rendered = await time('pagine', () => renderPages(chartsMade, printing ? pages.filter((p) => BROWSER_PAGES.includes(p)) : pages));
    const diagnostics = [...checked.diagnostics, ...chartsMade.diagnostics];
    stopOnErrors(diagnostics);
    if (printing) {
      toPrint.resolve({
        deckHtml: rendered.pages['deck.html'],
        handoutHtml: rendered.pages['print/handout.html'],
        date: new Date(date),
        slideSources: new Map(rendered.slides.map((s) => [s.id, { title: s.title, number: s.number, field: s.field, at: s.field ? locateField(s.field) : undefined }])),
        fontFamily: theme.font,
        pictures: wantPptx ? pptxPictures(rendered.slides) : [],
        fontFaces,
        // A minute is plenty for a real deck; a much longer one gets a second per slide.
        timeoutMs: options.printTimeoutMs ?? Math.max(60_000, rendered.slides.length * 1_000),
      });
      // The rest of the pages while the browser prints: the phone drawings and the report among them.
      const rest = pages.filter((p) => !BROWSER_PAGES.includes(p));
      if (narrow) allCharts = await time('grafici per il telefono', () => drawCharts(true));
      stopOnErrors(allCharts.diagnostics);
      const more = await time('resoconto', () => renderPages(allCharts, rest));
      rendered = { slides: more.slides, pages: { ...rendered.pages, ...more.pages }, footer: rendered.footer };
    }
    await store?.save();
    // Every chart is drawn: the views kept for them are let go before printing and deck.pptx (peak memory).
    // The live preview keeps them for its next rebuild.
    forgetViews(caches);

    const made: Made = { figures, rendered, charts: allCharts.charts.values() };
    const files: Files = await makeFiles(config.only, made);
    files['revisione.html'] = rendered.pages['revisione.html'];
    if (options.inMemory) return { year: figures.year, outputDir: '', files: Object.keys(files).sort(), diagnostics, timings, figures, pages: files };

    await sweepStale(config.outDir);
    // What this build does not remake stays as the last build left it: the other kinds of output, and
    // what the browser printed until it prints again.
    const staging = await time('scrittura', () => stage(config.outDir, figures.year, files, (name) => !ownedBy(config.only, name) || (wanted as string[]).includes(name)));
    let cannotPrint: CannotPrintError | undefined;
    try {
      if (printing) {
        // pptxgenjs takes a while to load: only when deck.pptx is wanted, while the browser prints.
        const pptxModule = wantPptx ? import('./pptx.js') : undefined;
        pptxModule?.catch(() => undefined);
        // The font deck.pptx embeds: the network's own file (tema › carattere), else Titillium Web's faces.
        const pptxFontsP = wantPptx ? (checked.font ? Promise.resolve({ regular: Buffer.from(checked.font.base64, 'base64') }) : loadPptxFonts()) : undefined;
        pptxFontsP?.catch(() => undefined);
        try {
          // deck.pptx is made once no slide is found to overflow and the map's PNG is drawn, while the PDFs print.
          const deckPptx = (async () => {
            if (!wantPptx) return undefined;
            const fit = await printing.fitted;
            if (fit.diagnostics.length) return undefined;
            const [{ pptx }, fontFiles] = await Promise.all([pptxModule!, pptxFontsP!]);
            return time('PowerPoint', () =>
              pptx({ slides: rendered.slides, figures, images: checked.images, buildDate: date, pictures: fit.pictures, font: theme.font, colours: theme, fontFiles, footer: rendered.footer }),
            );
          })();
          deckPptx.catch(() => undefined);
          const printed = await time('PDF', () => printing.done);
          stopOnErrors(printed.diagnostics);
          await staging.remove(wanted);
          await staging.add(printed.files);
          const deck = await deckPptx;
          if (deck) await staging.add({ 'deck.pptx': deck });
        } catch (e) {
          if (!(e instanceof CannotPrintError)) throw e;
          cannotPrint = e;
        }
      }
      // Checked here, in the same turn as the commit starts: a build stopped before this point writes nothing.
      goOn();
      guard.committing = staging.commit();
      const outputDir = (await guard.committing) as string;
      const there = (await filesIn(outputDir)).sort();
      const kept = [...staging.kept.keys()].sort();
      const written = there.filter((f) => !staging.kept.has(f));
      const changedAt = await dataChangedAt(config.dataDir);
      const stale = kept.filter((name) => staging.kept.get(name)! < changedAt);
      if (cannotPrint) {
        const dir = path.relative(config.cwd, outputDir) || outputDir;
        throw new PartlyWrittenError(cannotPrint.diagnostics, { dir, files: written, stale, missing: wanted.filter((f) => !there.includes(f)) });
      }
      return { year: figures.year, outputDir, files: written, kept, stale, diagnostics, timings, figures };
    } catch (e) {
      await staging.abort();
      throw e;
    }
  }
}

/** The pictures deck.pptx carries as SVG with a PNG fallback: charts without a native form (the map). */
function pptxPictures(slides: { charts: { id: string; svg: string; native?: unknown }[] }[]): { id: string; svg: string }[] {
  const all = slides.flatMap((s) => s.charts).filter((c) => !c.native);
  return [...new Map(all.map((c) => [c.id, { id: c.id, svg: c.svg }])).values()];
}
