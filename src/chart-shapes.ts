/** A chart's figures -> the rows its Vega-Lite spec reads, its title, text alternative, data table and
 * native (editable) panels, by the kind's `shape` (templates/charts/kinds.yaml). Pure; no I/O.
 * A few generic shapers, chosen by name, serve every kind: a new kind of chart is a spec and an entry. */

import { inkOn, textShade } from './colour.js';
import { type Categories, type Change, type Comparison, type Conventions, change, type DistrictTable, type Figures, type SeriesPoint, sum, type YearTable } from './derive.js';
import { formatNumber, formatSigned, formatSignedPercent, plural } from './format.js';
import type { ChartDef } from './templates.js';
import { projectedAspect, type Topology } from './territory.js';
import { balancedLines, textWidth, widestText, wrapToWidth } from './text-width.js';

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
  /** Each row's whether it is a part («di cui ...») of a row above it: set in under it on the page. */
  parts: boolean[];
  /** Each row's whether it is the table's total (its last row, «Totale»): set apart on the page. */
  totals: boolean[];
}

/** One native chart: a category axis, one or more series. A chart drawn as panels (district-groups)
 * has one per panel. Colours are #rrggbb. */
export interface NativePanel {
  /** 'bar' draws horizontal bars, 'col' vertical columns. */
  direction: 'bar' | 'col';
  grouping: 'clustered' | 'stacked';
  /** A panel's heading (district-groups), as on the deck. */
  heading?: string;
  /** Sizes in px where the deck's are not the chart text's 24 (deck.pptx): the heading's, the values'. */
  sizes?: { heading?: number; values?: number };
  categories: string[];
  /** null: the category has no figure (a district that did not exist that year): no bar, no label. */
  series: { name: string; values: (number | null)[]; colour: string }[];
  /** One series coloured point by point: colour means district. */
  pointColours?: string[];
  /** Several series coloured point by point (series, then point), e.g. each district's colour, lighter
   * for the earlier year. */
  seriesPointColours?: string[][];
  /** An outline per point of each series (series, then point; null: none): the year before's pale bars are
   * drawn inside a dark outline, as on the deck. */
  seriesPointOutlines?: (string | null)[][];
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
  /** A whole's parts drawn inside its bar (categories' «di cui», horizontal stacks): each part's own row under
   * its whole's, where its segment starts, its name and figure, and the series and row its segment is in. */
  parts?: { row: number; whole: number; series: number; start: number; name: string; count: number }[];
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

/** The widest a column of district names beside horizontal bars may be, as a share of the chart's box:
 * a name wider than that goes on two lines (never cut), so the bars keep most of the width. */
const NAME_COLUMN_SHARE = 0.4;

/** A column of names as an axis writes them: as wide as the widest (measured in the deck's font), and
 * the vega expression that writes a name too wide for `max` on the lines it wraps to (split where the
 * words allow, never inside one). `limit` is the axis's labelLimit: the column, so no name is cut. */
export function nameColumn(names: readonly string[], max: number, fontSize = 24, weight: number | string = 600): { width: number; limit: number; expr: string; lines: Map<string, string[]> } {
  const lines = new Map<string, string[]>();
  let width = 0;
  for (const name of names) {
    const whole = textWidth(name, fontSize, weight);
    if (whole <= max) {
      width = Math.max(width, whole);
      continue;
    }
    const wrapped = balancedLines(name, 3, fontSize, weight);
    lines.set(name, wrapped.lines);
    width = Math.max(width, wrapped.width);
  }
  const table = [...lines].map(([name, l]) => `${JSON.stringify(name)}: ${JSON.stringify(l)}`).join(', ');
  return { width: Math.ceil(width), limit: Math.ceil(width) + 4, expr: lines.size ? `({${table}})[datum.label] || datum.label` : 'datum.label', lines };
}

/** Totals and single series: neutral ink, since colour means district. Dark (L* 32), so that in black and
 * white it prints as a grey of its own between a dark district and a mid one (the grey-safe palettes' 20
 * and 45 for two or three districts); a mid slate printed as the same grey as a mid blue. */
export const ACCENT = '#454d57';
/** The year before's bars beside this year's (a district's colour): a pale neutral grey inside a dark outline
 * (PREVIOUS_OUTLINE, which gives the mark its 3:1 on white). A mid-grey read at 3:1 by itself but printed as
 * the same grey as a mid-lightness district (an orange); this fill is lighter than any district's colour
 * should be, and the outline tells it apart even from a pale one, in colour and in black and white. */
export const PREVIOUS = '#e1e4e8';
/** The outline of the year before's bars: ACCENT's ink, 8.6:1 on white. */
export const PREVIOUS_OUTLINE = '#454d57';
/** Its width in px on the slide (the stroke is drawn half inside, half outside the bar): 3, so that a pale
 * bar keeps a firm edge on a washed-out projector and at 96 dpi (2 px printed as one dark pixel and a grey one). */
export const PREVIOUS_OUTLINE_WIDTH = 3;
export const GROUP_SPACING = 36;
/** A municipality without a convention: lighter than any district's colour, so that in grey print a district
 * still stands apart from "none" (#c8c8c8 was 1.6:1 against an orange district there); outlined in grey. */
export const NO_CONVENTION = '#eeeeee';
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
  /** How the slide around the chart is laid out, when the chart decides it (the map: see mapLayout). */
  layout?: MapLayout;
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

const years = (first: number, last: number) => (first === last ? `${first}` : `${first}–${last}`);
const maxOf = (xs: number[]) => Math.max(0, ...xs);
/** Room above the tallest bar for its label. */
const headroom = (xs: number[], factor = 1.15) => maxOf(xs) * factor || 1;

/** The height of the line of changes under a two-year comparison's district names (24px text and its gap),
 * how far below the axis it starts (under the year and the name), and a name's line when it wraps. */
const CHANGE_LINE = 72;
const CHANGE_DY = 76;
const NAME_LINE = 29;

/** Each district's change from one year to the next, as written under its name on a two-year comparison:
 * signed, in neutral ink, a fall in bold (DESIGN.md: a decline is shown, never left to spot). */
function districtChanges(byDistrict: { district: string; from?: number; to?: number; diff?: number }[]) {
  return byDistrict.filter((d) => d.diff !== undefined && d.from !== undefined).map((d) => ({ district: d.district, value: 0, label: changeText(change(d.from!, d.to!)), decline: d.diff! < 0 }));
}

function changeText(c: Change | undefined): string {
  if (!c) return '';
  return c.ratio === undefined ? formatSigned(c.diff) : `${formatSigned(c.diff)} (${formatSignedPercent(c.ratio)})`;
}

/** The name of a table's last row when it sums the rows above it. */
const TOTAL = 'Totale';

function tableFrom(head: string[], raw: Cell[][], parts: boolean[] = []): DataTable {
  const shown = (c: Cell) => (c === null ? '—' : typeof c === 'number' ? formatNumber(c) : typeof c === 'string' ? c : c.shown);
  const total = (r: Cell[], i: number) => i === raw.length - 1 && r[0] === TOTAL;
  return { head, raw, rows: raw.map((r) => r.map(shown)), parts: raw.map((_, i) => parts[i] ?? false), totals: raw.map(total) };
}

/** A share (0..1) as the page shows it ("51%") and as a spreadsheet reads it (51,3 in a "%" column). */
const pct = (share: number, percent = Math.round(share * 100)): ShownNumber => ({ value: Math.round(share * 1000) / 10, shown: `${formatNumber(percent)}%`, percent: true });
/** A share as the outputs write it: its whole percent from derive (parts of a whole add up to 100). */
const percentOf = (p: { percent?: number; share?: number }) => `${formatNumber(p.percent ?? Math.round((p.share ?? 0) * 100))}%`;
/** A difference, "+6.672" on the page, 6672 in the CSV. */
const diff = (n: number): ShownNumber => ({ value: n, shown: formatSigned(n) });

/** The params of a chart with district names on the left of horizontal bars: the names' column sized
 * from the names (at least the package's usual room), the plot the rest of the box up to its size. */
function barsBesideNames(def: ChartDef, names: string[], weight: number, reserved = 0): { width: number; nameLimit: number; nameExpr: string; column: number } {
  const slot = SLOTS[def.size];
  const col = nameColumn(names, slot * NAME_COLUMN_SHARE, 24, weight);
  const column = Math.max(DISTRICT_AXIS, col.limit + 12);
  // The bars take the box less the names (and the value after the longest bar, within the plot's headroom).
  return { width: Math.max(SIZES[def.size].width, slot - column - 16 - reserved - 140), nameLimit: col.limit, nameExpr: col.expr, column };
}

function districtBars(def: ChartDef, t: DistrictTable, { year }: ShapeContext): Shaped {
  const title = `${def.title} ${year}`;
  const { column: _c, ...names } = barsBesideNames(
    def,
    t.rows.map((r) => r.district),
    600,
  );
  return {
    panels: [
      {
        categories: t.rows.map((r) => r.district),
        series: [{ name: def.title, values: t.rows.map((r) => r.value), colour: ACCENT }],
        pointColours: t.rows.map((r) => r.colour || ACCENT),
        afterValues: t.rows.map((r) => ` (${percentOf(r)})`),
      },
    ],
    title,
    // A row that is no district (the provincial associations) has no colour of its own: neutral ink.
    datasets: { rows: t.rows.map((r) => ({ district: r.district, value: r.value, label: `${formatNumber(r.value)} (${percentOf(r)})`, fill: r.colour || ACCENT })) },
    params: {
      domainMax: headroom(
        t.rows.map((r) => r.value),
        1.3,
      ),
      ...names,
    },
    alt: `${title}: ${t.rows.map((r) => `${r.district} ${formatNumber(r.value)} (${percentOf(r)})`).join(', ')}; totale ${formatNumber(t.total)}.`,
    table: tableFrom(['Ambito', String(year), 'Quota'], [...t.rows.map((r) => [r.district, r.value, pct(r.share, r.percent)]), [TOTAL, t.total, pct(1)]]),
  };
}

/** Both years of each district on one line ("2024: 1.350 · 2025: 1.358"), after the longer of its bars. */
function pairsOf(byDistrict: { district: string; from?: number; to?: number; diff?: number }[], periods: string[]) {
  return byDistrict.map((d) => ({
    district: d.district,
    value: Math.max(d.from ?? 0, d.to ?? 0),
    label: [d.from === undefined ? '' : `${periods[0]}: ${formatNumber(d.from)}`, d.to === undefined ? '' : `${periods[1]}: ${formatNumber(d.to)}`, d.diff === undefined ? '' : formatSigned(d.diff)]
      .filter(Boolean)
      .join(' · '),
    decline: (d.diff ?? 0) < 0,
  }));
}

function districtCompare(def: ChartDef, c: Comparison, { year }: ShapeContext): Shaped | undefined {
  if (!c.previous || c.previousYear === undefined || !c.change) return undefined;
  const prev = c.previous;
  const periods = [String(c.previousYear), String(year)];
  const rows = [
    // This year's bars are outlined in their own colour: the same size as last year's, and no visible edge.
    ...prev.rows.map((r) => ({ district: r.district, period: periods[0], value: r.value, label: formatNumber(r.value), fill: PREVIOUS, stroke: PREVIOUS_OUTLINE })),
    ...c.current.rows.map((r) => ({ district: r.district, period: periods[1], value: r.value, label: formatNumber(r.value), fill: r.colour, stroke: r.colour })),
  ];
  const title = `${def.title} ${years(c.previousYear, year)}`;
  // A district that started this year or ended last year is on one side only (rete.yaml's dal / fino_al).
  const byDistrict = c.byDistrict.map((d) => ({ district: d.district, colour: d.colour, from: d.previous, to: d.current, diff: d.diff }));
  const many = byDistrict.length > MAX_COLUMN_PAIRS;
  return {
    // As on the deck: the years on the axis under each column, in the district's colour, lighter for
    // the earlier year, each district apart (a panel each, on one scale): no legend to decode. Beyond four
    // districts the panels would be too narrow: one chart of horizontal bars, a series per year, each bar
    // in its district's colour (the earlier year in grey, as the legend says).
    panels: many
      ? [
          {
            direction: 'bar',
            categories: byDistrict.map((d) => d.district),
            series: [
              { name: periods[0], values: byDistrict.map((d) => d.from ?? null), colour: PREVIOUS },
              { name: periods[1], values: byDistrict.map((d) => d.to ?? null), colour: ACCENT },
            ],
            seriesPointColours: [byDistrict.map(() => PREVIOUS), byDistrict.map((d) => d.colour)],
            seriesPointOutlines: [byDistrict.map(() => PREVIOUS_OUTLINE), byDistrict.map(() => null)],
          },
        ]
      : byDistrict.map((d) => ({
          // The district and its change, as the deck writes them under its columns (a decline said, not left to spot).
          heading: d.diff !== undefined && d.from !== undefined ? `${d.district}\n${changeText(change(d.from, d.to!))}` : d.district,
          categories: periods,
          series: [{ name: d.district, values: [d.from ?? null, d.to ?? null], colour: d.colour }],
          pointColours: [PREVIOUS, d.colour],
          seriesPointOutlines: [[PREVIOUS_OUTLINE, null]],
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
            pairs: pairsOf(byDistrict, periods),
          },
          // The longest line after the longest bar: "2024: 1.350 · 2025: 1.358" at 24px, about 12px a letter.
          params: (() => {
            const { column: _c, ...names } = barsBesideNames(
              def,
              byDistrict.map((d) => d.district),
              700,
            );
            // The longest line after the longest bar, measured: "2024: 1.350 · 2025: 1.358" at 24px semibold.
            const after =
              12 +
              widestText(
                pairsOf(byDistrict, periods).map((p) => p.label),
                24,
                600,
              ) +
              8;
            return { periods, ...names, domainMax: maxOf(rows.map((r) => r.value)) / Math.max(0.2, 1 - after / names.width) };
          })(),
        }
      : (() => {
          // Each district's name under its pair of columns, on as many lines as its band needs; under the
          // names, each district's change, which takes its room from the bars' height.
          // Across the slot the slide gives it (the body's width), as the histories beside it are: the pairs
          // of columns no longer stop a fifth short of the right edge.
          const width = SLOTS[def.size] - 16;
          const band = width / Math.max(1, byDistrict.length);
          const col = nameColumn(
            byDistrict.map((d) => d.district),
            band - 16,
            24,
            700,
          );
          const extra = (Math.max(1, ...[...col.lines.values()].map((l) => l.length)) - 1) * NAME_LINE;
          return {
            datasets: { rows, changes: districtChanges(byDistrict) },
            params: {
              periods,
              width,
              domainMax: headroom(rows.map((r) => r.value)),
              nameLimit: Math.max(col.limit, Math.floor(band)),
              nameExpr: col.expr,
              height: SIZES[def.size].height - CHANGE_LINE - extra,
              changeDy: CHANGE_DY + extra,
            },
          };
        })()),
    // Horizontal on a phone (district-compare.phone): the bars leave room for "2025: 476.016" after the longest.
    narrow: (() => {
      // The names at 14px bold, a long one on two lines, never cut (district-compare.phone).
      const col = nameColumn(
        byDistrict.map((d) => d.district),
        120,
        14,
        700,
      );
      return { params: { domainMax: maxOf(rows.map((r) => r.value)) * 1.75, height: byDistrict.length * 64, nameLimit: col.limit, nameExpr: col.expr } };
    })(),
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
      [...byDistrict.map((d) => [d.district, d.from ?? null, d.to ?? null, d.diff === undefined ? null : diff(d.diff)]), [TOTAL, prev.total, c.current.total, diff(c.change.diff)]],
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
      // The figure in white on a dark segment, in dark ink on a light one (colour.ts inkOn).
      return { year: String(x.year), district: r.district, value: r.value, order, mid, label: formatNumber(r.value), showLabel: r.value / maxTotal > STACK_LABEL_MIN, ink: inkOn(r.colour) };
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
  const domainMax = headroom(
    h.map((x) => x.table.total),
    1.12,
  );
  // The names' column, measured: the plot gives up what they need past its width, so that the whole
  // chart stays in its box at full size; a name wider than a third of the box goes on two lines.
  const slot = SLOTS[def.size];
  const endNames = nameColumn(districts, slot / 3, 24, 700);
  // The plot takes the box less the names (a half-size chart beside the facts keeps its whole 784 px).
  const room = Math.floor(slot - 16 - 16 - endNames.width - 8);
  const width = def.size === 'full' ? Math.min(SIZES.full.width, room) : room;
  const line = (domainMax * 28) / SIZES[def.size].height;
  const ends = rows
    .filter((r) => r.year === String(last.year))
    .map((r) => ({
      year: r.year,
      district: r.district,
      mid: r.mid,
      name: (endNames.lines.get(r.district) ?? [r.district]).join('|'),
      // The name in its district's colour, darkened where that colour would not read on white.
      shade: textShade(last.table.rows.find((x) => x.district === r.district)!.colour),
      lines: endNames.lines.get(r.district)?.length ?? 1,
    }));
  ends.forEach((e, i) => {
    if (i > 0) e.mid = Math.max(e.mid, ends[i - 1].mid + (line * (ends[i - 1].lines + e.lines)) / 2);
  });
  const over = ends.length ? ends.at(-1)!.mid - (domainMax - line / 2) : 0;
  if (over > 0) for (let i = ends.length - 1, top = domainMax - line / 2; i >= 0; i--, top -= line) ends[i].mid = Math.min(ends[i].mid, top);
  // Thin segments (a small district's hours) keep their figure: written on the left of the column with a leader,
  // in the room the columns leave between them (narrower columns when there are some); a figure at least
  // a line above the one below it, so two thin segments of a column never overlap.
  // `mid` is where the figure goes, `value` the segment's middle, where the leader ends.
  const thin = rows.filter((r) => !r.showLabel).map((r) => ({ year: r.year, district: r.district, mid: r.mid, value: r.mid, label: r.label, leader: '#404040' }));
  for (const y of new Set(thin.map((t) => t.year))) {
    const col = thin.filter((t) => t.year === y);
    col.forEach((t, i) => {
      if (i > 0) t.mid = Math.max(t.mid, col[i - 1].mid + line);
    });
  }
  const barBand = thin.length ? 0.5 : 0.7;
  const edge = (1 - barBand) / 2;
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
    // Vega refuses an empty layer on a shared scale: without thin segments, one row that draws nothing.
    datasets: { rows, totals, ends: ends.map(({ lines: _l, ...e }) => e), thin: thin.length ? thin : [{ year: String(first.year), district: '', mid: 0, value: 0, label: '', leader: 'transparent' }] },
    params: { domainMax, width, barBand, barEdge: edge, leaderFrom: Math.max(0.02, edge - 0.06), endsAt: 1 - edge },
    // On a phone (district-history.phone.vl.json) each year is a bar across the width: every figure on its
    // segment, or after the bar's end where the segment is too short for it.
    narrow: phoneHistory(
      h,
      rows,
      maxTotal,
      shown.map((d) => d.name),
    ),
    alt: `${title}: in totale da ${formatNumber(first.table.total)} (${first.year}) a ${formatNumber(last.table.total)} (${last.year}), ${changeText(last.sinceFirst)}. Totali per anno: ${h.map((x) => `${x.year} ${formatNumber(x.table.total)}`).join(', ')}.`,
    table: tableFrom(['Ambito', ...h.map((x) => String(x.year))], [...districts.map((d) => [d, ...h.map((x) => valueIn(x, d) ?? null)]), [TOTAL, ...h.map((x) => x.table.total)]]),
  };
}

/** The phone's size of a stack's figures (district-history.phone.vl.json). */
const PHONE_STACK_TEXT = 13;

/** A history on a phone: a bar per year across the drawing (NARROW.width less its padding), its segments in
 * order. A segment's figure is written on it where it fits (its measured width and 3 px either side), else
 * after the bar's end, in its district's colour (darkened to read on white), one after another; the
 * scale ends where the widest of those still fits. */
function phoneHistory(
  h: YearTable[],
  rows: { year: string; district: string; value: number; label: string; showLabel: boolean }[],
  maxTotal: number,
  districts: string[],
): NonNullable<Shaped['narrow']> {
  const plot = NARROW.width - 8;
  const labelW = (label: string) => textWidth(label, PHONE_STACK_TEXT, 600);
  const thinAt = (end: number) => rows.filter((r) => (r.value / end) * plot < labelW(r.label) + 6);
  let end = maxTotal || 1;
  for (let i = 0; i < 3; i++) {
    const thin = thinAt(end);
    const room = Math.max(0, ...h.map((x) => thin.filter((r) => r.year === String(x.year)).reduce((w, r) => w + 6 + labelW(r.label), 0)));
    end = room ? (maxTotal * plot) / Math.max(plot / 2, plot - room - 4) : maxTotal || 1;
  }
  const thin = new Set(thinAt(end));
  const colourOf = (year: string, district: string) => h.find((x) => String(x.year) === year)?.table.rows.find((r) => r.district === district)?.colour ?? '#1a1a1a';
  const after = h.flatMap((x) => {
    let px = 6;
    return rows
      .filter((r) => r.year === String(x.year) && thin.has(r))
      .map((r) => {
        const at = x.table.total + (px * end) / plot;
        px += labelW(r.label) + 6;
        return { year: r.year, district: r.district, at, label: r.label, shade: textShade(colourOf(r.year, r.district)) };
      });
  });
  return {
    datasets: {
      rows: rows.map((r) => ({ ...r, showLabel: !thin.has(r) })),
      // Vega refuses an empty layer on a shared scale: without short segments, one row that draws nothing.
      after: after.length ? after : [{ year: String(h[0].year), district: '', at: 0, label: '', shade: 'transparent' }],
    },
    params: { domainMax: end, legendColumns: keyColumns(districts, plot) },
  };
}

/** The phone key's size of a district's name, and what its square and the gaps take (district-history.phone.vl.json). */
const PHONE_KEY = { text: 14, symbol: 12, offset: 4, gap: 12 };

/** How many of the key's names go on one line of a phone's width: all of them where they fit (three short
 * districts), else as many as fit, down to one name a line (a network's long district names). */
function keyColumns(names: string[], width: number): number {
  const entry = names.map((n) => PHONE_KEY.symbol + PHONE_KEY.offset + textWidth(n, PHONE_KEY.text, 600));
  for (let columns = names.length; columns > 1; columns--) {
    const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...entry.filter((_, i) => i % columns === c)));
    if (widths.reduce((a, b) => a + b, 0) + PHONE_KEY.gap * (columns - 1) <= width) return columns;
  }
  return 1;
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
    params: {
      accent: ACCENT,
      domainMax: headroom(
        points.map((p) => p.value),
        1.2,
      ),
    },
    // On a phone the value and its change stand on two lines above the tallest column (series.phone): about
    // 56 px of the drawing's height are kept free above it, so the value stays inside the drawing.
    narrow: { params: { domainMax: maxOf(points.map((p) => p.value)) / (1 - 56 / NARROW.heights[def.size]) } },
    alt: `${title}: da ${formatNumber(points[0].value)} (${points[0].year}) a ${formatNumber(points.at(-1)!.value)} (${points.at(-1)!.year}), ${changeText(total)}. ${rows.map((r) => `${r.year}: ${r.label}${r.changeLabel ? ` (${r.changeLabel})` : ''}`).join('; ')}.`,
    table: tableFrom(
      ['Anno', def.title, 'Differenza'],
      rows.map((r) => [r.year, r.value, r.change ? diff(r.change.diff) : null]),
    ),
  };
}

/** Several figures over the years side by side, a panel each on its own scale (the services and the
 * people assisted: one story, two sizes): each panel's columns carry the value and the change. */
function seriesGroups(def: ChartDef, groups: { name: string; table: SeriesPoint[] }[]): Shaped | undefined {
  const shown = groups.filter((g) => Array.isArray(g.table) && g.table.length >= 2);
  if (shown.length < groups.length || !shown.length) return undefined;
  const all = shown.flatMap((g) => g.table);
  const title = `${def.title} ${years(Math.min(...all.map((p) => p.year)), Math.max(...all.map((p) => p.year)))}`;
  const rows = shown.flatMap((g) => {
    const max = maxOf(g.table.map((p) => p.value));
    return g.table.map((p) => ({ group: g.name, year: String(p.year), value: p.value, label: formatNumber(p.value), changeLabel: p.change ? formatSigned(p.change.diff) : '', room: max * 1.22 || 1 }));
  });
  const slot = SLOTS[def.size] - 16;
  const panelYears = [...new Set(rows.map((r) => r.year))];
  return {
    panels: shown.map((g) => ({
      heading: g.name,
      // series-groups.vl.json's facet header and values.
      sizes: { heading: 26, values: 26 },
      categories: g.table.map((p) => String(p.year)),
      series: [{ name: g.name, values: g.table.map((p) => p.value), colour: ACCENT }],
      above: g.table.map((p) => (p.change ? formatSigned(p.change.diff) : '')),
    })),
    title,
    datasets: { rows },
    params: { accent: ACCENT, groups: shown.map((g) => g.name), years: panelYears, width: Math.floor((slot - GROUP_SPACING * 2 * (shown.length - 1)) / shown.length) },
    alt: `${title}. ${shown.map((g) => `${g.name}: ${g.table.map((p) => `${p.year} ${formatNumber(p.value)}${p.change ? ` (${formatSigned(p.change.diff)})` : ''}`).join(', ')}`).join('. ')}.`,
    table: tableFrom(
      ['Anno', ...shown.map((g) => g.name)],
      panelYears.map((y) => [y, ...shown.map((g) => g.table.find((p) => String(p.year) === y)?.value ?? null)]),
    ),
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

/** The tones of a whole's parts («di cui ...») drawn inside its bar, in order: neutral inks apart in grey
 * print from one another and from the other bars' ACCENT (a part is not read as a bar of its own), each at
 * 3:1 on white; a remainder the parts leave is pale and outlined (as the year before). */
export const PART_TONES = ['#1e2227', '#8a8f96', '#666c73'];

function categories(def: ChartDef, { items, total }: Categories, { year }: ShapeContext): Shaped | undefined {
  if (!items.length) return undefined;
  const title = `${def.title} ${year}`;
  const label = (i: { count: number; share?: number; percent?: number }) => (i.share === undefined ? formatNumber(i.count) : `${formatNumber(i.count)} (${percentOf(i)})`);
  // On a phone a long name goes on two or three lines, so that the bars keep some width.
  const wrapped = items.map((i) => wrapWords(i.name, 20));
  const narrowLabelRoom =
    widestText(
      wrapped.flatMap((w) => w.split('|')),
      NARROW.minFont,
    ) + 14;
  // A part («di cui ...») is drawn inside its whole's bar, a segment each in its tone from where the one
  // before ends; its name and count on a line under the whole, from the bar's start, after a swatch of its
  // tone. So parts are never read as more bars of their own (more accesses, more vehicles).
  const placed = items.map((i) => ({ ...i, start: 0, tone: ACCENT, whole: '' }));
  let whole: (typeof placed)[number] | undefined;
  let used = 0;
  let n = 0;
  for (const p of placed) {
    if (!p.part) {
      whole = p;
      used = 0;
      n = 0;
      continue;
    }
    p.start = used;
    p.tone = PART_TONES[n % PART_TONES.length];
    p.whole = whole?.name ?? '';
    used += p.count;
    n++;
  }
  // A part's band has no name on the axis (its name is in its label): a key the axis writes as nothing.
  const band = (i: number) => (placed[i].part ? `\u2063${i}` : placed[i].name);
  const wholes = placed.filter((p) => !p.part);
  // The names measured in the deck's font, one too wide for a third of the box on two lines: the bars
  // keep most of the width; the values' room is the widest value's.
  const slot = SLOTS[def.size];
  const names = nameColumn(
    wholes.map((i) => i.name),
    slot * NAME_COLUMN_SHARE * 0.8,
    24,
    400,
  );
  const labelRoom = names.width + 16;
  const valueRoom = Math.ceil(widestText(wholes.map(label), 24, 700)) + 24;
  const lines = Math.max(1, ...[...names.lines.values()].map((l) => l.length));
  // Each row as tall as its name's lines need (28px a line), the bars a share of it.
  const height = Math.min(SIZES[def.size].height, items.length * Math.max(60, lines * 28 + 20) + 16);
  const width = Math.max(160, slot - 16 - labelRoom - valueRoom);
  const domainMax = headroom(
    wholes.map((i) => i.count),
    1,
  );
  const partLabel = (p: (typeof placed)[number]) => `${p.name}: ${formatNumber(p.count)}`;
  // A part's line starts where its whole's bar does, after a swatch of its segment's tone: the lines of a
  // whole's parts one under the other, flush left, not a staircase following the segments.
  const SWATCH = 24;
  const segments = placed.flatMap((p, i) => {
    if (!p.part) return [];
    return [{ band: p.whole, start: p.start, end: p.start + p.count, fill: p.tone, stroke: p.tone, key: i }];
  });
  // Parts that leave some of their whole: the rest pale and outlined, so the whole keeps its length.
  for (const w of wholes) {
    const inside = placed.filter((p) => p.part && p.whole === w.name);
    const rest = w.count - sum(inside.map((p) => p.count));
    if (inside.length && rest > 0) segments.push({ band: w.name, start: w.count - rest, end: w.count, fill: PREVIOUS, stroke: PREVIOUS_OUTLINE, key: -1 });
  }
  const hasParts = placed.some((p) => p.part);
  // On a phone each whole's name above its bar, its parts' lines right under the bar, 24 px apart: positions
  // in px from the drawing's top (categories.phone.vl.json), so that a part's line is as tall as its text,
  // not a bar's row.
  const phone: { headingY: number; top: number; bottom: number; middle: number }[] = [];
  let y = 0;
  for (const p of placed) {
    if (p.part) {
      const middle = y + 14;
      phone.push({ headingY: middle, top: middle, bottom: middle, middle });
      y = middle + 10;
      continue;
    }
    if (y > 0) y += 14;
    phone.push({ headingY: y + 15, top: y + 22, bottom: y + 46, middle: y + 34 });
    y += 46;
  }
  const wholeAt = (name: string) => phone[placed.findIndex((p) => !p.part && p.name === name)];
  // The n-th of its whole's parts (0, 1...): categories.vl.json draws its line up toward the whole's bar.
  const nth = (p: (typeof placed)[number]) => placed.filter((q, i) => q.part && q.whole === p.whole && i < placed.indexOf(p)).length;
  const withShares = items.some((i) => i.share !== undefined);
  const afterValues = withShares ? { afterValues: items.map((i) => (i.share === undefined ? '' : ` (${percentOf(i)})`)) } : {};
  return {
    panels: [
      hasParts
        ? nativeParts(def.title, placed, afterValues)
        : { categories: items.map((i) => i.name), series: [{ name: def.title, values: items.map((i) => i.count), colour: ACCENT }], ...afterValues },
    ],
    narrow: {
      // On a phone as on the slide: the parts inside their whole's bar, each named on a line of its own.
      datasets: {
        rows: placed.map((p, n) => ({
          ...phone[n],
          heading: p.part ? partLabel(p) : wrapped[n].split('|').join(' '),
          length: p.part ? 0 : p.count / domainMax,
          label: p.part ? '' : label(p),
          part: !!p.part,
          fill: p.tone,
        })),
        segments: hasParts
          ? segments.map((g) => ({ top: wholeAt(g.band).top, bottom: wholeAt(g.band).bottom, from: g.start / domainMax, to: g.end / domainMax, fill: g.fill, stroke: g.stroke }))
          : [{ top: 0, bottom: 0, from: 0, to: 0, fill: 'transparent', stroke: 'transparent' }],
      },
      params: { labelRoom: Math.round(narrowLabelRoom), valueRoom: Math.round(VALUE_ROOM * NARROW.fontScale), height: items.length * 40, phoneHeight: y + 4, nameExpr: 'datum.label' },
      splitLabels: true,
    },
    title,
    datasets: {
      // One row a band (a part's band holds its label): the bars are the wholes'.
      rows: placed.map((p, i) => ({ name: band(i), value: p.part ? 0 : p.count, label: p.part ? '' : label(p), part: !!p.part })),
      // Vega refuses an empty layer on a shared scale: without parts, one segment and label that draw nothing.
      segments: hasParts ? segments : [{ band: band(0), start: 0, end: 0, fill: 'transparent', stroke: 'transparent', key: -1 }],
      parts: hasParts
        ? placed.flatMap((p, i) => (p.part ? [{ band: band(i), at: 0, label: partLabel(p), fill: p.tone, nth: nth(p) }] : []))
        : [{ band: band(0), at: 0, label: '', fill: 'transparent', nth: 0 }],
    },
    params: {
      accent: ACCENT,
      domainMax,
      // Vega, without a canvas in Node, guesses text widths generously; this chart lays itself out
      // instead: the names on the left (measured), the bars, the values after them, all in the slide's box.
      labelRoom,
      valueRoom,
      nameExpr: `indexof(datum.label, '\u2063') == 0 ? '' : (${names.expr})`,
      width,
      height,
      swatch: SWATCH,
    },
    alt: `${title}: ${items.map((i) => `${i.name} ${label(i)}`).join(', ')}; totale ${formatNumber(total)}.`,
    table: tableFrom(
      withShares ? ['Voce', 'Numero', 'Quota'] : ['Voce', 'Numero'],
      [
        // A part («di cui») has no share of its own: an empty cell, every row as wide as the head.
        ...items.map((i) => (!withShares ? [i.name, i.count] : [i.name, i.count, i.share === undefined ? null : pct(i.share, i.percent)])),
        withShares ? [TOTAL, total, pct(1)] : [TOTAL, total],
      ],
      items.map((i) => !!i.part),
    ),
  };
}

function districtGroups(def: ChartDef, groups: { name: string; table: DistrictTable }[], { year }: ShapeContext): Shaped | undefined {
  if (!groups.length) return undefined;
  const title = `${def.title} ${year}`;
  const districts = groups[0].table.rows.map((r) => r.district);
  // Each panel's header carries its total, so the figure stays on the slide without a separate table.
  // Two lines (split at '|' by the spec): the name, then the total in figures, said as one ("55 in tutto",
  // "83 in media" for a ratio's average), so the number is not read as a part of the name.
  const totalLine = (g: (typeof groups)[number]) => `${formatNumber(g.table.total)} ${g.table.average ? 'in media' : 'in tutto'}`;
  const header = (g: (typeof groups)[number]) => `${g.name}|${totalLine(g)}`;
  // Each panel's bars end well before the next panel, so that the value written after the longest
  // bar never reaches it: the scale runs to `room`, drawn as an invisible mark.
  const shared = def.scale === 'shared';
  const names = barsBesideNames(def, districts, 600);
  const globalMax = maxOf(groups.flatMap((g) => g.table.rows.map((r) => r.value)));
  return {
    panels: groups.map((g) => ({
      // On two lines, as the deck's header: the name, then the total.
      heading: `${g.name}\n${totalLine(g)}`,
      categories: g.table.rows.map((r) => r.district),
      series: [{ name: g.name, values: g.table.rows.map((r) => r.value), colour: ACCENT }],
      pointColours: g.table.rows.map((r) => r.colour),
      ...(shared ? { max: globalMax * 1.3 || 1 } : {}),
    })),
    title,
    datasets: {
      rows: groups.flatMap((g) => {
        const max = shared ? globalMax : maxOf(g.table.rows.map((r) => r.value));
        // `length`: the bar's share of its scale's end, for the phone's bars across the whole width.
        return g.table.rows.map((r) => ({ group: header(g), district: r.district, value: r.value, label: formatNumber(r.value), room: max * 1.45 || 1, length: max ? r.value / max : 0 }));
      }),
    },
    params: {
      groups: groups.map(header),
      xResolve: shared ? 'shared' : 'independent',
      // The size is the whole chart's; each panel gets its share, less the district names on the left
      // (written once) and the spacing between panels.
      // The panels take the box's whole width (the right 20-30% was left empty when they kept to SIZES).
      width: Math.floor((SLOTS[def.size] - 16 - names.column - GROUP_SPACING * (groups.length - 1)) / groups.length),
      nameLimit: names.nameLimit,
      nameExpr: names.nameExpr,
    },
    alt: `${title}. ${groups.map((g) => `${g.name}: ${g.table.rows.map((r) => `${r.district} ${formatNumber(r.value)}`).join(', ')}, ${g.table.average ? 'media' : 'totale'} ${formatNumber(g.table.total)}`).join('. ')}.`,
    // A ratio's "total" is the network's average (hours a head): said so in its cell.
    table: tableFrom(
      ['Ambito', ...groups.map((g) => g.name)],
      [
        ...districts.map((d, i) => [d, ...groups.map((g) => g.table.rows[i].value)]),
        [TOTAL, ...groups.map((g): Cell => (g.table.average ? { value: g.table.total, shown: `${formatNumber(g.table.total)} (media)` } : g.table.total))],
      ],
    ),
  };
}

/** One line of the map's key: a district (or the municipalities without a convention), its colour and
 * its counts, as the slide writes it beside or under the map. */
export interface MapEntry {
  name: string;
  colour: string;
  counts: string;
}

/** How the map slide is laid out, worked out from the territory's shape and the key's texts (measured):
 * the key beside the map (`side`) or under it, in `columns` columns of `column` px and `rows` rows; the
 * map drawn at `mapWidth` x `mapHeight`, as large as the rest of the slide's body allows. */
export interface MapLayout {
  side: boolean;
  columns: number;
  rows: number;
  column: number;
  mapWidth: number;
  mapHeight: number;
  entries: MapEntry[];
}

/** The slide's body (1280x720 less the safe area and the header), the attribution's line under the map,
 * and the key's type: names 24px bold, counts 24px, 30px lines, a 24px swatch and its gap before them. */
export const MAP_BODY = { width: 1152, height: 488, credit: 32, gap: 40, line: 30, entryGap: 16, columnGap: 24, indent: 36 };

/** The height of the key's entries in one column of `column` px: each name and its counts wrapped as
 * the slide wraps them (measured in the deck's font), entries 16px apart. */
function keyHeight(entries: MapEntry[], column: number): number {
  const text = column - MAP_BODY.indent - 8;
  const lines = entries.map((e) => wrapToWidth(e.name, text, 24, 700).length + wrapToWidth(e.counts, text, 24, 400).length);
  return lines.reduce((a, n) => a + n * MAP_BODY.line, 0) + MAP_BODY.entryGap * Math.max(0, entries.length - 1);
}

/** Every layout the slide can take (the key beside the map in one or two columns, or under it in two to
 * four), and the one where the map is largest while the key fits: any shape of territory, 2 to 8
 * districts. The lists of municipalities are in the report, so nothing here grows with the data. */
export function mapLayout(aspect: number, entries: MapEntry[]): MapLayout {
  const B = MAP_BODY;
  const natural = Math.ceil(
    B.indent +
      8 +
      Math.max(
        widestText(
          entries.map((e) => e.name),
          24,
          700,
        ),
        widestText(
          entries.map((e) => e.counts),
          24,
          400,
        ),
      ),
  );
  const fitted = (w: number, h: number) => {
    const mapWidth = Math.max(0, Math.min(w, h * aspect));
    return { mapWidth: Math.floor(mapWidth), mapHeight: Math.floor(mapWidth / aspect) };
  };
  const candidates: MapLayout[] = [];
  const tallest = (columns: number, column: number) => {
    const rows = Math.ceil(entries.length / columns);
    let h = 0;
    for (let c = 0; c < columns; c++) h = Math.max(h, keyHeight(entries.slice(c * rows, (c + 1) * rows), column));
    return { rows, h };
  };
  for (const columns of [1, 2]) {
    for (const cap of [440, 360, 300, 260]) {
      const column = Math.min(natural, cap);
      const { rows, h } = tallest(columns, column);
      if (h > B.height) continue;
      const key = columns * column + (columns - 1) * B.columnGap;
      candidates.push({ side: true, columns, rows, column, entries, ...fitted(B.width - key - B.gap, B.height - B.credit) });
    }
  }
  for (const columns of [2, 3, 4]) {
    const column = Math.floor((B.width - (columns - 1) * B.columnGap) / columns);
    const { rows, h } = tallest(columns, column);
    candidates.push({ side: false, columns, rows, column, entries, ...fitted(B.width, B.height - B.credit - h - B.entryGap) });
  }
  return candidates.reduce((best, c) => (c.mapWidth * c.mapHeight > best.mapWidth * best.mapHeight ? c : best));
}

function map(def: ChartDef, c: Conventions, { figures, geo, aspects }: ShapeContext): Shaped {
  const title = `${def.title} ${figures.year}`;
  const { withConvention } = c;
  const without = c.municipalitiesInProvince - c.municipalitiesWith;
  // The key is the slide's own (map.hbs), beside or under the map: each district with its counts, no
  // names of municipalities (those are in the report and the handout's lists), so it never outgrows the slide.
  const entries: MapEntry[] = [
    ...c.byDistrict.map((d) => ({
      name: d.district,
      colour: d.colour,
      counts: `${formatNumber(d.count)} ${plural(d.count, 'convenzione', 'convenzioni')}, ${formatNumber(d.municipalities.length)} ${plural(d.municipalities.length, 'comune', 'comuni')}`,
    })),
    { name: 'Senza convenzione', colour: NO_CONVENTION, counts: `${formatNumber(without)} ${plural(without, 'comune', 'comuni')}` },
  ];
  const aspect = projectedAspect(geo, aspects);
  const layout = mapLayout(aspect, entries);
  const pad = 2 * 8; // the charts' padding (config.json), around the drawing
  return {
    title,
    credit: figures.territory.attribution,
    layout,
    datasets: { rows: withConvention.map((m) => ({ name: m.name, district: m.district })) },
    params: {
      geo,
      mapDomain: entries.map((e) => e.name),
      mapRange: entries.map((e) => e.colour),
      width: Math.max(40, layout.mapWidth - pad),
      height: Math.max(40, layout.mapHeight - pad),
    },
    // On a phone the map takes the width, as tall as its shape makes it; the key is the page's, under it.
    narrow: { params: { width: NARROW.width - pad, height: Math.round(Math.min(NARROW.heights.map * 1.4, (NARROW.width - pad) / aspect)) } },
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
  /** The boundaries' aspects measured already (Caches.aspects): the map is shaped again on every save in `dev`. */
  aspects?: WeakMap<Topology, number>;
}

/** deck.pptx's drawing of a whole divided in parts, as the deck's: horizontal stacks, a row for each whole
 * and one for each part under it (no name on the axis: the part's line is written there). A whole's bar is
 * its parts, the n-th part of every whole in the n-th part series (in its tone), what they leave of it pale
 * and outlined; a whole without parts is one bar in the accent. */
function nativeParts(title: string, placed: { name: string; count: number; part?: boolean; start: number; whole: string }[], afterValues: { afterValues?: string[] }): Panel {
  const wholeRow = (name: string) => placed.findIndex((p) => !p.part && p.name === name);
  const parts = placed.flatMap((p, row) => (p.part ? [{ row, whole: wholeRow(p.whole), start: p.start, name: p.name, count: p.count }] : []));
  const nth = parts.map((p) => parts.filter((q) => q.whole === p.whole && q.row < p.row).length);
  const partSeries = Math.max(...nth) + 1;
  const rest = placed.map((p, row) => {
    const inside = parts.filter((q) => q.whole === row);
    return p.part || !inside.length ? 0 : p.count - sum(inside.map((q) => q.count));
  });
  const anyRest = rest.some((r) => r > 0);
  const values = (f: (row: number) => number | null) => placed.map((_, row) => f(row));
  const series = [
    { name: title, values: values((row) => (placed[row].part || parts.some((q) => q.whole === row) ? null : placed[row].count)), colour: ACCENT },
    ...Array.from({ length: partSeries }, (_, k) => ({
      // A part series is named by its parts (one whole with parts, as a rule: its part's own name).
      name: [...new Set(parts.filter((_, i) => nth[i] === k).map((p) => p.name))].join(' / '),
      values: values((row) => parts.find((q, i) => q.whole === row && nth[i] === k)?.count ?? null),
      colour: PART_TONES[k % PART_TONES.length],
    })),
    ...(anyRest ? [{ name: 'Resto', values: rest.map((r) => (r > 0 ? r : null)), colour: PREVIOUS }] : []),
  ];
  return {
    direction: 'bar',
    grouping: 'stacked',
    categories: placed.map((p) => (p.part ? '' : p.name)),
    series,
    ...(anyRest ? { seriesPointOutlines: series.map((_, i) => placed.map(() => (i === series.length - 1 ? PREVIOUS_OUTLINE : null))) } : {}),
    parts: parts.map((p, i) => ({ ...p, series: 1 + nth[i] })),
    ...afterValues,
  };
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
  'series-groups': { reads: 'groups', natives: EDITABLE, shape: seriesGroups },
  municipalities: { reads: 'source', natives: ['picture'], shape: map },
} as const satisfies Record<string, Shaper>;
export type ShapeName = keyof typeof SHAPES;

/** Shapes a chart's figures for its kind; undefined when the figures are absent or too few. */
export function shapeChart(def: ChartDef, kind: { shape: ShapeName; native: NativeForm }, figures: Figures, geo: Topology, aspects?: WeakMap<Topology, number>): Built | undefined {
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
  const shaped = shaper.shape(def, source as never, { figures, geo, year, aspects });
  if (!shaped) return undefined;
  const { panels, ...rest } = shaped;
  const form = NATIVE_FORMS[kind.native];
  return { ...rest, native: form && panels?.map((p): NativePanel => ({ ...form, ...p })) };
}
