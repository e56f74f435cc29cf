/** Figures + chart definitions + Vega-Lite specs -> one inline SVG per chart, with its text alternative,
 * its data table and CSV. Vega-Lite compiles, vega renders in Node: no browser, nothing loaded. */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { Diagnostic } from './diagnostics.js';
import type { Change, DistrictTable, Figures, SeriesPoint, YearTable } from './derive.js';
import { change } from './derive.js';
import { formatNumber, formatPercent, formatSigned, formatSignedPercent } from './format.js';
import { escapeHtml } from './html.js';
import type { Topology } from './load.js';
import type { ChartStore } from './chart-cache.js';
import type { ChartDef, ChartTemplates } from './templates.js';

/** A number the page shows in its own way: a share ("51%", kept as 51.3 percent) or a difference ("+6.672"). */
export interface ShownNumber {
  value: number;
  shown: string;
  /** A percentage: the CSV's column head says so, since its cells hold plain numbers. */
  percent?: boolean;
}

/** One cell of a chart's table: text, a count, a number shown in its own way, or nothing ("—" on the page). */
export type Cell = string | number | ShownNumber | null;

export interface DataTable {
  head: string[];
  rows: string[][];
  /** The same table as plain numbers, for the CSV download. */
  raw: Cell[][];
}

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
  /** The same figures shaped for a native (editable) chart, e.g. in deck.pptx; absent for the map. */
  native?: NativePanel[];
}

/** One native chart: a category axis, one or more series. A chart drawn as panels (district-groups)
 * has one per panel. Colours are #rrggbb. */
export interface NativePanel {
  /** 'bar' draws horizontal bars, 'col' vertical columns. */
  direction: 'bar' | 'col';
  grouping: 'clustered' | 'stacked';
  /** A panel's heading (district-groups), as on the deck. */
  heading?: string;
  categories: string[];
  series: { name: string; values: number[]; colour: string }[];
  /** One series coloured point by point: colour means district. */
  pointColours?: string[];
  /** Several series coloured point by point (series, then point), e.g. each district's colour, lighter
   * for the earlier year. */
  seriesPointColours?: string[][];
  /** Where the value axis ends: the same for every panel of a chart, so equal figures are drawn equal. */
  max?: number;
  /** A text over each column, as the deck writes it: a stack's total, the change from the year before. */
  above?: string[];
}

/** A colour as drawn at `opacity` on white (the deck's earlier-year bars). */
export function tint(hex: string, opacity: number): string {
  const n = parseInt(hex.replace('#', ''), 16);
  const mix = (c: number) => Math.round(c * opacity + 255 * (1 - opacity));
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => mix(c).toString(16).padStart(2, '0')).join('')}`;
}

/** The phone drawing: the whole SVG this wide (CSS px: a 360 px screen less the page's margins), each
 * text scaled from its slide size by `fontScale` but never under `minFont`, and panels stacked. */
const NARROW = {
  width: 320,
  heights: { full: 260, wide: 220, half: 240, 'half-short': 220, map: 300 } satisfies Record<ChartDef['size'], number>,
  panelHeight: 130,
  fontScale: 0.54,
  minFont: 13,
};

/** Plot sizes in CSS px of the 1280x720 slide, where a chart is shown at 1:1 so that the type sizes of
 * the specs are the sizes the room reads. The slide's body is 1152x488 (64px safe area, header above):
 * full and wide take its width (wide leaves two lines for a sentence above), half sits beside the facts
 * (320px and a 48px gap), the map beside its lists. Axes and labels come on top of these. */
const SIZES: Record<ChartDef['size'], { width: number; height: number }> = {
  full: { width: 920, height: 380 },
  wide: { width: 750, height: 296 },
  half: { width: 470, height: 400 },
  'half-short': { width: 470, height: 320 },
  map: { width: 540, height: 424 },
};
/** The width of the box each size is shown in, for charts that lay themselves out (categories). */
const SLOTS: Record<ChartDef['size'], number> = { full: 1152, wide: 1152, half: 784, 'half-short': 784, map: 560 };
/** Room for the value written after the longest bar ("20.907 (51%)", 24px bold). */
const VALUE_ROOM = 176;
/** Room for the district names on the left of horizontal bars (24px, semibold). */
const DISTRICT_AXIS = 136;

/** Totals and single series: neutral ink, since colour means district. */
const ACCENT = '#56606b';
const GROUP_SPACING = 36;
const NO_CONVENTION = '#c8c8c8';

type Row = Record<string, unknown>;

interface Built {
  title: string;
  datasets: Record<string, Row[]>;
  params: Record<string, unknown>;
  alt: string;
  table: DataTable;
  native?: NativePanel[];
  /** What the phone drawing changes beyond sizes (see NARROW): its own data or params, and a y axis
   * whose labels are split into lines at "|". */
  narrow?: { datasets?: Record<string, Row[]>; params?: Record<string, unknown>; splitLabels?: boolean };
}

/** A value in the figures by dotted path ("members.history"). */
export function lookup(figures: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), figures);
}

/** About how wide a 24px label is (Titillium Web averages under half an em a letter), with its padding. */
const labelWidth = (labels: string[]) => Math.max(0, ...labels.map((l) => l.length)) * 11 + 12;

const years = (first: number, last: number) => (first === last ? `${first}` : `${first}–${last}`);
const maxOf = (xs: number[]) => Math.max(0, ...xs);
/** Room above the tallest bar for its label. */
const headroom = (xs: number[], factor = 1.15) => maxOf(xs) * factor || 1;

function changeText(c: Change | undefined): string {
  if (!c) return '';
  return c.ratio === undefined ? formatSigned(c.diff) : `${formatSigned(c.diff)} (${formatSignedPercent(c.ratio)})`;
}

function tableFrom(head: string[], raw: Cell[][]): DataTable {
  const shown = (c: Cell) => (c === null ? '—' : typeof c === 'number' ? formatNumber(c) : typeof c === 'string' ? c : c.shown);
  return { head, raw, rows: raw.map((r) => r.map(shown)) };
}

/** A share (0..1) as the page shows it ("51%") and as a spreadsheet reads it (51,3 in a "%" column). */
const pct = (share: number): ShownNumber => ({ value: Math.round(share * 1000) / 10, shown: formatPercent(share), percent: true });
/** A difference, "+6.672" on the page, 6672 in the CSV. */
const diff = (n: number): ShownNumber => ({ value: n, shown: formatSigned(n) });

function districtBars(def: ChartDef, t: DistrictTable, year: number): Built {
  const title = `${def.title} ${year}`;
  return {
    native: [
      {
        direction: 'bar',
        grouping: 'clustered',
        categories: t.rows.map((r) => r.district),
        series: [{ name: def.title, values: t.rows.map((r) => r.value), colour: ACCENT }],
        pointColours: t.rows.map((r) => r.colour),
      },
    ],
    title,
    datasets: { rows: t.rows.map((r) => ({ district: r.district, value: r.value, label: `${formatNumber(r.value)} (${formatPercent(r.share)})` })) },
    params: { domainMax: headroom(t.rows.map((r) => r.value), 1.3) },
    alt: `${title}: ${t.rows.map((r) => `${r.district} ${formatNumber(r.value)} (${formatPercent(r.share)})`).join(', ')}; totale ${formatNumber(t.total)}.`,
    table: tableFrom(['Ambito', String(year), 'Quota'], [...t.rows.map((r) => [r.district, r.value, pct(r.share)]), ['Totale', t.total, pct(1)]]),
  };
}

interface ComparisonLike {
  current: DistrictTable;
  previous?: DistrictTable;
  previousYear?: number;
  change?: Change;
}

function districtCompare(def: ChartDef, c: ComparisonLike, year: number): Built | undefined {
  if (!c.previous || c.previousYear === undefined) return undefined;
  const prev = c.previous;
  const periods = [String(c.previousYear), String(year)];
  const rows = [
    ...prev.rows.map((r) => ({ district: r.district, period: periods[0], value: r.value, label: formatNumber(r.value) })),
    ...c.current.rows.map((r) => ({ district: r.district, period: periods[1], value: r.value, label: formatNumber(r.value) })),
  ];
  const title = `${def.title} ${years(c.previousYear, year)}`;
  const byDistrict = c.current.rows.map((r, i) => ({ district: r.district, from: prev.rows[i].value, to: r.value }));
  return {
    // As on the deck: the years on the axis under each column, in the district's colour, lighter for
    // the earlier year, each district apart (a panel each, on one scale): no legend to decode.
    native: c.current.rows.map((r, i) => ({
      direction: 'col' as const,
      grouping: 'clustered' as const,
      heading: r.district,
      categories: periods,
      series: [{ name: r.district, values: [prev.rows[i].value, r.value], colour: r.colour }],
      pointColours: [tint(r.colour, 0.4), r.colour],
      max: headroom(byDistrict.flatMap((d) => [d.from, d.to])),
    })),
    title,
    datasets: { rows },
    params: { periods, domainMax: headroom(rows.map((r) => r.value)) },
    // Horizontal on a phone (district-compare.phone): the bars leave room for "2025: 476.016" after the longest.
    narrow: { params: { domainMax: maxOf(rows.map((r) => r.value)) * 1.75, height: byDistrict.length * 64 } },
    alt:
      `${title}: in totale da ${formatNumber(prev.total)} (${periods[0]}) a ${formatNumber(c.current.total)} (${periods[1]}), ${changeText(change(prev.total, c.current.total))}. ` +
      byDistrict.map((d) => `${d.district} da ${formatNumber(d.from)} a ${formatNumber(d.to)} (${formatSigned(d.to - d.from)})`).join('; ') +
      '.',
    table: tableFrom(
      ['Ambito', periods[0], periods[1], 'Differenza'],
      [
        ...byDistrict.map((d) => [d.district, d.from, d.to, diff(d.to - d.from)]),
        ['Totale', prev.total, c.current.total, diff(c.current.total - prev.total)],
      ],
    ),
  };
}

function districtHistory(def: ChartDef, h: YearTable[]): Built | undefined {
  if (h.length < 2) return undefined;
  const first = h[0];
  const last = h.at(-1)!;
  const title = `${def.title} ${years(first.year, last.year)}`;
  const maxTotal = maxOf(h.map((x) => x.table.total));
  const rows = h.flatMap((x) => {
    let below = 0;
    return x.table.rows.map((r, order) => {
      const mid = below + r.value / 2;
      below += r.value;
      // A label only fits inside a segment tall enough to hold it.
      return { year: String(x.year), district: r.district, value: r.value, order, mid, label: formatNumber(r.value), showLabel: r.value / maxTotal > 0.075 };
    });
  });
  const totals = h.map((x) => ({ year: String(x.year), value: x.table.total, label: formatNumber(x.table.total) }));
  const districts = first.table.rows.map((r) => r.district);
  // The districts are named beside the last column, on their own segment: direct labels, no legend.
  const ends = rows.filter((r) => r.year === String(last.year)).map((r) => ({ year: r.year, district: r.district, mid: r.mid }));
  return {
    native: [
      {
        direction: 'col',
        grouping: 'stacked',
        categories: h.map((x) => String(x.year)),
        series: first.table.rows.map((d, i) => ({ name: d.district, values: h.map((x) => x.table.rows[i]?.value ?? 0), colour: d.colour })),
        above: totals.map((t) => t.label),
      },
    ],
    title,
    datasets: { rows, totals, ends },
    params: { domainMax: headroom(h.map((x) => x.table.total), 1.12) },
    // On a phone a segment's figure is wider than its column: only the totals are written, the table
    // under the chart gives each district's figure.
    narrow: { datasets: { rows: rows.map((r) => ({ ...r, label: '' })) } },
    alt: `${title}: in totale da ${formatNumber(first.table.total)} (${first.year}) a ${formatNumber(last.table.total)} (${last.year}), ${changeText(change(first.table.total, last.table.total))}. Totali per anno: ${h.map((x) => `${x.year} ${formatNumber(x.table.total)}`).join(', ')}.`,
    table: tableFrom(
      ['Ambito', ...h.map((x) => String(x.year))],
      [...districts.map((d, i) => [d, ...h.map((x) => x.table.rows[i]?.value ?? 0)]), ['Totale', ...h.map((x) => x.table.total)]],
    ),
  };
}

function series(def: ChartDef, points: SeriesPoint[]): Built | undefined {
  if (points.length < 2) return undefined;
  const title = `${def.title} ${years(points[0].year, points.at(-1)!.year)}`;
  const rows = points.map((p, i) => {
    const before = points[i - 1];
    const c = before && before.year === p.year - 1 ? change(before.value, p.value) : undefined;
    return { year: String(p.year), value: p.value, label: formatNumber(p.value), changeLabel: c ? formatSigned(c.diff) : '', change: c };
  });
  const total = change(points[0].value, points.at(-1)!.value);
  return {
    native: [{ direction: 'col', grouping: 'clustered', categories: rows.map((r) => r.year), series: [{ name: def.title, values: points.map((p) => p.value), colour: ACCENT }], above: rows.map((r) => r.changeLabel) }],
    title,
    datasets: { rows: rows.map(({ change: _c, ...r }) => r) },
    params: { accent: ACCENT, domainMax: headroom(points.map((p) => p.value), 1.2) },
    alt: `${title}: da ${formatNumber(points[0].value)} (${points[0].year}) a ${formatNumber(points.at(-1)!.value)} (${points.at(-1)!.year}), ${changeText(total)}. ${rows.map((r) => `${r.year}: ${r.label}${r.changeLabel ? ` (${r.changeLabel})` : ''}`).join('; ')}.`,
    table: tableFrom(['Anno', def.title, 'Differenza'], rows.map((r) => [r.year, r.value, r.change ? diff(r.change.diff) : null])),
  };
}

/** "Istituto scolastico (Stagno Lombardo)" -> "Istituto scolastico|(Stagno Lombardo)": lines of at most
 * `width` letters where the words allow, joined by "|". */
function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('|');
}

function categories(def: ChartDef, items: { name: string; count: number; share?: number }[], year: number): Built | undefined {
  if (!items.length) return undefined;
  const title = `${def.title} ${year}`;
  const total = items.reduce((a, b) => a + b.count, 0);
  const label = (i: { count: number; share?: number }) => (i.share === undefined ? formatNumber(i.count) : `${formatNumber(i.count)} (${formatPercent(i.share)})`);
  // On a phone a long name goes on two or three lines, so that the bars keep some width.
  const wrapped = items.map((i) => wrapWords(i.name, 20));
  const narrowLabelRoom = Math.max(0, ...wrapped.flatMap((w) => w.split('|').map((l) => l.length))) * 6.5 + 10;
  return {
    native: [{ direction: 'bar', grouping: 'clustered', categories: items.map((i) => i.name), series: [{ name: def.title, values: items.map((i) => i.count), colour: ACCENT }] }],
    narrow: {
      datasets: { rows: items.map((i, n) => ({ name: wrapped[n], value: i.count, label: label(i) })) },
      params: { labelRoom: Math.round(narrowLabelRoom), valueRoom: Math.round(VALUE_ROOM * NARROW.fontScale), height: items.length * 40 },
      splitLabels: true,
    },
    title,
    datasets: { rows: items.map((i) => ({ name: i.name, value: i.count, label: label(i) })) },
    params: {
      accent: ACCENT,
      domainMax: headroom(items.map((i) => i.count), 1),
      // Vega, without a canvas in Node, guesses text widths generously; this chart lays itself out
      // instead: the names whole on the left, the bars, the values after them, all in the slide's box.
      labelRoom: labelWidth(items.map((i) => i.name)),
      valueRoom: VALUE_ROOM,
      width: Math.max(160, SLOTS[def.size] - 16 - labelWidth(items.map((i) => i.name)) - VALUE_ROOM),
    },
    alt: `${title}: ${items.map((i) => `${i.name} ${label(i)}`).join(', ')}; totale ${formatNumber(total)}.`,
    table: tableFrom(
      items.some((i) => i.share !== undefined) ? ['Voce', 'Numero', 'Quota'] : ['Voce', 'Numero'],
      [
        ...items.map((i) => (i.share === undefined ? [i.name, i.count] : [i.name, i.count, pct(i.share)])),
        items.some((i) => i.share !== undefined) ? ['Totale', total, pct(1)] : ['Totale', total],
      ],
    ),
  };
}

function districtGroups(def: ChartDef, groups: { name: string; table: DistrictTable }[], year: number): Built | undefined {
  if (!groups.length) return undefined;
  const title = `${def.title} ${year}`;
  const districts = groups[0].table.rows.map((r) => r.district);
  // Each panel's header carries its total, so the figure stays on the slide without a separate table.
  // Two lines (split at '|' by the spec): the name, then the total in figures.
  const header = (g: (typeof groups)[number]) => `${g.name}:|${formatNumber(g.table.total)}`;
  // Each panel's bars end well before the next panel, so that the value written after the longest
  // bar never reaches it: the scale runs to `room`, drawn as an invisible mark.
  const shared = def.scale === 'shared';
  const globalMax = maxOf(groups.flatMap((g) => g.table.rows.map((r) => r.value)));
  return {
    native: groups.map((g) => ({
      direction: 'bar' as const,
      grouping: 'clustered' as const,
      heading: `${g.name}: ${formatNumber(g.table.total)}`,
      categories: g.table.rows.map((r) => r.district),
      series: [{ name: g.name, values: g.table.rows.map((r) => r.value), colour: ACCENT }],
      pointColours: g.table.rows.map((r) => r.colour),
      ...(shared ? { max: globalMax * 1.3 || 1 } : {}),
    })),
    title,
    datasets: {
      rows: groups.flatMap((g) => {
        const max = shared ? globalMax : maxOf(g.table.rows.map((r) => r.value));
        return g.table.rows.map((r) => ({ group: header(g), district: r.district, value: r.value, label: formatNumber(r.value), room: max * 1.45 || 1 }));
      }),
    },
    params: {
      groups: groups.map(header),
      xResolve: shared ? 'shared' : 'independent',
      // The size is the whole chart's; each panel gets its share, less the district names on the left
      // (written once) and the spacing between panels.
      width: Math.floor((SIZES[def.size].width - DISTRICT_AXIS - GROUP_SPACING * (groups.length - 1)) / groups.length),
    },
    alt: `${title}. ${groups.map((g) => `${g.name}: ${g.table.rows.map((r) => `${r.district} ${formatNumber(r.value)}`).join(', ')}, totale ${formatNumber(g.table.total)}`).join('. ')}.`,
    table: tableFrom(
      ['Ambito', ...groups.map((g) => g.name)],
      [...districts.map((d, i) => [d, ...groups.map((g) => g.table.rows[i].value)]), ['Totale', ...groups.map((g) => g.table.total)]],
    ),
  };
}

function map(def: ChartDef, withConvention: { name: string; district: string }[], figures: Figures, geo: Topology): Built {
  const title = `${def.title} ${figures.year}`;
  const total = geo.objects.municipalities.geometries.length;
  const counts = figures.districts.map((d) => ({ d, n: withConvention.filter((m) => m.district === d.name).length }));
  return {
    title,
    datasets: { rows: withConvention.map((m) => ({ name: m.name, district: m.district })) },
    params: {
      geo,
      mapDomain: [...figures.districts.map((d) => d.name), 'Senza convenzione'],
      mapRange: [...figures.districts.map((d) => d.colour), NO_CONVENTION],
    },
    alt: `${title}: ${withConvention.length} comuni su ${total} hanno almeno una convenzione (${counts.map((c) => `${c.d.name} ${c.n}`).join(', ')}); gli altri sono in grigio.`,
    table: tableFrom(
      ['Comune', 'Ambito'],
      withConvention.map((m) => [m.name, m.district]),
    ),
  };
}

/** Shapes a chart's figures for its kind; undefined when the figures are absent or too few. */
function build(def: ChartDef, figures: Figures, geo: Topology): Built | undefined {
  const year = def.year === 'previous' ? figures.year - 1 : figures.year;
  if (def.kind === 'district-groups') {
    const groups = (def.groups ?? []).map((g) => ({ name: g.name, table: lookup(figures, g.source) as DistrictTable | undefined }));
    if (groups.some((g) => !g.table)) return undefined;
    return districtGroups(def, groups as { name: string; table: DistrictTable }[], year);
  }
  const source = lookup(figures, def.source ?? '');
  if (source === undefined || source === null) return undefined;
  switch (def.kind) {
    case 'district-bars':
      return districtBars(def, source as DistrictTable, year);
    case 'district-compare':
      return districtCompare(def, source as ComparisonLike, year);
    case 'district-history':
      return districtHistory(def, source as YearTable[]);
    case 'series':
      return series(def, source as SeriesPoint[]);
    case 'categories':
      return categories(def, source as { name: string; count: number; share?: number }[], year);
    case 'map':
      return map(def, source as { name: string; district: string }[], figures, geo);
  }
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
  if (Array.isArray(node)) return node.forEach((n) => fieldsOf(n, reads, makes));
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
function narrowed(node: unknown, top = true): unknown {
  const { fontScale: k, minFont } = NARROW;
  if (Array.isArray(node)) return node.map((n) => narrowed(n, false));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(node)) {
    if (typeof v === 'number' && /^(fontSize|labelFontSize|titleFontSize)$/.test(key)) out[key] = Math.max(minFont, Math.round(v * k));
    else if (typeof v === 'number' && /^(dx|dy|labelPadding|offset|rowPadding|padding|lineHeight|labelLineHeight)$/.test(key)) out[key] = Math.round(v * k);
    else if (typeof v === 'number' && key === 'symbolSize') out[key] = Math.round(v * k * k);
    // Columns get wider on a phone, so the figure written inside each still fits.
    else if (key === 'width' && v && typeof v === 'object' && typeof (v as { band?: unknown }).band === 'number') out[key] = { band: Math.max((v as { band: number }).band, 0.94) };
    else out[key] = narrowed(v, false);
  }
  if (top && out.facet && typeof out.facet === 'object' && 'column' in out.facet) {
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

export class ChartError extends Error {
  constructor(
    readonly chart: string,
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`Grafico "${chart}" (${file}:${line}): ${detail}`);
    this.name = 'ChartError';
  }
}

/** Checks what Vega-Lite would silently ignore: unknown fields, non-numbers, anything loaded from outside. */
function checkSpec(id: string, kindFile: string, specText: string, spec: object, datasets: Record<string, Row[]>): void {
  const lineOf = (needle: string) => {
    const at = specText.indexOf(needle);
    return at < 0 ? 1 : specText.slice(0, at).split('\n').length;
  };
  if (hasUrl(spec)) throw new ChartError(id, kindFile, lineOf('"url"'), 'il grafico carica dati da un indirizzo; i dati devono venire solo dalla build.');
  const reads = new Set<string>();
  const makes = new Set<string>();
  fieldsOf(spec, reads, makes);
  const columns = new Set(Object.values(datasets).flatMap((rows) => rows.flatMap((r) => Object.keys(r))));
  for (const f of reads) {
    if (f.startsWith('properties.')) continue; // boundaries' own attributes (map)
    if (!columns.has(f) && !makes.has(f)) {
      throw new ChartError(id, kindFile, lineOf(`"${f}"`), `il campo "${f}" non c'è nei dati del grafico (campi disponibili: ${[...columns].join(', ')}).`);
    }
  }
  for (const [name, rows] of Object.entries(datasets)) {
    for (const r of rows) {
      for (const key of ['value', 'mid'] as const) {
        if (key in r && (typeof r[key] !== 'number' || !Number.isFinite(r[key] as number))) {
          throw new ChartError(id, kindFile, lineOf(`"${key}"`), `il valore "${key}" di una riga di "${name}" non è un numero (${String(r[key])}).`);
        }
      }
    }
  }
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
const refusingLoader = {
  load: async (uri: string) => {
    throw new Error(`blocked load of ${uri}`);
  },
  sanitize: async (uri: string) => {
    throw new Error(`blocked load of ${uri}`);
  },
  http: async (uri: string) => {
    throw new Error(`blocked load of ${uri}`);
  },
  file: async (uri: string) => {
    throw new Error(`blocked load of ${uri}`);
  },
} as unknown as vega.Loader;

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
export const DRAWN_BY = `assemblea-charts-1 vega ${vega.version} vega-lite ${vl.version}`;

/** Rendered SVGs by their whole input: the live preview rebuilds on every save, and most charts do not
 * change when one figure does. Rendering is a pure function of (id, spec, config), so reuse is safe. */
const svgCache = new Map<string, Promise<string>>();
const SVG_CACHE_SIZE = 100;

function renderSvg(id: string, spec: object, config: object, store?: ChartStore): Promise<string> {
  const key = JSON.stringify([id, spec, config]);
  let svg = svgCache.get(key);
  if (!svg) {
    const stored = store?.get(key);
    svg = stored !== undefined ? Promise.resolve(stored) : renderSvgUncached(id, spec, config).then((s) => (store?.set(key, s), s));
    svgCache.set(key, svg);
    svg.catch(() => svgCache.delete(key));
    if (svgCache.size > SVG_CACHE_SIZE) svgCache.delete(svgCache.keys().next().value!);
  } else if (store) {
    // Drawn earlier in this process: the folder keeps it too.
    void svg.then((s) => store.set(key, s), () => undefined);
  }
  return svg;
}

async function renderSvgUncached(id: string, spec: object, config: object): Promise<string> {
  const warnings: string[] = [];
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
  charts: Map<string, Chart>;
  diagnostics: Diagnostic[];
}

export interface ChartsOptions {
  /** Draw the phone versions (responsiveSvg), which only report.html shows; otherwise responsiveSvg is ''. */
  narrow?: boolean;
  /** Drawings kept by earlier builds (see chart-cache.ts); what is drawn now is added to it. */
  store?: ChartStore;
}

export async function charts(figures: Figures, templates: ChartTemplates, geo: Topology, options: ChartsOptions = {}): Promise<ChartsResult> {
  const wantNarrow = options.narrow ?? true;
  const out = new Map<string, Chart>();
  const jobs = templates.defs.map(async (def) => {
    const built = build(def, figures, geo);
    if (!built) return;
    const kind = templates.kinds[def.kind];
    const size = SIZES[def.size];
    const params = {
      width: size.width,
      height: size.height,
      groupSpacing: GROUP_SPACING,
      districts: figures.districts.map((d) => d.name),
      colours: figures.districts.map((d) => d.colour),
      accent: ACCENT,
      domainMax: undefined,
      ...built.params,
    };
    const { $schema: _schema, description: _d, ...body } = fill(kind.spec, params) as Record<string, unknown>;
    const { rows: _rows, ...namedSets } = built.datasets;
    const spec = { ...body, datasets: { rows: built.datasets.rows, ...namedSets } };
    checkSpec(def.id, kind.file, kind.text, spec, built.datasets);
    let svg: string;
    try {
      svg = await renderSvg(def.id, spec, templates.config, options.store);
    } catch (cause) {
      throw new ChartError(def.id, kind.file, 1, `Vega ha segnalato un problema: ${(cause as Error).message}`);
    }
    const facetted = 'facet' in body;
    const phone = templates.kinds[`${def.kind}.phone`];
    // Stacked panels get a height of their own; a single view is fitted to the width by Vega.
    const drawNarrow = (width: number) => {
      const narrowParams: Record<string, unknown> = { ...params, width, height: facetted ? NARROW.panelHeight : NARROW.heights[def.size] };
      // A chart that lays itself out (autosize none: categories) names its rooms in px: scale them too.
      const selfLaid = (kind.spec as { autosize?: { type?: string } }).autosize?.type === 'none';
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
        ...(facetted || selfLaid ? {} : { autosize: { type: 'fit', contains: 'padding' } }),
        datasets: { ...spec.datasets, ...built.narrow?.datasets },
      };
      const yAxis = (narrowSpec as { encoding?: { y?: { axis?: Record<string, unknown> } } }).encoding?.y?.axis;
      if (built.narrow?.splitLabels && yAxis) yAxis.labelExpr = "split(datum.label, '|')";
      return renderSvg(`${def.id}-stretto`, narrowSpec, narrowConfig(templates.config), options.store);
    };
    const labelled = svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(built.alt)}" `);
    const chart = { id: def.id, title: built.title, svg: labelled, responsiveSvg: '', alt: built.alt, table: built.table, csv: csvOf(built.table), native: built.native };
    out.set(def.id, chart);
    if (!wantNarrow) return;
    let narrowSvg: string;
    try {
      narrowSvg = await drawNarrow(NARROW.width);
      // Panels cannot be fitted by Vega: take what their axes add off their width, once.
      const over = Number(/^<svg[^>]* width="([\d.]+)"/.exec(narrowSvg)?.[1] ?? 0) - NARROW.width;
      if (facetted && over > 0) narrowSvg = await drawNarrow(Math.max(120, NARROW.width - over));
    } catch (cause) {
      throw new ChartError(def.id, kind.file, 1, `Vega ha segnalato un problema (disegno per il telefono): ${(cause as Error).message}`);
    }
    const narrowHidden = narrowSvg.replace(/^<svg /, '<svg aria-hidden="true" focusable="false" ');
    chart.responsiveSvg = `<div class="chart-picture"><div class="chart-wide">${labelled}</div><div class="chart-narrow">${narrowHidden}</div></div>`;
  });
  await Promise.all(jobs);
  return { charts: out, diagnostics: [] };
}

