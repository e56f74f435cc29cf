/** Config -> every diagnostic about the data (load, validate, the pictures it names, reconcile, the slides
 * the data leaves out) and, when there is no error, the Dataset and its pictures. What `assemblea check`
 * prints and what `build` runs first: the two report the same warnings. */
import { type FontFile, type Images, loadAssets } from './assets.js';
import { type Caches, newCaches } from './caches.js';
import type { Config } from './config.js';
import type { Dataset } from './dataset.js';
import { derive } from './derive.js';
import { type Diagnostic, isError, sortDiagnostics } from './diagnostics.js';
import { load } from './load.js';
import { fieldExampler, fieldLocator, figurePathMistakes, filledBefore, outlineWarnings } from './outline.js';
import { type Printed, reconcile } from './reconcile.js';
import { review, reviewWarnings } from './review.js';
import { loadChartTemplates, loadOutline, strayTemplates, TemplateError, templateRoots } from './templates.js';
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
}

/** `caches`: what an earlier check or build of this process read (the live preview's, or the check's own). */
export async function check(config: Pick<Config, 'dataDir' | 'cwd' | 'year' | 'templatesDir'>, caches: Caches = newCaches()): Promise<CheckResult> {
  const loaded = await load({ dataDir: config.dataDir, cwd: config.cwd, caches });
  const { dataset, diagnostics } = validate(loaded, { year: config.year, caches });
  const all = [...loaded.diagnostics, ...diagnostics];
  // A file that was read but did not parse was still checked: it counts, and it is listed.
  const read = [loaded.network?.file, ...loaded.years.map((y) => y.source.file)];
  const unparsed = all.filter((d) => isError(d) && d.code !== 'file-illeggibile' && d.code !== 'rete-assente').map((d) => d.at?.file);
  const files = [...new Set([...read, ...unparsed])].filter((f): f is string => !!f);
  let images: Images = new Map();
  let font: FontFile | undefined;
  let printed: Printed[] = [];
  if (dataset && !all.some(isError)) {
    const assets = await loadAssets(dataset, config.dataDir);
    images = assets.images;
    font = assets.font;
    const reconciled = reconcile(dataset);
    printed = reconciled.printed;
    all.push(...themeWarnings(dataset.network, dataset.networkSource));
    all.push(...assets.diagnostics, ...reconciled.diagnostics, ...reviewWarnings(review(dataset)));
    const roots = templateRoots(config);
    all.push(...(await strayTemplates(roots)));
    try {
      const figures = derive(dataset);
      const [outline, chartTemplates] = await Promise.all([loadOutline(roots, caches), loadChartTemplates(roots, caches)]);
      all.push(...figurePathMistakes(figures, outline, chartTemplates.defsAt && { defs: chartTemplates.defs, ...chartTemplates.defsAt }));
      all.push(...outlineWarnings(figures, outline, fieldLocator(dataset), fieldExampler(dataset, caches), filledBefore(dataset), caches));
    } catch (e) {
      // The outline's own mistakes (a network's modelli/slides.yaml, say) are reported like the data's.
      if (!(e instanceof TemplateError)) throw e;
      all.push(...e.diagnostics);
    }
  }
  const sorted = sortDiagnostics(all);
  return { diagnostics: sorted, dataset: sorted.some(isError) ? undefined : dataset, images, font, files, printed, mainFile: dataset?.sources.get(dataset.year)?.file };
}
