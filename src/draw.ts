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
    let svg = await view.toSVG();
    if (warnings.length) throw new Error(warnings.join('; '));
    // Text written past the view's edge (a value after the longest bar, a name beside the last column)
    // is not in the size vega gives the SVG, and the browser would clip it: the drawing is widened (or
    // heightened) to hold every mark, so nothing is cut; charts.ts narrows a drawing that grew too wide.
    const b = (view.scenegraph() as unknown as { root: { bounds: { x1: number; x2: number; y1: number; y2: number } } }).root.bounds;
    // Where the drawing's origin sits in the SVG: its first group's translation (view.origin() leaves
    // out the padding of a chart that lays itself out, autosize none).
    const shift = /^<svg[^>]*>(?:<rect[^>]*><\/rect>|<rect[^>]*\/>)?<g[^>]*? transform="translate\(([-\d.]+),([-\d.]+)\)"/.exec(svg);
    const [ox, oy] = shift ? [Number(shift[1]), Number(shift[2])] : view.origin();
    const size = /^<svg[^>]*? width="([\d.]+)" height="([\d.]+)" viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
    if (size && Number.isFinite(b.x2)) {
      const [W, H] = [Number(size[1]), Number(size[2])];
      const left = Math.max(0, Math.ceil(-(b.x1 + ox)));
      const top = Math.max(0, Math.ceil(-(b.y1 + oy)));
      const right = Math.max(W, Math.ceil(b.x2 + ox + 6));
      const bottom = Math.max(H, Math.ceil(b.y2 + oy + 4));
      if (left || top || right > W || bottom > H) {
        const [nw, nh] = [right + left, bottom + top];
        svg = svg.replace(size[0], size[0].replace(` width="${size[1]}" height="${size[2]}" viewBox="0 0 ${size[3]} ${size[4]}"`, ` width="${nw}" height="${nh}" viewBox="${-left} ${-top} ${nw} ${nh}"`));
      }
    }
    return scopeIds(svg, id);
  } finally {
    view.finalize();
  }
}
