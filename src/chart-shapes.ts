/** A chart's figures -> the rows its Vega-Lite spec reads, its title, text alternative, data table and
 * native (editable) panels, by the kind's `shape` (templates/charts/kinds.yaml). Pure; no I/O.
 * A few generic shapers, chosen by name, serve every kind: a new kind of chart is a spec and an entry. */
import type { Categories, Change, Comparison, Conventions, DistrictTable, Figures, SeriesPoint, YearTable } from './derive.js';
import { formatNumber, formatPercent, formatSigned, formatSignedPercent } from './format.js';
import { cornerCover, emptiestCorner, type Topology } from './territory.js';
import type { ChartDef } from './templates.js';

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

/** One native chart: a category axis, one or more series. A chart drawn as panels (district-groups)
 * has one per panel. Colours are #rrggbb. */
export interface NativePanel {
  /** 'bar' draws horizontal bars, 'col' vertical columns. */
  direction: 'bar' | 'col';
  grouping: 'clustered' | 'stacked';
  /** A panel's heading (district-groups), as on the deck. */
  heading?: string;
  categories: string[];
  /** null: the category has no figure (a district that did not exist that year): no bar, no label. */
  series: { name: string; values: (number | null)[]; colour: string }[];
  /** One series coloured point by point: colour means district. */
  pointColours?: string[];
  /** Several series coloured point by point (series, then point), e.g. each district's colour, lighter
   * for the earlier year. */
  seriesPointColours?: string[][];
  /** Where the value axis ends: the same for every panel of a chart, so equal figures are drawn equal. */
  max?: number;
  /** A text over each column, as the deck writes it: a stack's total, the change from the year before. */
  above?: string[];
  /** A stacked segment's label is written only when the segment is more than this share of the tallest
   * stack (shorter ones cannot hold it); the same rule as the deck's drawing. */
  labelsAbove?: number;
  /** Each stack's total (a stacked panel), as derived: the height of its column. */
  totals?: number[];
  /** What the deck writes after each value of the panel's points: its share, « (47%)» (3.503 (47%)). */
  afterValues?: string[];
}

/** A colour as drawn at `opacity` on white (the deck's earlier-year bars). */
export function tint(hex: string, opacity: number): string {
  const n = parseInt(hex.replace('#', ''), 16);
  const mix = (c: number) => Math.round(c * opacity + 255 * (1 - opacity));
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => mix(c).toString(16).padStart(2, '0')).join('')}`;
}

/** The phone drawing: the whole SVG this wide (CSS px: a 360 px screen less the page's margins), each
 * text scaled from its slide size by `fontScale` but never under `minFont`, and panels stacked. */
export const NARROW = {
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
export const SIZES: Record<ChartDef['size'], { width: number; height: number }> = {
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
/** District-compare draws a pair of columns per district up to this many districts, bars beyond. */
const MAX_COLUMN_PAIRS = 4;
/** Room for the district names on the left of horizontal bars (24px, semibold). */
const DISTRICT_AXIS = 136;

/** Totals and single series: neutral ink, since colour means district. */
export const ACCENT = '#56606b';
export const GROUP_SPACING = 36;
const NO_CONVENTION = '#c8c8c8';
/** A stacked segment shorter than this share of the tallest stack is drawn without its figure. */
const STACK_LABEL_MIN = 0.075;

export type Row = Record<string, unknown>;

/** What a shaper makes: the native panels without their form (bars, columns...), which the kind sets. */
export interface Shaped {
  title: string;
  datasets: Record<string, Row[]>;
  params: Record<string, unknown>;
  alt: string;
  table: DataTable;
  panels?: Panel[];
  /** Who made what the chart draws, printed beside it wherever it goes (the map's boundaries). */
  credit?: string;
  /** The kind's drawing for another shape of data (kinds.yaml `many`: more districts than columns hold). */
  variant?: 'many';
  /** What the phone drawing changes beyond sizes (see NARROW): its own data or params, and a y axis
   * whose labels are split into lines at "|". */
  narrow?: { datasets?: Record<string, Row[]>; params?: Record<string, unknown>; splitLabels?: boolean };
}

/** A native panel as a shaper makes it, before the kind's native form gives it a direction and grouping
 * (a shaper may set them, for a variant drawn otherwise). */
export type Panel = Omit<NativePanel, 'direction' | 'grouping'> & Partial<Pick<NativePanel, 'direction' | 'grouping'>>;

/** A chart shaped for its kind: rows, texts, table, and its native panels (absent: drawn as a picture). */
export type Built = Omit<Shaped, 'panels'> & { native?: NativePanel[] };

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

function districtBars(def: ChartDef, t: DistrictTable, { year }: ShapeContext): Shaped {
  const title = `${def.title} ${year}`;
  return {
    panels: [
      {
        categories: t.rows.map((r) => r.district),
        series: [{ name: def.title, values: t.rows.map((r) => r.value), colour: ACCENT }],
        pointColours: t.rows.map((r) => r.colour),
        afterValues: t.rows.map((r) => ` (${formatPercent(r.share)})`),
      },
    ],
    title,
    datasets: { rows: t.rows.map((r) => ({ district: r.district, value: r.value, label: `${formatNumber(r.value)} (${formatPercent(r.share)})` })) },
    params: { domainMax: headroom(t.rows.map((r) => r.value), 1.3) },
    alt: `${title}: ${t.rows.map((r) => `${r.district} ${formatNumber(r.value)} (${formatPercent(r.share)})`).join(', ')}; totale ${formatNumber(t.total)}.`,
    table: tableFrom(['Ambito', String(year), 'Quota'], [...t.rows.map((r) => [r.district, r.value, pct(r.share)]), ['Totale', t.total, pct(1)]]),
  };
}

function districtCompare(def: ChartDef, c: Comparison, { year }: ShapeContext): Shaped | undefined {
  if (!c.previous || c.previousYear === undefined || !c.change) return undefined;
  const prev = c.previous;
  const periods = [String(c.previousYear), String(year)];
  const rows = [
    ...prev.rows.map((r) => ({ district: r.district, period: periods[0], value: r.value, label: formatNumber(r.value) })),
    ...c.current.rows.map((r) => ({ district: r.district, period: periods[1], value: r.value, label: formatNumber(r.value) })),
  ];
  const title = `${def.title} ${years(c.previousYear, year)}`;
  // A district that started this year or ended last year is on one side only (rete.yaml's dal / fino_al).
  const byDistrict = c.byDistrict.map((d) => ({ district: d.district, colour: d.colour, from: d.previous, to: d.current, diff: d.diff }));
  const many = byDistrict.length > MAX_COLUMN_PAIRS;
  return {
    // As on the deck: the years on the axis under each column, in the district's colour, lighter for
    // the earlier year, each district apart (a panel each, on one scale): no legend to decode. Beyond four
    // districts the panels would be too narrow: one chart of horizontal bars, a series per year, each bar
    // in its district's colour (lighter for the earlier year, as the legend's greys say).
    panels: many
      ? [
          {
            direction: 'bar',
            categories: byDistrict.map((d) => d.district),
            series: [
              { name: periods[0], values: byDistrict.map((d) => d.from ?? null), colour: tint(ACCENT, 0.4) },
              { name: periods[1], values: byDistrict.map((d) => d.to ?? null), colour: ACCENT },
            ],
            seriesPointColours: [byDistrict.map((d) => tint(d.colour, 0.4)), byDistrict.map((d) => d.colour)],
          },
        ]
      : byDistrict.map((d) => ({
          heading: d.district,
          categories: periods,
          series: [{ name: d.district, values: [d.from ?? null, d.to ?? null], colour: d.colour }],
          pointColours: [tint(d.colour, 0.4), d.colour],
          max: headroom(byDistrict.flatMap((x) => [x.from ?? 0, x.to ?? 0])),
        })),
    title,
    // More than four districts: two columns each, with their years and values, no longer fit side by side
    // (kinds.yaml: district-compare's `many` spec draws bars, both years on one line after each pair).
    ...(many
      ? {
          variant: 'many' as const,
          datasets: {
            rows,
            pairs: byDistrict.map((d) => ({
              district: d.district,
              value: Math.max(d.from ?? 0, d.to ?? 0),
              label: [d.from === undefined ? '' : `${periods[0]}: ${formatNumber(d.from)}`, d.to === undefined ? '' : `${periods[1]}: ${formatNumber(d.to)}`].filter(Boolean).join(' · '),
            })),
          },
          // The longest line after the longest bar: "2024: 1.350 · 2025: 1.358" at 24px, about 12px a letter.
          params: { periods, domainMax: maxOf(rows.map((r) => r.value)) / Math.max(0.2, 1 - 330 / (SIZES[def.size].width - DISTRICT_AXIS)) },
        }
      : { datasets: { rows }, params: { periods, domainMax: headroom(rows.map((r) => r.value)) } }),
    // Horizontal on a phone (district-compare.phone): the bars leave room for "2025: 476.016" after the longest.
    narrow: { params: { domainMax: maxOf(rows.map((r) => r.value)) * 1.75, height: byDistrict.length * 64 } },
    alt:
      `${title}: in totale da ${formatNumber(prev.total)} (${periods[0]}) a ${formatNumber(c.current.total)} (${periods[1]}), ${changeText(c.change)}. ` +
      byDistrict
        .map((d) =>
          d.from === undefined
            ? `${d.district} ${formatNumber(d.to ?? 0)} (nel ${periods[0]} non c'era)`
            : d.to === undefined
              ? `${d.district} ${formatNumber(d.from)} (nel ${periods[1]} non c'è più)`
              : `${d.district} da ${formatNumber(d.from)} a ${formatNumber(d.to)} (${formatSigned(d.diff ?? 0)})`,
        )
        .join('; ') +
      '.',
    table: tableFrom(
      ['Ambito', periods[0], periods[1], 'Differenza'],
      [
        ...byDistrict.map((d) => [d.district, d.from ?? null, d.to ?? null, d.diff === undefined ? null : diff(d.diff)]),
        ['Totale', prev.total, c.current.total, diff(c.change.diff)],
      ],
    ),
  };
}

/** A figure by district over the years. A district that did not exist in a year (rete.yaml's dal /
 * fino_al) has no row that year: no zero segment, "—" in the table; the declared order is kept. */
function districtHistory(def: ChartDef, h: YearTable[]): Shaped | undefined {
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
      return { year: String(x.year), district: r.district, value: r.value, order, mid, label: formatNumber(r.value), showLabel: r.value / maxTotal > STACK_LABEL_MIN };
    });
  });
  const totals = h.map((x) => ({ year: String(x.year), value: x.table.total, label: formatNumber(x.table.total) }));
  // Every district of any year, in rete.yaml's order: each year's rows are in that order, so a district
  // that starts later goes after the one before it in its first year.
  const shown: { name: string; colour: string }[] = [];
  for (const x of h) {
    x.table.rows.forEach((r, i) => {
      if (shown.some((d) => d.name === r.district)) return;
      const after = i > 0 ? shown.findIndex((d) => d.name === x.table.rows[i - 1].district) : -1;
      shown.splice(after + 1, 0, { name: r.district, colour: r.colour });
    });
  }
  const districts = shown.map((d) => d.name);
  const valueIn = (x: YearTable, district: string) => x.table.rows.find((r) => r.district === district)?.value;
  // The districts are named beside the last column, on their own segment: direct labels, no legend.
  // Thin segments (many districts) would put two names on one line: each name at least a line above the
  // one below (28px in data units), and the stack brought down if that takes it over the top.
  const domainMax = headroom(h.map((x) => x.table.total), 1.12);
  const line = (domainMax * 28) / SIZES[def.size].height;
  const ends = rows.filter((r) => r.year === String(last.year)).map((r) => ({ year: r.year, district: r.district, mid: r.mid }));
  ends.forEach((e, i) => {
    if (i > 0) e.mid = Math.max(e.mid, ends[i - 1].mid + line);
  });
  const over = ends.length ? ends.at(-1)!.mid - (domainMax - line / 2) : 0;
  if (over > 0) for (let i = ends.length - 1, top = domainMax - line / 2; i >= 0; i--, top -= line) ends[i].mid = Math.min(ends[i].mid, top);
  return {
    panels: [
      {
        categories: h.map((x) => String(x.year)),
        series: shown.map((d) => ({ name: d.name, values: h.map((x) => valueIn(x, d.name) ?? null), colour: d.colour })),
        above: totals.map((t) => t.label),
        labelsAbove: STACK_LABEL_MIN,
        totals: h.map((x) => x.table.total),
      },
    ],
    title,
    datasets: { rows, totals, ends },
    params: { domainMax },
    // On a phone a segment's figure is wider than its column: only the totals are written, the table
    // under the chart gives each district's figure.
    narrow: { datasets: { rows: rows.map((r) => ({ ...r, label: '' })) } },
    alt: `${title}: in totale da ${formatNumber(first.table.total)} (${first.year}) a ${formatNumber(last.table.total)} (${last.year}), ${changeText(last.sinceFirst)}. Totali per anno: ${h.map((x) => `${x.year} ${formatNumber(x.table.total)}`).join(', ')}.`,
    table: tableFrom(
      ['Ambito', ...h.map((x) => String(x.year))],
      [...districts.map((d) => [d, ...h.map((x) => valueIn(x, d) ?? null)]), ['Totale', ...h.map((x) => x.table.total)]],
    ),
  };
}

function series(def: ChartDef, points: SeriesPoint[]): Shaped | undefined {
  if (points.length < 2) return undefined;
  const title = `${def.title} ${years(points[0].year, points.at(-1)!.year)}`;
  const rows = points.map((p) => ({ year: String(p.year), value: p.value, label: formatNumber(p.value), changeLabel: p.change ? formatSigned(p.change.diff) : '', change: p.change }));
  const total = points.at(-1)!.sinceFirst;
  return {
    panels: [{ categories: rows.map((r) => r.year), series: [{ name: def.title, values: points.map((p) => p.value), colour: ACCENT }], above: rows.map((r) => r.changeLabel) }],
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

function categories(def: ChartDef, { items, total }: Categories, { year }: ShapeContext): Shaped | undefined {
  if (!items.length) return undefined;
  const title = `${def.title} ${year}`;
  const label = (i: { count: number; share?: number }) => (i.share === undefined ? formatNumber(i.count) : `${formatNumber(i.count)} (${formatPercent(i.share)})`);
  // On a phone a long name goes on two or three lines, so that the bars keep some width.
  const wrapped = items.map((i) => wrapWords(i.name, 20));
  const narrowLabelRoom = Math.max(0, ...wrapped.flatMap((w) => w.split('|').map((l) => l.length))) * 6.5 + 10;
  return {
    panels: [
      {
        categories: items.map((i) => i.name),
        series: [{ name: def.title, values: items.map((i) => i.count), colour: ACCENT }],
        ...(items.some((i) => i.share !== undefined) ? { afterValues: items.map((i) => (i.share === undefined ? '' : ` (${formatPercent(i.share)})`)) } : {}),
      },
    ],
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

function districtGroups(def: ChartDef, groups: { name: string; table: DistrictTable }[], { year }: ShapeContext): Shaped | undefined {
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
    panels: groups.map((g) => ({
      // On two lines, as the deck's header: the name, then the total.
      heading: `${g.name}:\n${formatNumber(g.table.total)}`,
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

/** The map's legend as the room sees it: a 24px square and a 24px label per entry, rows 36px apart
 * (map.vl.json). Vega lays it out in a box about 1.7 times wider (see labelWidth), which is harmless
 * against the left edge; on the right the legend is placed by its visible width (orient none). */
const legendBox = (labels: string[]) => ({ width: 24 + 8 + labelWidth(labels), height: labels.length * 36 });
/** A corner the shape covers less than this is empty enough for the legend. */
const LEGEND_COVER = 0.04;

function map(def: ChartDef, c: Conventions, { figures, geo }: ShapeContext): Shaped {
  const title = `${def.title} ${figures.year}`;
  const { withConvention } = c;
  const domain = [...figures.districts.map((d) => d.name), 'Senza convenzione'];
  // The legend goes in the corner the territory's own shape leaves empty; when no corner is, beside the map.
  const box = legendBox(domain);
  const { width, height } = SIZES[def.size];
  const { corner, cover } = emptiestCorner(cornerCover(geo, width, height, box), LEGEND_COVER);
  const inside = cover <= LEGEND_COVER;
  const byHand = !(inside && corner.endsWith('left'));
  return {
    title,
    credit: figures.territory.attribution,
    datasets: { rows: withConvention.map((m) => ({ name: m.name, district: m.district })) },
    params: {
      geo,
      mapDomain: domain,
      mapRange: [...figures.districts.map((d) => d.colour), NO_CONVENTION],
      // Left corners are Vega's own; the right edge is placed by hand (Vega's box there is too wide).
      ...(byHand
        ? { legendOrient: 'none', legendX: inside ? width - box.width : width - box.width + 16, legendY: !inside || corner.startsWith('top') ? 0 : height - box.height }
        : { legendOrient: corner }),
      // No empty corner: the map narrows and the legend goes beside it.
      ...(inside ? {} : { width: width - box.width - 16 }),
    },
    // On a phone the legend shrinks with its text (NARROW.fontScale): placed by hand, it moves with it.
    ...(byHand
      ? {
          narrow: {
            params: {
              legendX: NARROW.width - box.width * NARROW.fontScale - (inside ? 16 : 8),
              legendY: !inside || corner.startsWith('top') ? 0 : NARROW.heights.map - box.height * NARROW.fontScale,
              ...(inside ? {} : { width: NARROW.width - box.width * NARROW.fontScale - 8 }),
            },
          },
        }
      : {}),
    alt: `${title}: ${c.municipalitiesWith} comuni su ${c.municipalitiesInProvince} hanno almeno una convenzione (${c.byDistrict.map((d) => `${d.district} ${d.municipalities.length}`).join(', ')}); gli altri sono in grigio.`,
    table: tableFrom(
      ['Comune', 'Ambito'],
      withConvention.map((m) => [m.name, m.district]),
    ),
  };
}

export interface ShapeContext {
  figures: Figures;
  geo: Topology;
  /** The year the chart shows (the year before, for `year: previous`). */
  year: number;
}

/** How deck.pptx draws a kind: a native chart's direction and grouping, or the SVG as a picture. */
export const NATIVE_FORMS = {
  bars: { direction: 'bar', grouping: 'clustered' },
  columns: { direction: 'col', grouping: 'clustered' },
  'stacked-columns': { direction: 'col', grouping: 'stacked' },
  picture: undefined,
} as const satisfies Record<string, Pick<NativePanel, 'direction' | 'grouping'> | undefined>;
export type NativeForm = keyof typeof NATIVE_FORMS;

interface Shaper {
  /** Where a chart of this shape finds its figures: `source` (one path in the figures) or `groups`
   * (a path per panel). */
  reads: 'source' | 'groups';
  /** The native forms that make sense for it (a map has no native form). */
  natives: readonly NativeForm[];
  shape(def: ChartDef, figures: never, ctx: ShapeContext): Shaped | undefined;
}

const EDITABLE: readonly NativeForm[] = ['bars', 'columns', 'stacked-columns', 'picture'];

/** The shapers by name, as kinds.yaml selects them. */
export const SHAPES = {
  'district-table': { reads: 'source', natives: EDITABLE, shape: districtBars },
  comparison: { reads: 'source', natives: EDITABLE, shape: districtCompare },
  history: { reads: 'source', natives: EDITABLE, shape: districtHistory },
  series: { reads: 'source', natives: EDITABLE, shape: series },
  categories: { reads: 'source', natives: EDITABLE, shape: categories },
  groups: { reads: 'groups', natives: EDITABLE, shape: districtGroups },
  municipalities: { reads: 'source', natives: ['picture'], shape: map },
} as const satisfies Record<string, Shaper>;
export type ShapeName = keyof typeof SHAPES;

/** Shapes a chart's figures for its kind; undefined when the figures are absent or too few. */
export function shapeChart(def: ChartDef, kind: { shape: ShapeName; native: NativeForm }, figures: Figures, geo: Topology): Built | undefined {
  const shaper: Shaper = SHAPES[kind.shape];
  let source: unknown;
  if (shaper.reads === 'groups') {
    const groups = (def.groups ?? []).map((g) => ({ name: g.name, table: lookup(figures, g.source) }));
    if (groups.some((g) => !g.table)) return undefined;
    source = groups;
  } else {
    source = lookup(figures, def.source ?? '');
    if (source === undefined || source === null) return undefined;
  }
  const year = def.year === 'previous' ? figures.year - 1 : figures.year;
  const shaped = shaper.shape(def, source as never, { figures, geo, year });
  if (!shaped) return undefined;
  const { panels, ...rest } = shaped;
  const form = NATIVE_FORMS[kind.native];
  return { ...rest, native: form && panels?.map((p): NativePanel => ({ ...form, ...p })) };
}
