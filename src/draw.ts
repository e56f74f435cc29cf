/** One filled Vega-Lite spec -> its SVG: Vega-Lite compiles, vega renders in Node, nothing is loaded.
 * A pure function of (id, spec, config): charts.ts keeps what it drew by that input.
 *
 * Compiling a spec and parsing it into a view costs more than drawing it (issue 24), and the charts of
 * one kind differ only in their data, their size and their scale's top (`domainMax`). So a view is
 * parsed once per such shape and kept (Caches.views, see caches.ts): the next chart of that shape swaps its datasets in
 * (`view.data`), sets its size and top as signals, and runs the view again. The shape is the spec
 * with its datasets taken out and each of those numbers replaced by a stand-in number (a sentinel),
 * compiled once; where the sentinels land in the compiled Vega spec says which signal each number
 * sets. A spec whose sentinels land anywhere else (inside an expression, or turned into another
 * number) is drawn as before, compiled and parsed for itself (`drawFresh`). The drawings are the same
 * bytes either way: test/draw.test.ts draws every chart of the real deck both ways. */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { Memo } from './caches.js';
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

(vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = measure;

type Spec = Record<string, unknown>;

/** A view that has run -> its SVG, widened to hold every mark, its ids scoped to the chart. */
async function svgOf(view: vega.View, id: string, warnings: string[]): Promise<string> {
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
      svg = svg.replace(
        size[0],
        size[0].replace(` width="${size[1]}" height="${size[2]}" viewBox="0 0 ${size[3]} ${size[4]}"`, ` width="${nw}" height="${nh}" viewBox="${-left} ${-top} ${nw} ${nh}"`),
      );
    }
  }
  return scopeIds(svg, id);
}

/** Draws one chart from its own compiled and parsed view; a warning of Vega or Vega-Lite is an error. */
export async function drawFresh(id: string, spec: object, config: object): Promise<string> {
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const compiled = vl.compile({ ...(spec as vl.TopLevelSpec), config: config as vl.Config }, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: refusingLoader, logger, logLevel: vega.Warn });
  try {
    await view.runAsync();
    return await svgOf(view, id, warnings);
  } finally {
    view.finalize();
  }
}

/** The numbers a chart's shape leaves open: its views' sizes and its scales' tops. */
const OPEN = new Set(['width', 'height', 'domainMax']);
/** The stand-in for the i-th open number while a shape compiles: larger than any figure or size. */
const SENTINEL = 7_654_321_000;
const sentinel = (i: number) => SENTINEL + i * 1000;
const isSentinel = (x: unknown): x is number => typeof x === 'number' && x >= SENTINEL && (x - SENTINEL) % 1000 === 0 && (x - SENTINEL) / 1000 < 1e6;
const SIGNAL = 'assemblea_open_';

/** The spec with each open number replaced by its sentinel (in the order met), and those numbers. */
function opened(spec: unknown, values: number[]): unknown {
  if (Array.isArray(spec)) return spec.map((n) => opened(n, values));
  if (!spec || typeof spec !== 'object') return spec;
  const out: Spec = {};
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'values')
      out[k] = v; // inline data (the map's boundaries): no sizes in there
    else if (OPEN.has(k) && typeof v === 'number' && Number.isFinite(v)) {
      out[k] = sentinel(values.length);
      values.push(v);
    } else out[k] = opened(v, values);
  }
  return out;
}

const stats = { shapes: 0, kept: 0, fresh: 0, compileMs: 0, parseMs: 0, emptyMs: 0, runMs: 0, svgMs: 0 };
const since = (t0: number) => performance.now() - t0;

/** A parsed view kept for one shape, and how a chart's numbers and datasets reach it (kept in Caches.views). */
export interface Pooled {
  view: vega.View;
  /** The warnings of the drawing under way (the view's logger writes here). */
  warnings: string[];
  /** Signal name -> which open number it takes. */
  signals: [string, number][];
  /** The compiled spec's inline datasets that are the chart's own (by name), swapped per chart. */
  data: string[];
  /** Whether the view has drawn a chart already. */
  drawn: boolean;
  /** Drawings on this view, one after another. */
  queue: Promise<unknown>;
}

/** The compiled Vega spec of a shape -> where its sentinels are, turned into signals; undefined when a
 * sentinel sits where no signal can stand in for it (or was made into another number). */
function wire(compiled: Spec, datasets: Set<string>): { spec: Spec; signals: [string, number][]; data: string[] } | undefined {
  const signals = new Map<string, number>();
  const added = new Map<number, string>();
  const signalFor = (x: number) => {
    const i = (x - SENTINEL) / 1000;
    if (!added.has(i)) added.set(i, `${SIGNAL}${i}`);
    signals.set(added.get(i)!, i);
    return { signal: added.get(i)! };
  };
  let ok = true;
  const walk = (node: unknown, top: boolean): unknown => {
    if (!ok) return node;
    if (typeof node === 'number') {
      if (Math.abs(node) >= 1e9) ok = false; // a sentinel where it cannot be set, or a number made of one
      return node;
    }
    if (typeof node === 'string') {
      if (node.includes(String(SENTINEL).slice(0, 7))) ok = false;
      return node;
    }
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (!node || typeof node !== 'object') return node;
    const obj = node as Spec;
    // An encoding's constant ({value: n}): a signal in its place.
    if (Object.keys(obj).length === 1 && isSentinel(obj.value)) return signalFor(obj.value);
    const out: Spec = {};
    for (const [k, v] of Object.entries(obj)) {
      if (top && (k === 'width' || k === 'height') && isSentinel(v)) {
        signals.set(k, (v - SENTINEL) / 1000);
        out[k] = v;
      } else if (top && k === 'signals' && Array.isArray(v)) {
        out[k] = v.map((s: Spec) => {
          const keys = Object.keys(s);
          if (isSentinel(s.value) && keys.every((key) => key === 'name' || key === 'value')) {
            signals.set(String(s.name), (s.value - SENTINEL) / 1000);
            return s;
          }
          return walk(s, false);
        });
      } else if ((k === 'domainMax' || k === 'domainMin') && isSentinel(v)) out[k] = signalFor(v);
      else if (top && k === 'data' && Array.isArray(v)) out[k] = v.map((d: Spec) => (datasets.has(String(d.name)) && Array.isArray(d.values) ? { ...d, values: [] } : walk(d, false)));
      else if (k === 'values' && Array.isArray(v))
        out[k] = v; // inline data the spec carries (the map's boundaries)
      else out[k] = walk(v, false);
    }
    return out;
  };
  const spec = walk(compiled, true) as Spec;
  if (!ok) return undefined;
  const declared = [...added.values()].map((name) => ({ name, value: sentinel(signals.get(name)!) }));
  spec.signals = [...declared, ...((spec.signals as unknown[]) ?? [])];
  const data = ((compiled.data as Spec[]) ?? []).filter((d) => datasets.has(String(d.name)) && Array.isArray(d.values)).map((d) => String(d.name));
  return { spec, signals: [...signals], data };
}

/** The kept view for a shape, made on first use; null when the shape is drawn fresh. `views`: shapes by
 * their opened spec and config (see Caches.views: the one used longest ago is let go when it is full). */
function pooled(views: Memo<Pooled | null>, key: string, shape: Spec, config: object, datasets: Set<string>): Pooled | null {
  if (views.has(key)) return views.get(key) as Pooled | null;
  let kept: Pooled | null = null;
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  try {
    let t0 = performance.now();
    const compiled = vl.compile({ ...(shape as unknown as vl.TopLevelSpec), config: config as vl.Config }, { logger: logger as never }).spec as Spec;
    const wired = !warnings.length ? wire(compiled, datasets) : undefined;
    stats.compileMs += since(t0);
    if (wired) {
      t0 = performance.now();
      const view = new vega.View(vega.parse(wired.spec as vega.Spec), { renderer: 'none', loader: refusingLoader, logger, logLevel: vega.Warn });
      stats.parseMs += since(t0);
      stats.shapes++;
      kept = { view, warnings, signals: wired.signals, data: wired.data, drawn: false, queue: Promise.resolve() };
    }
  } catch {
    // A spec Vega-Lite or Vega refuses: drawn fresh, which reports the refusal with the chart's own numbers.
    kept = null;
  }
  return views.set(key, kept);
}

/** How this process has drawn: shapes parsed into a kept view, drawings made on one, drawings made fresh;
 * and the milliseconds spent compiling (Vega-Lite), parsing views (Vega), emptying kept views, running
 * them and writing their SVG (the bench prints them: where the charts' time goes). */
export function drawingStats(): Readonly<typeof stats> {
  return { ...stats };
}

/** Draws one chart, from the view `views` keep for its shape; a warning of Vega or Vega-Lite is an error. */
export async function draw(id: string, spec: object, config: object, views: Memo<Pooled | null>): Promise<string> {
  const { datasets = {}, ...body } = spec as Spec & { datasets?: Record<string, Record<string, unknown>[]> };
  const values: number[] = [];
  const shape = opened(body, values) as Spec;
  // The shape compiles with the datasets' names and no rows: Vega-Lite reads no data, only names.
  const names = Object.keys(datasets);
  const key = JSON.stringify([shape, config, names]);
  const p = pooled(views, key, { ...shape, datasets: Object.fromEntries(names.map((n) => [n, []])) }, config, new Set(names));
  if (!p) {
    stats.fresh++;
    return drawFresh(id, spec, config);
  }
  stats.kept++;
  const run = p.queue.then(async () => {
    p.warnings.length = 0;
    const { view } = p;
    // Emptied first, so that what is keyed by value (an axis's ticks, a legend's entries) is made anew
    // in the order a fresh view makes it, not kept in the order of the chart drawn before.
    let t0 = performance.now();
    if (p.drawn) {
      for (const name of p.data) view.data(name, []);
      await view.runAsync();
      p.warnings.length = 0;
    }
    p.drawn = true;
    stats.emptyMs += since(t0);
    t0 = performance.now();
    // Rows are copied: vega marks each row it holds, and the same rows go to the slide's and the phone's view.
    for (const name of p.data)
      view.data(
        name,
        datasets[name].map((r) => ({ ...r })),
      );
    for (const [name, i] of p.signals) (view.signal as (n: string, v: unknown, o: object) => vega.View)(name, values[i], { force: true });
    // A view lays itself out again (autosize) only when told: it did on its first run.
    view.resize();
    await view.runAsync();
    stats.runMs += since(t0);
    t0 = performance.now();
    try {
      return await svgOf(view, id, p.warnings);
    } finally {
      stats.svgMs += since(t0);
    }
  });
  p.queue = run.catch(() => undefined);
  return run;
}
