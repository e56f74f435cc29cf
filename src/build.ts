/** The pipeline, in order:
 *
 *   config -> load -> validate -> reconcile -> derive -> charts -> render -> write -> print
 *
 * Each stage is a module named for what it does; data flows one way; only load, templates, write and
 * print touch the disk or a browser. A stage that reports errors stops the build before anything is
 * written, and writing is atomic (see write.ts). */
import { charts } from './charts.js';
import { check, fieldLocator } from './check.js';
import type { Config } from './config.js';
import { derive, type Figures } from './derive.js';
import { stopOnErrors, type Diagnostic } from './diagnostics.js';
import { render } from './render.js';
import { review } from './review.js';
import { reviewView } from './review-page.js';
import { reportFiles } from './report.js';
import { loadChartTemplates, loadFonts, loadPageTemplates } from './templates.js';
import { stage, sweepStale, type Files } from './write.js';
import { launchBrowser, NoBrowserError } from './browser.js';
import type { Browser } from 'puppeteer';
import { print } from './print.js';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface StepTiming {
  step: string;
  ms: number;
}

export interface BuildResult {
  year: number;
  outputDir: string;
  files: string[];
  diagnostics: Diagnostic[];
  timings: StepTiming[];
  figures: Figures;
  /** With `inMemory`: every output file, by name (nothing was written). */
  pages?: Files;
}

export interface BuildOptions {
  /** For the live preview (`dev`): no browser, no PDF, nothing written; the files come back in `pages`. */
  inMemory?: boolean;
}

export type Progress = (step: string, ms: number) => void;

/** The date stamped into outputs: SOURCE_DATE_EPOCH when set, else the assembly date, else 1 January after the year. */
export function buildDate(figures: Figures, sourceDateEpoch?: number): string {
  if (sourceDateEpoch !== undefined) return new Date(sourceDateEpoch * 1000).toISOString();
  return `${figures.assembly?.date ?? `${figures.year + 1}-01-01`}T00:00:00.000Z`;
}

export function fontFaceCss(fonts: { weight: number; style: string; base64: string }[]): string {
  return fonts
    .map((f) => `@font-face{font-family:'Titillium Web';font-style:${f.style};font-weight:${f.weight};font-display:block;src:url(data:font/woff2;base64,${f.base64}) format('woff2');}`)
    .join('\n');
}

export async function build(config: Config, progress: Progress = () => {}, options: BuildOptions = {}): Promise<BuildResult> {
  const printing = !options.inMemory && (config.only.includes('pdf') || config.only.includes('report'));
  // The browser's launch is the slowest step: it starts now and overlaps checking, charts and pages.
  const browser = printing ? launchBrowser(config.browserPath) : undefined;
  browser?.catch(() => undefined); // a missing browser is reported when it is time to print
  try {
    return await pipeline(config, progress, options, browser);
  } finally {
    // print() closes the browser it was given; this covers a build that stopped before printing.
    await browser?.then((b) => b.close()).catch(() => undefined);
  }
}

async function pipeline(config: Config, progress: Progress, options: BuildOptions, browser: Promise<Browser> | undefined): Promise<BuildResult> {
  const timings: StepTiming[] = [];
  const time = async <T>(step: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    const ms = performance.now() - t0;
    timings.push({ step, ms });
    progress(step, ms);
    return r;
  };

  const templatesP = Promise.all([loadChartTemplates(config.templatesDir), loadPageTemplates(config.templatesDir), loadFonts()]);
  const checked = await time('controllo dei dati', () => check(config));
  stopOnErrors(checked.diagnostics);
  const dataset = checked.dataset!;
  const figures = await time('calcoli', () => derive(dataset));
  const locateField = fieldLocator(dataset);
  const [chartTemplates, pageTemplates, fonts] = await time('modelli', () => templatesP);
  const made = await time('grafici', () => charts(figures, chartTemplates, dataset.geo));
  const rendered = await time('pagine', () =>
    render(
      {
        figures,
        charts: made.charts,
        templates: pageTemplates,
        buildDate: buildDate(figures, config.sourceDateEpoch),
        handoutLayout: config.handout,
        locateField,
        images: checked.images,
        // The review page lists every warning of the check (charts and pages report errors only).
        review: reviewView(review(dataset), checked.diagnostics, figures.organisation),
      },
      { style: pageTemplates.style, script: pageTemplates.script, fontFaces: fontFaceCss(fonts) },
    ),
  );
  const diagnostics = [...checked.diagnostics, ...made.diagnostics];
  stopOnErrors(diagnostics);

  const files: Files = {};
  if (config.only.includes('html')) files['deck.html'] = rendered.pages['deck.html'];
  if (config.only.includes('report') && rendered.pages['report.html']) {
    files['report.html'] = rendered.pages['report.html'];
    // The CSV of every chart, linked from the report's tables.
    Object.assign(files, reportFiles(made.charts.values()));
  }
  files['revisione.html'] = rendered.pages['revisione.html'];
  if (options.inMemory) return { year: figures.year, outputDir: '', files: Object.keys(files).sort(), diagnostics, timings, figures, pages: files };

  await sweepStale(config.outDir);
  const staging = await time('scrittura', () => stage(config.outDir, figures.year, files));
  let noBrowser: NoBrowserError | undefined;
  try {
    if (browser) {
      const slideSources = new Map(
        rendered.slides.map((s) => [s.id, { title: s.title, number: s.number, field: s.field, at: s.field ? locateField(s.field) : undefined }]),
      );
      try {
        const printed = await time('PDF', () =>
          print(
            { deckHtml: rendered.pages['deck.html'], handoutHtml: rendered.pages['print/handout.html'], date: new Date(buildDate(figures, config.sourceDateEpoch)), slideSources },
            {
              browser,
              // A minute is plenty for a real deck; a much longer one gets a second per slide.
              timeoutMs: Math.max(60_000, rendered.slides.length * 1_000),
              want: { deck: config.only.includes('pdf'), handout: config.only.includes('pdf'), preview: config.only.includes('report') },
            },
          ),
        );
        stopOnErrors(printed.diagnostics);
        await staging.add(printed.files);
      } catch (e) {
        if (!(e instanceof NoBrowserError)) throw e;
        noBrowser = e;
      }
    }
    const outputDir = await staging.commit();
    if (noBrowser) throw noBrowser;
    const written = (await readdir(outputDir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
    return { year: figures.year, outputDir, files: written.map((f) => path.relative(outputDir, path.join(f.parentPath, f.name))).sort(), diagnostics, timings, figures };
  } catch (e) {
    await staging.abort();
    throw e;
  }
}
