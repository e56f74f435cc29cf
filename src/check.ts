/** Config -> every diagnostic about the data (load, validate, the pictures it names, reconcile, the slides
 * the data leaves out) and, when there is no error, the Dataset and its pictures. What `assemblea check`
 * prints and what `build` runs first: the two report the same warnings. */
import { type FontFile, type Images, loadAssets } from './assets.js';
import { type Caches, newCaches } from './caches.js';
import type { Config } from './config.js';
import type { Dataset } from './dataset.js';
import { derive, type Figures } from './derive.js';
import { type Diagnostic, isError, sortDiagnostics } from './diagnostics.js';
import { load } from './load.js';
import { fieldExampler, fieldLocator, figurePathMistakes, filledBefore, outlineWarnings } from './outline.js';
import { siteWarnings } from './publish.js';
import { type Printed, reconcile } from './reconcile.js';
import { type Review, review, reviewWarnings } from './review.js';
import { loadChartTemplates, loadOutline, pagesUsingSite, strayTemplates, TemplateError, templateRoots } from './templates.js';
import { themeWarnings } from './theme.js';
import { validate } from './validate.js';

export interface CheckResult {
  diagnostics: Diagnostic[];
  dataset?: Dataset;
  /** The photos and logo the data names, as data: URIs. */
  images: Images;
  /** The network's own font (tema › carattere), when it names one. */
  font?: FontFile;
  /** The files that were read, as shown to the user. */
  files: string[];
  /** The figures the original documents printed differently (see reconcile.ts): the speaker notes say them. */
  printed: Printed[];
  /** The file of the year checked, as shown: warnings about other years' files are told apart. */
  mainFile?: string;
  /** The figures derive made, once the data checked (the build draws and renders them). */
  figures?: Figures;
  /** The year's file read against the year before's (review.ts): the review page shows it. */
  comparison?: Review;
}

/** Config -> every diagnostic about the data, the Dataset, its pictures, its figures and its comparison
 * with the year before: the data's check (`checkData`), then the figures (`derive`), then the outline
 * against them (`checkOutline`). `build` runs the same three, each its own step, so that nothing is done
 * twice. `caches`: what an earlier check or build of this process read (the live preview's, or the check's own). */
export async function check(config: CheckConfig, caches: Caches = newCaches()): Promise<CheckResult> {
  const data = await checkData(config, caches);
  return data.valid ? checkOutline(config, data, derive(data.valid), caches) : data;
}

type CheckConfig = Pick<Config, 'dataDir' | 'cwd' | 'year' | 'templatesDir'>;

/** What checkData leaves for checkOutline: the dataset that loaded and validated (whatever its pictures,
 * its printed totals and the review said). */
export interface DataChecked extends CheckResult {
  valid?: Dataset;
}

/** The data: load, validate, the pictures it names, reconcile, the review against last year, the theme,
 * stray templates. */
export async function checkData(config: CheckConfig, caches: Caches): Promise<DataChecked> {
  const loaded = await load({ dataDir: config.dataDir, cwd: config.cwd, caches });
  const { dataset, diagnostics } = validate(loaded, { year: config.year, caches });
  const all = [...loaded.diagnostics, ...diagnostics];
  // A file that was read but did not parse was still checked: it counts, and it is listed.
  const read = [loaded.network?.file, ...loaded.years.map((y) => y.source.file)];
  const unparsed = all.filter((d) => isError(d) && d.code !== 'file-illeggibile' && d.code !== 'rete-assente').map((d) => d.at?.file);
  const files = [...new Set([...read, ...unparsed])].filter((f): f is string => !!f);
  const mainFile = dataset?.sources.get(dataset.year)?.file;
  if (!dataset || all.some(isError)) return { diagnostics: sortDiagnostics(all), images: new Map(), files, printed: [], mainFile };
  const assets = await loadAssets(dataset, config.dataDir);
  const reconciled = reconcile(dataset);
  const comparison = review(dataset);
  all.push(...themeWarnings(dataset.network, dataset.networkSource));
  all.push(...siteWarnings(dataset.network, dataset.networkSource, await pagesUsingSite(templateRoots(config))));
  all.push(...assets.diagnostics, ...reconciled.diagnostics, ...reviewWarnings(comparison));
  all.push(...(await strayTemplates(templateRoots(config))));
  const sorted = sortDiagnostics(all);
  const ok = !sorted.some(isError);
  return { diagnostics: sorted, dataset: ok ? dataset : undefined, valid: dataset, images: assets.images, font: assets.font, files, printed: reconciled.printed, comparison, mainFile };
}

/** The outline and the chart definitions against the figures (outline.ts): their warnings and mistakes
 * join the data's. A mistake in the outline itself (a network's modelli/slides.yaml, say) is reported
 * like the data's. */
export async function checkOutline(config: CheckConfig, data: DataChecked, figures: Figures, caches: Caches): Promise<CheckResult> {
  const { valid: dataset, ...checked } = data;
  if (!dataset) return checked;
  const roots = templateRoots(config);
  const found: Diagnostic[] = [];
  try {
    const [outline, chartTemplates] = await Promise.all([loadOutline(roots, caches), loadChartTemplates(roots, caches)]);
    found.push(...figurePathMistakes(figures, outline, chartTemplates.defsAt && { defs: chartTemplates.defs, ...chartTemplates.defsAt }));
    found.push(...outlineWarnings(figures, outline, fieldLocator(dataset), fieldExampler(dataset, caches), filledBefore(dataset), caches));
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    found.push(...e.diagnostics);
  }
  const sorted = sortDiagnostics([...checked.diagnostics, ...found]);
  return { ...checked, diagnostics: sorted, dataset: sorted.some(isError) ? undefined : dataset, figures };
}
