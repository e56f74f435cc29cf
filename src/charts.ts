/** Figures + chart definitions + Vega-Lite specs -> one inline SVG per chart, with its text alternative,
 * its data table and CSV. Vega-Lite compiles, vega renders in Node (draw.ts): no browser, nothing loaded.
 * What rows each kind's spec reads is chart-shapes.ts's business. */

import { type Caches, newCaches } from './caches.js';
import type { ChartStore } from './chart-cache.js';
import { ACCENT, type Cell, type DataTable, GROUP_SPACING, type MapLayout, NARROW, type NativePanel, PREVIOUS_OUTLINE_WIDTH, type Row, SIZES, shapeChart } from './chart-shapes.js';
import type { Figures } from './derive.js';
import type { Diagnostic } from './diagnostics.js';
import { draw } from './draw.js';
import { escapeHtml, svgSize } from './html.js';
import { textMsg } from './messages.js';
import { type ChartDef, type ChartTemplates, TemplateError } from './templates.js';
import type { Topology } from './territory.js';

export type { Cell, DataTable, NativePanel, ShownNumber } from './chart-shapes.js';
export { lookup, tint } from './chart-shapes.js';

export interface Chart {
  id: string;
  title: string;
  svg: string;
  /** The same chart drawn for a phone (see NARROW), without its own text alternative. */
  /** For pages read at any width (the report): both drawings, the one that fits shown by CSS. The wide
   * one keeps the text alternative (visually hidden, not display:none, on a phone); the narrow one is
   * aria-hidden, a picture of what the wide one says. */
  responsiveSvg: string;
  /** Text alternative written from the data, e.g. "Soci 2020–2025: da 6.934 a 7.478, +7,8%". */
  alt: string;
  table: DataTable;
  csv: string;
  /** The same chart drawn for the handout's A4 column (see PRINT), with the text alternative; '' unless asked for. */
  printSvg: string;
  /** The same figures shaped for a native (editable) chart, e.g. in deck.pptx; absent for the map. */
  native?: NativePanel[];
  /** Who made what the chart draws, printed beside it wherever it goes (the map's boundaries). */
  credit?: string;
  /** How the slide around it is laid out, when the chart decides it (the map). */
  layout?: MapLayout;
}

/** Replace "$name" strings in a spec with their values (districts, colours, sizes...). */
function fill(node: unknown, params: Record<string, unknown>): unknown {
  if (typeof node === 'string' && node.startsWith('$') && node.slice(1) in params) return params[node.slice(1)];
  if (Array.isArray(node)) return node.map((n) => fill(n, params));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, params)]));
  return node;
}

/** Every "field" a spec reads, and every name its transforms create. */
function fieldsOf(node: unknown, reads: Set<string>, makes: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) fieldsOf(n, reads, makes);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'field' && typeof v === 'string') reads.add(v);
    else if (k === 'as' && typeof v === 'string') makes.add(v);
    else if (k === 'as' && Array.isArray(v)) v.forEach((x) => makes.add(String(x)));
    else if (k === 'fields' && Array.isArray(v)) v.forEach((x) => makes.add(String(x)));
    else if (k === 'lookup' && typeof v === 'string') reads.add(v);
    else if (k === 'values' || k === 'datasets') continue;
    else fieldsOf(v, reads, makes);
  }
}

function hasUrl(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasUrl);
  if (!node || typeof node !== 'object') return false;
  return Object.entries(node).some(([k, v]) => k === 'url' || (k !== 'values' && hasUrl(v)));
}

/** A filled spec or config -> the same for NARROW: text sizes scaled (with a floor), offsets and symbols
 * scaled alike, facet panels stacked in one column, a single view fitted to the width. */
/** The largest a chart's text is shown in the report (its body text's size): see `responsiveSvg`. */
const REPORT_TEXT_PX = 18;

/** The least share of its band a column takes on a phone. */
const PHONE_BAND = 0.94;

/** How a drawing is scaled from the slide's: its text (and offsets) by fontScale, never under minFont; on a
 * phone each column takes at least `band` of its room and facet panels are stacked. */
interface Scaling {
  fontScale: number;
  minFont: number;
  band?: number;
  stack: boolean;
}
const PHONE: Scaling = { fontScale: NARROW.fontScale, minFont: NARROW.minFont, band: PHONE_BAND, stack: true };

/** The handout's A4 column (templates/print/document.css: 210 mm less two 18 mm margins, 658 CSS px):
 * its charts are drawn this wide, every text at 0.7 of the slide's (24 px -> 16.8 px, 12.6 pt) and never
 * under 16.5 px (12.4 pt): the handout's floor is 12 pt. Panels stay side by side, as on the slide. A
 * plot is at most plotHeight px tall, or rowHeight a bar when its bars are rows (categories), a stack as
 * scaled; a map at most maxHeight. */
export const PRINT = { width: 640, fontScale: 0.7, minFont: 16.5, maxHeight: 420, plotHeight: 170, rowHeight: 32 };
const PRINTED: Scaling = { fontScale: PRINT.fontScale, minFont: PRINT.minFont, stack: false };

function narrowed(node: unknown, top = true, scaling: Scaling = PHONE): unknown {
  const { fontScale: k, minFont } = scaling;
  const narrowed_ = (n: unknown) => narrowed(n, false, scaling);
  if (Array.isArray(node)) return node.map(narrowed_);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(node)) {
    if (typeof v === 'number' && /^(fontSize|labelFontSize|titleFontSize)$/.test(key)) out[key] = Math.max(minFont, Math.round(v * k));
    else if (typeof v === 'number' && /^(dx|dy|labelPadding|offset|rowPadding|padding|lineHeight|labelLineHeight)$/.test(key)) out[key] = Math.round(v * k);
    else if (typeof v === 'number' && key === 'symbolSize') out[key] = Math.round(v * k * k);
    else if (typeof v === 'number' && v > 0 && key === 'labelLimit') out[key] = Math.ceil(v * Math.max(k, minFont / 24));
    // Columns get wider on a phone, so the figure written inside each still fits.
    else if (scaling.band && key === 'width' && v && typeof v === 'object' && typeof (v as { band?: unknown }).band === 'number')
      out[key] = { band: Math.max((v as { band: number }).band, scaling.band) };
    // What is written past a column's right edge (a history's district names) stays past it when the
    // columns get wider; left where it was, a name over a column of its own colour lost its first letters.
    else if (scaling.band && key === 'bandPosition' && typeof v === 'number' && v > 0.5) out[key] = Math.max(v, 0.5 + scaling.band / 2);
    else out[key] = narrowed_(v);
  }
  if (top && scaling.stack && out.facet && typeof out.facet === 'object' && 'column' in out.facet) {
    out.facet = (out.facet as { column: unknown }).column;
    out.columns = 1;
  }
  return out;
}

/** The chart config for NARROW: a legend's entries one under the other (side by side they outrun the width). */
function narrowConfig(config: object): object {
  const c = narrowed(config, false) as { legend?: object };
  return { ...c, legend: { ...c.legend, direction: 'vertical' } };
}

/** A chart's spec or definition that cannot make its drawing: a TemplateError (a located Diagnostic) naming the chart. */
export class ChartError extends TemplateError {
  constructor(
    readonly chart: string,
    file: string,
    line: number,
    detail: string,
  ) {
    super(file, line, textMsg.chartMistake(chart, detail), { code: 'grafico-errato' });
    this.name = 'ChartError';
  }
}

/** Checks what Vega-Lite would silently ignore: unknown fields, non-numbers, anything loaded from outside. */
function checkSpec(id: string, kindFile: string, specText: string, spec: object, datasets: Record<string, Row[]>): void {
  const lineOf = (needle: string) => {
    const at = specText.indexOf(needle);
    return at < 0 ? 1 : specText.slice(0, at).split('\n').length;
  };
  if (hasUrl(spec)) throw new ChartError(id, kindFile, lineOf('"url"'), textMsg.chartLoadsUrl());
  const reads = new Set<string>();
  const makes = new Set<string>();
  fieldsOf(spec, reads, makes);
  const columns = new Set(Object.values(datasets).flatMap((rows) => rows.flatMap((r) => Object.keys(r))));
  for (const f of reads) {
    if (f.startsWith('properties.')) continue; // boundaries' own attributes (map)
    if (!columns.has(f) && !makes.has(f)) {
      throw new ChartError(id, kindFile, lineOf(`"${f}"`), textMsg.chartFieldMissing(f, [...columns]));
    }
  }
  for (const [name, rows] of Object.entries(datasets)) {
    for (const r of rows) {
      for (const key of ['value', 'mid'] as const) {
        if (key in r && (typeof r[key] !== 'number' || !Number.isFinite(r[key] as number))) {
          throw new ChartError(id, kindFile, lineOf(`"${key}"`), textMsg.chartNotANumber(key, name, String(r[key])));
        }
      }
    }
  }
}

export { DRAWN_BY } from './draw.js';

/** Where a charts() call draws: the caches (its SVGs by their whole input, and the kept views: the live
 * preview rebuilds on every save, and most charts do not change when one figure does; rendering is a pure
 * function of (id, spec, config), so reuse is safe), the persistent store, and its queue of drawings. */
interface Drawing {
  caches: Caches;
  store?: ChartStore;
  /** Charts are drawn one after the other, each after a turn of the event loop: drawing keeps this thread
   * busy for a second or more in all, and the browser starting meanwhile (puppeteer's messages) is answered
   * only between drawings. Drawn all at once, the browser waited for the last chart (issue 14). */
  queue: Promise<unknown>;
}

function drawSoon(at: Drawing, id: string, spec: object, config: object): Promise<string> {
  const svg = at.queue.then(() => new Promise((resolve) => setImmediate(resolve))).then(() => draw(id, spec, config, at.caches.views));
  at.queue = svg.catch(() => undefined);
  return svg;
}

function renderSvg(at: Drawing, id: string, spec: object, config: object): Promise<string> {
  const { svgs } = at.caches;
  const { store } = at;
  const key = JSON.stringify([id, spec, config]);
  let svg = svgs.get(key);
  if (!svg) {
    const stored = store?.get(key);
    svg = stored !== undefined ? Promise.resolve(stored) : drawSoon(at, id, spec, config).then((s) => (store?.set(key, s), s));
    svgs.set(key, svg);
    svg.catch(() => svgs.delete(key));
  } else if (store) {
    // Drawn earlier with these caches: the folder keeps it too.
    void svg.then(
      (s) => store.set(key, s),
      () => undefined,
    );
  }
  return svg;
}

/** A number as an Italian spreadsheet reads it: no thousands separator, a decimal comma, a plain minus. */
export function csvNumber(n: number): string {
  return String(Math.round(n * 10_000) / 10_000).replace('.', ',');
}

/** The table for spreadsheets with Italian settings (Excel, LibreOffice Calc): semicolons between cells,
 * since the comma is the decimal separator; numbers as plain numbers; a share's column says "(%)". */
export function csvOf(t: DataTable): string {
  const text = (s: string) => (/[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const cell = (c: Cell) => (c === null ? '' : typeof c === 'number' ? csvNumber(c) : typeof c === 'string' ? text(c) : csvNumber(c.value));
  const head = t.head.map((h, i) => text(t.raw.some((r) => typeof r[i] === 'object' && r[i]?.percent) ? `${h} (%)` : h));
  return `${[head.join(';'), ...t.raw.map((r) => r.map(cell).join(';'))].join('\r\n')}\r\n`;
}

export interface ChartsResult {
  /** The charts drawn (none of those that could not be). */
  charts: Map<string, Chart>;
  /** Why a chart could not be drawn (its spec or definition, located: `grafico-errato`); the build stops on these. */
  diagnostics: Diagnostic[];
}

export interface ChartsOptions {
  /** Draw the phone versions (responsiveSvg), which only report.html shows; otherwise responsiveSvg is ''. */
  narrow?: boolean;
  /** Draw the handout's A4 versions (printSvg), which only the handout as a document shows; otherwise printSvg is ''. */
  print?: boolean;
  /** Drawings kept by earlier builds (see chart-cache.ts); what is drawn now is added to it. */
  store?: ChartStore;
  /** What earlier calls drew and the views they kept (see caches.ts); without them, this call's own. */
  caches?: Caches;
}

export async function charts(figures: Figures, templates: ChartTemplates, geo: Topology, options: ChartsOptions = {}): Promise<ChartsResult> {
  const wantNarrow = options.narrow ?? true;
  const at: Drawing = { caches: options.caches ?? newCaches(), store: options.store, queue: Promise.resolve() };
  const out = new Map<string, Chart>();
  const drawOne = async (def: ChartDef): Promise<void> => {
    const entry = templates.kinds[def.kind];
    const built = shapeChart(def, entry, figures, geo, at.caches.aspects);
    if (!built) return;
    // A variant the shaper asks for (more districts than columns hold) is drawn by the kind's spec for it.
    const kind = { ...entry, ...(built.variant && entry[built.variant] ? entry[built.variant] : {}) };
    const size = SIZES[def.size];
    const params = {
      width: size.width,
      height: size.height,
      groupSpacing: GROUP_SPACING,
      // Every district a history may draw (one that ended keeps its colour), in rete.yaml's order.
      districts: figures.allDistricts.map((d) => d.name),
      colours: figures.allDistricts.map((d) => d.colour),
      accent: ACCENT,
      // The year before's outline (and a whole's rest's): PREVIOUS_OUTLINE_WIDTH, the one width everywhere.
      outline: PREVIOUS_OUTLINE_WIDTH,
      domainMax: undefined,
      // Names written whole: a shaper that sizes its column of names sets these (see nameColumn).
      nameLimit: 0,
      nameExpr: 'datum.label',
      ...built.params,
    };
    const { $schema: _schema, description: _d, ...body } = fill(kind.spec, params) as Record<string, unknown>;
    const { rows: _rows, ...namedSets } = built.datasets;
    const spec = { ...body, datasets: { rows: built.datasets.rows, ...namedSets } };
    checkSpec(def.id, kind.file, kind.text, spec, built.datasets);
    let svg: string;
    try {
      svg = await renderSvg(at, def.id, spec, templates.config);
    } catch (cause) {
      throw new ChartError(def.id, kind.file, 1, textMsg.chartVega((cause as Error).message));
    }
    const facetted = 'facet' in body;
    const phone = kind.phone;
    // Stacked panels get a height of their own; a single view is fitted to the width by Vega.
    const drawNarrow = (width: number) => {
      const narrowParams: Record<string, unknown> = { ...params, width, height: facetted ? NARROW.panelHeight : NARROW.heights[def.size] };
      // A chart that lays itself out (autosize none: categories) names its rooms in px: scale them too.
      const selfLaid = ((phone?.spec ?? kind.spec) as { autosize?: { type?: string } }).autosize?.type === 'none';
      if (selfLaid) {
        for (const room of ['labelRoom', 'valueRoom'] as const) {
          if (typeof params[room as keyof typeof params] === 'number') narrowParams[room] = Math.round((params[room as keyof typeof params] as number) * NARROW.fontScale);
        }
      }
      Object.assign(narrowParams, built.narrow?.params);
      if (selfLaid) narrowParams.width = Math.max(80, width - Number(narrowParams.labelRoom ?? 0) - Number(narrowParams.valueRoom ?? 0) - 16);
      // A kind with its own phone drawing (charts/<kind>.phone.vl.json) is written at phone sizes already.
      const { $schema: _s, description: _d2, ...narrowBody } = fill(phone?.spec ?? kind.spec, narrowParams) as Record<string, unknown>;
      const narrowSpec = {
        ...((phone ? narrowBody : narrowed(narrowBody)) as Record<string, unknown>),
        // A phone spec that says how it sizes itself (a step per bar: as tall as its bars need) keeps that.
        ...(facetted || selfLaid || (phone?.spec as { autosize?: unknown } | undefined)?.autosize ? {} : { autosize: { type: 'fit', contains: 'padding' } }),
        datasets: { ...spec.datasets, ...built.narrow?.datasets },
      };
      const yAxis = (narrowSpec as { encoding?: { y?: { axis?: Record<string, unknown> } } }).encoding?.y?.axis;
      if (built.narrow?.splitLabels && yAxis) yAxis.labelExpr = "split(datum.label, '|')";
      return renderSvg(at, `${def.id}-stretto`, narrowSpec, narrowConfig(templates.config));
    };
    const labelled = svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(built.alt)}" `);
    const chart = {
      id: def.id,
      title: built.title,
      svg: labelled,
      responsiveSvg: '',
      printSvg: '',
      alt: built.alt,
      table: built.table,
      csv: csvOf(built.table),
      native: built.native,
      credit: built.credit,
      layout: built.layout,
    };
    out.set(def.id, chart);
    if (options.print) {
      try {
        // A chart that lays itself out (categories) has a bar a row: each keeps PRINT.rowHeight. A stack
        // (a history: its totals) keeps its scaled height, so that a thin segment still holds its figure.
        const rows = (kind.spec as { autosize?: { type?: string } }).autosize?.type === 'none' ? (built.datasets.rows as unknown[]).length : 0;
        const floor = 'totals' in built.datasets ? Number.POSITIVE_INFINITY : rows * PRINT.rowHeight;
        chart.printSvg = (await drawPrinted(at, def.id, kind, params, spec, templates.config, def.size === 'map', svgSize(svg).width, floor)).replace(
          /^<svg /,
          `<svg role="img" aria-label="${escapeHtml(built.alt)}" `,
        );
      } catch (cause) {
        throw new ChartError(def.id, kind.file, 1, `Vega ha segnalato un problema (disegno per la dispensa): ${(cause as Error).message}`);
      }
    }
    if (!wantNarrow) return;
    let narrowSvg: string;
    try {
      narrowSvg = await drawNarrow(NARROW.width);
      // Panels cannot be fitted by Vega, and text past a view's edge (a value after its bar) is not in
      // its fit: take what the drawing grew by off its width, until it is back to the phone's.
      for (let i = 0, width = NARROW.width; i < 3; i++) {
        const over = svgSize(narrowSvg).width - NARROW.width;
        if (over <= 0.5) break;
        width = Math.max(120, width - over);
        narrowSvg = await drawNarrow(width);
      }
    } catch (cause) {
      throw new ChartError(def.id, kind.file, 1, textMsg.chartVega((cause as Error).message, true));
    }
    const narrowHidden = narrowSvg.replace(/^<svg /, '<svg aria-hidden="true" focusable="false" ');
    // The wide drawing is shown no larger than puts its largest text at the report's body size (the slide's
    // 24 px labels at 18 px), not larger than the headings on a laptop (report.css reads --chart-width).
    const wideWidth = svgSize(labelled).width;
    const largest = Math.max(0, ...[...labelled.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1])));
    const scale = largest > REPORT_TEXT_PX ? REPORT_TEXT_PX / largest : 1;
    const cap = wideWidth ? ` style="--chart-width: ${Math.floor(wideWidth * scale)}px"` : '';
    chart.responsiveSvg = `<div class="chart-picture"><div class="chart-wide"${cap}>${labelled}</div><div class="chart-narrow">${narrowHidden}</div></div>`;
  };
  // A chart that cannot be drawn is said, not thrown: every chart is tried, and the build stops on what they say.
  const said = await Promise.all(
    templates.defs.map((def) =>
      drawOne(def).then(
        () => [],
        (e: unknown) => {
          if (!(e instanceof ChartError)) throw e;
          out.delete(def.id);
          return e.diagnostics;
        },
      ),
    ),
  );
  return { charts: out, diagnostics: onePerPlace(said.flat()) };
}

/** One mistake in a spec is met by every chart drawn with it: said once, at its place, for the first of them. */
function onePerPlace(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const place = JSON.stringify([d.code, d.at?.file, d.at?.line, d.at?.col]);
    if (seen.has(place)) return false;
    seen.add(place);
    return true;
  });
}

/** A chart drawn for the handout's A4 column: the slide's spec and figures, every text and offset scaled by
 * PRINT.fontScale (never under PRINT.minFont), the px rooms of a chart that lays itself out alike, and the
 * plot's width fitted until the whole drawing is PRINT.width wide (text past a view's edge is not in Vega's
 * fit, so it is measured). A map keeps its shape: as wide as the column, no taller than PRINT.maxHeight. */
async function drawPrinted(
  at: Drawing,
  id: string,
  kind: { spec: object },
  params: Record<string, unknown>,
  wide: { datasets: object },
  config: object,
  isMap: boolean,
  slideWidth: number,
  /** The plot's least height, over PRINT.plotHeight (px). */
  floor: number,
): Promise<string> {
  const k = PRINT.fontScale;
  // The plot no taller than PRINT.plotHeight: a half slide's chart, drawn across the whole column at its
  // scaled height, took a third of the page for two columns, and pages went half empty around it.
  const scaled: Record<string, unknown> = { ...params, height: Math.min(Math.max(PRINT.plotHeight, floor), Math.round(Number(params.height) * k)) };
  // (A name's labelLimit and a change's dy are spec keys the scaling below scales already.)
  for (const room of ['labelRoom', 'valueRoom', 'groupSpacing'] as const) {
    if (typeof params[room] === 'number') scaled[room] = Math.round((params[room] as number) * k);
  }
  const printConfig = narrowed(config, false, PRINTED) as object;
  const drawAt = (width: number, height = scaled.height) => {
    const { $schema: _s, description: _d, ...body } = fill(kind.spec, { ...scaled, width: Math.round(width), height }) as Record<string, unknown>;
    return renderSvg(at, `${id}-stampa`, { ...(narrowed(body, true, PRINTED) as object), datasets: wide.datasets }, printConfig);
  };
  if (isMap) {
    const w = Number(params.width);
    const h = Number(params.height);
    const f = Math.min((PRINT.width - 16) / w, PRINT.maxHeight / h);
    return drawAt(w * f, Math.round(h * f));
  }
  // The plot's width against the drawing's: a first guess from the slide's drawing (what is not the plot,
  // names and axes, shrinks with the text), then a straight line through two drawings (panels side by
  // side grow by their number for each px of a panel's width).
  let width = Math.max(80, PRINT.width - k * Math.max(0, slideWidth - Number(params.width)));
  let svg = await drawAt(width);
  let got = svgSize(svg).width;
  for (let i = 0, prev: { width: number; got: number } | undefined; i < 3 && (got > PRINT.width + 0.5 || got < PRINT.width - 16); i++) {
    const slope = prev && got !== prev.got ? (got - prev.got) / (width - prev.width) : 1;
    prev = { width, got };
    width = Math.max(80, width + (PRINT.width - got) / (slope > 0.2 ? slope : 1));
    svg = await drawAt(width);
    got = svgSize(svg).width;
  }
  // Never wider than the column: what is still over is taken off the plot.
  for (let i = 0; i < 2 && got > PRINT.width + 0.5; i++) {
    width = Math.max(80, width - (got - PRINT.width));
    svg = await drawAt(width);
    got = svgSize(svg).width;
  }
  return svg;
}
