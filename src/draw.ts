/** One filled Vega-Lite spec -> its SVG: Vega-Lite compiles, vega renders in Node, nothing is loaded.
 * A pure function of (id, spec, config): charts.ts keeps what it drew by that input. */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { FONT_METRICS } from './font-metrics.js';
import { textWidth } from './text-width.js';

/** Vega measures text with a canvas when it has one; in Node it has none and guesses every letter 0.8 em
 * wide, which cuts labels short and lays charts out too wide. It measures with the font's own widths
 * instead. A text with a limit is never measured wider than its limit (vega truncates it there). */
function measure(item: { fontSize?: number; fontWeight?: number | string; limit?: number }, text: unknown): number {
  const line = text == null ? '' : String(text).trim();
  const width = textWidth(line, item.fontSize != null ? Number(item.fontSize) || 0 : 11, item.fontWeight);
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
}

/** A vega/vega-lite logger that keeps warnings so the build can fail on them. */
function collectingLogger(sink: string[]) {
  let level = 0;
  const logger: vega.LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...args: unknown[]) => (sink.push(args.map(String).join(' ')), logger),
    warn: (...args: unknown[]) => (sink.push(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** A loader that refuses everything: a chart's data comes from the build only. */
const refuse = async (uri: string) => {
  throw new Error(`blocked load of ${uri}`);
};
const refusingLoader = { load: refuse, sanitize: refuse, http: refuse, file: refuse } as unknown as vega.Loader;

/** Make SVG ids unique per chart, so that several charts can live in one page, and numbered within
 * the chart, so that they do not depend on how many charts vega drew before (same data, same bytes). */
function scopeIds(svg: string, id: string): string {
  const names = new Map<string, string>();
  for (const [, name] of svg.matchAll(/id="([^"]+)"/g)) if (!names.has(name)) names.set(name, `${id}-${names.size + 1}`);
  const rename = (name: string) => names.get(name) ?? `${id}-${name}`;
  return svg
    .replace(/id="([^"]+)"/g, (_m, n: string) => `id="${rename(n)}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, n: string) => `url(#${rename(n)})`)
    .replace(/xlink:href="#([^"]+)"/g, (_m, n: string) => `xlink:href="#${rename(n)}"`);
}

/** What draws the charts: a drawing kept by an earlier build (chart-cache.ts) is reused only when this is the same. */
export const DRAWN_BY = `assemblea-charts-2 vega ${vega.version} vega-lite ${vl.version} titillium-web ${FONT_METRICS.version}`;

/** Draws one chart; a warning of Vega or Vega-Lite is an error. */
export async function draw(id: string, spec: object, config: object): Promise<string> {
  const warnings: string[] = [];
  ((vega as unknown as { textMetrics: { width: unknown } }).textMetrics).width = measure;
  const logger = collectingLogger(warnings);
  const compiled = vl.compile({ ...(spec as vl.TopLevelSpec), config: config as vl.Config }, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: refusingLoader, logger, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    if (warnings.length) throw new Error(warnings.join('; '));
    return scopeIds(svg, id);
  } finally {
    view.finalize();
  }
}
