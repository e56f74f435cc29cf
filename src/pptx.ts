/** Rendered slides + figures + chart data -> deck.pptx (bytes). Pure: nothing is read or written here
 * (the map's PNG fallback arrives already rendered, see print.ts; write.ts writes the file).
 *
 * The same slides as deck.html, in the same order, laid out on a 16:9 PowerPoint slide by kind with
 * editable text: titles in the masters' title placeholders, native tables, and native charts with
 * their own data sheet (pptxgenjs). Lengths below are CSS px of the deck's 1280x720 slide, as in
 * DESIGN.md: 96 px to the inch, and a font size in px times 0.75 is its size in points. */
import JSZip from 'jszip';
import pptxgen from 'pptxgenjs';

// pptxgenjs's types describe its CommonJS build; Node loads its ES build, whose default export is the class.
const PptxGenJS = pptxgen as unknown as typeof pptxgen.default;
type PptxGenJS = pptxgen.default;
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace PptxGenJS {
  type Slide = pptxgen.default.Slide;
  type TextProps = pptxgen.default.TextProps;
  type TextPropsOptions = pptxgen.default.TextPropsOptions;
  type PlaceholderProps = pptxgen.default.PlaceholderProps;
  type IChartOpts = pptxgen.default.IChartOpts;
  type TableCellProps = pptxgen.default.TableCellProps;
  type TableCell = pptxgen.default.TableCell;
  type TableRow = pptxgen.default.TableRow;
  type ThemeProps = pptxgen.default.ThemeProps;
}
import type { Chart, NativePanel } from './charts.js';
import type { Figures } from './derive.js';
import { inkOn } from './colour.js';
import { formatDate, formatNumber, formatSigned, plural, typeset } from './format.js';
import { svgSize } from './html.js';
import type { Slide } from './render.js';

export interface PptxInput {
  slides: Slide[];
  figures: Figures;
  /** The pictures the data names, as data: URIs by file name (the logo). */
  images?: Map<string, string>;
  /** Stamped as the file's creation and modification date, and on every entry of the zip. */
  buildDate: string;
  /** The network's font (tema › carattere › nome), named in place of Titillium Web: PowerPoint uses it where installed. */
  font?: string;
  /** The network's colours (tema:), "#rrggbb", in place of the package's accent and ink. */
  colours?: { accent?: string; ink?: string };
  /** PNG renderings of chart SVGs that go in as pictures (the map), by chart id: PowerPoint shows the
   * SVG, older programs the PNG. */
  pictures?: Map<string, Uint8Array>;
}

const FONT = 'Titillium Web';
const INK = '1A1A1A';
const MUTED = '404040';
const ACCENT = '1F4E79';
const BAND = 'EEF3F8';
const RULE = 'D0D7DE';
const ON_ACCENT = 'DBE6F1';

/** px of the 1280x720 slide -> inches. */
const px = (n: number) => n / 96;
/** font px -> points. */
const pt = (n: number) => n * 0.75;
const hex = (colour: string) => colour.replace(/^#/, '').toUpperCase();

const MARGIN = 64;
const WIDTH = 1280;
const HEIGHT = 720;
const INNER = WIDTH - 2 * MARGIN;
const BODY_TOP = 168;
const BODY_BOTTOM = 648;
/** The smallest text on a slide, in points: PowerPoint's accessibility checker asks for 18. */
const MIN_PT = 18;

type PSlide = PptxGenJS.Slide;
type TextRun = PptxGenJS.TextProps;

const base = { fontFace: FONT, lang: 'it-IT', margin: 0 } as const;

/** A box of plain text; long text shrinks to fit (the html deck wraps; PowerPoint shrinks on edit). */
function text(slide: PSlide, value: string | TextRun[], x: number, y: number, w: number, h: number, o: PptxGenJS.TextPropsOptions = {}): void {
  // Italian typography, as the HTML slides have it (typeset is idempotent).
  value = typeof value === 'string' ? typeset(value) : value.map((r) => ({ ...r, text: typeset(r.text ?? '') }));
  slide.addText(value, { ...base, x: px(x), y: px(y), w: px(w), h: px(h), valign: 'top', fit: 'shrink', color: INK, ...o });
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The footer every master carries: organisation, assembly and date, then the slide number. */
function footerText(f: Figures): string {
  return f.assembly ? `${f.organisation} · ${f.assembly.title} · ${formatDate(f.assembly.date)}` : f.organisation;
}

function defineMasters(pptx: PptxGenJS, f: Figures): void {
  const footer = (colour: string, rule: string) => [
    { line: { x: px(MARGIN), y: px(672), w: px(INNER), h: 0, line: { color: rule, width: 0.75 } } },
    { text: { text: footerText(f), options: { ...base, x: px(MARGIN), y: px(678), w: px(INNER - 120), h: px(24), fontSize: pt(16), color: colour, valign: 'middle' as const } } },
  ];
  const slideNumber = (colour: string) => ({ x: px(WIDTH - MARGIN - 120), y: px(678), w: px(120), h: px(24), fontFace: FONT, fontSize: pt(16), color: colour, align: 'right' as const });
  pptx.defineSlideMaster({
    title: 'Contenuto',
    background: { color: 'FFFFFF' },
    objects: [
      ...footer(MUTED, RULE),
      {
        placeholder: {
          options: { ...base, name: 'title', type: 'title', x: px(MARGIN), y: px(70), w: px(INNER), h: px(84), fontSize: pt(44), bold: true, color: INK, align: 'left', valign: 'top', fit: 'shrink' } as PptxGenJS.PlaceholderProps,
          text: '',
        },
      },
    ],
    slideNumber: slideNumber(MUTED),
  });
  pptx.defineSlideMaster({
    title: 'Titolo',
    background: { color: ACCENT },
    objects: [
      ...footer(ON_ACCENT, '4F7AA3'),
      {
        placeholder: {
          options: { ...base, name: 'title', type: 'title', x: px(MARGIN), y: px(250), w: px(INNER - 160), h: px(200), fontSize: pt(64), bold: true, color: 'FFFFFF', align: 'left', valign: 'middle', fit: 'shrink' } as PptxGenJS.PlaceholderProps,
          text: '',
        },
      },
    ],
    slideNumber: slideNumber(ON_ACCENT),
  });
}

/** The kicker above the title (Slide.kicker: the section, unless the title repeats it), in caps as on the deck. */
function header(slide: PSlide, s: Slide): void {
  if (s.kicker) text(slide, s.kicker.toUpperCase(), MARGIN, 40, INNER, 28, { fontSize: pt(18), bold: true, color: ACCENT, charSpacing: 1.5 });
  slide.addText(s.title, { placeholder: 'title', ...base, align: 'left', fit: 'shrink' });
}

/** Big figures stacked in a column: value, then its label. */
function facts(slide: PSlide, list: { value?: unknown; label?: unknown }[], x: number, y: number, w: number, h: number, size = 64): void {
  const runs: TextRun[] = [];
  list.forEach((fact, i) => {
    runs.push({ text: str(fact.value), options: { fontSize: pt(size), bold: true, color: INK, breakLine: true, paraSpaceBefore: i ? 14 : 0 } });
    if (fact.label) runs.push({ text: str(fact.label), options: { fontSize: pt(24), color: MUTED, breakLine: true } });
  });
  text(slide, runs, x, y, w, h);
}

/** Big figures side by side in a row (the list slides' facts on the deck). */
function factsRow(slide: PSlide, list: { value?: unknown; label?: unknown }[], x: number, y: number, w: number, h: number): void {
  const gap = 32;
  const each = (w - gap * (list.length - 1)) / list.length;
  list.forEach((fact, i) => facts(slide, [fact], x + i * (each + gap), y, Math.min(each, 260), h, list.length > 3 ? 56 : 64));
}

function chartOptions(panel: NativePanel, chart: Chart, x: number, y: number, w: number, h: number, panels = 1): PptxGenJS.IChartOpts {
  const many = panel.series.length > 1;
  // Narrow panels and crowded groups get smaller text, so labels stay level and apart.
  const crowded = panels > 1 || (many && panel.grouping === 'clustered');
  const point = !many && panel.pointColours && panel.pointColours.length > 1;
  return {
    x: px(x),
    y: px(y),
    w: px(w),
    h: px(h),
    altText: chart.alt,
    objectName: chart.title,
    barDir: panel.direction,
    barGrouping: panel.grouping,
    barGapWidthPct: panel.direction === 'bar' ? 60 : crowded ? 30 : 50,
    chartColors: point ? panel.pointColours!.map(hex) : panel.series.map((s) => hex(s.colour)),
    // Horizontal bars read top-down in the outline's order, as on the deck.
    catAxisOrientation: panel.direction === 'bar' ? 'maxMin' : 'minMax',
    catAxisLabelFontFace: FONT,
    // Every chart text at 18 pt or more (24 px): the accessibility floor for a 13.33 in slide.
    catAxisLabelFontSize: panels > 1 || panel.categories.length > 4 ? MIN_PT : pt(28),
    catAxisLabelRotate: 0,
    catAxisLabelColor: INK,
    catAxisLineShow: false,
    catGridLine: { style: 'none' },
    valAxisHidden: true,
    // Bars measured from zero, so a bar twice as long is twice as much.
    valAxisMinVal: 0,
    // Room past the longest horizontal bar for the value written after it.
    ...(panel.max !== undefined ? { valAxisMaxVal: panel.max } : panel.direction === 'bar' ? { valAxisMaxVal: Math.max(...panel.series.flatMap((s) => s.values.map((v) => v ?? 0))) * 1.3 || 1 } : {}),
    valAxisLabelFontSize: MIN_PT,
    valGridLine: { style: 'none' },
    // The code is stored as Excel writes it: "#,##0" is shown with the reader's own thousands
    // separator, so an Italian PowerPoint shows 3.458 (and calls the same code "#.##0").
    valAxisLabelFormatCode: '#,##0',
    dataLabelFormatCode: '#,##0',
    // A district absent in a year is a gap: no bar, no "0".
    displayBlanksAs: 'gap',
    showValue: true,
    dataLabelPosition: panel.grouping === 'stacked' ? 'ctr' : 'outEnd',
    dataLabelFontFace: FONT,
    dataLabelFontSize: panel.grouping === 'stacked' || crowded ? MIN_PT : pt(28),
    dataLabelFontBold: true,
    dataLabelColor: panel.grouping === 'stacked' ? 'FFFFFF' : INK,
    showLegend: many,
    legendPos: 't',
    legendFontFace: FONT,
    legendFontSize: MIN_PT,
    showTitle: !!panel.heading,
    title: panel.heading,
    titleFontFace: FONT,
    titleFontSize: pt(28),
    titleColor: INK,
    lang: 'it-IT',
  } as PptxGenJS.IChartOpts;
}

/** pptxgenjs writes a paragraph's properties again before each of its runs (the later ones without
 * the bullet): more than one is not valid, and readers take the last. Keep the first. */
function oneParagraphProperties(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_whole, inner: string) => {
    let seen = false;
    const kept = inner.replace(/<a:pPr\b[^>]*\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/g, (m) => (seen ? '' : ((seen = true), m)));
    return `<a:p>${kept}</a:p>`;
  });
}

/** A stacked segment too short to hold its label goes without (NativePanel.labelsAbove, the deck's rule);
 * the table beside the chart has every figure. */
export function hiddenLabels(panel: NativePanel): [number, number][] {
  const min = panel.labelsAbove;
  if (panel.grouping !== 'stacked' || min === undefined || !panel.totals) return [];
  const max = Math.max(...panel.totals);
  return panel.series.flatMap((s, si) => s.values.flatMap((v, i): [number, number][] => (v === null || v / max > min ? [] : [[si, i]])));
}

/** What a chart needs beyond pptxgenjs's options: labels to leave out ([series, point]), and a colour
 * for each point of each series. */
interface ChartEdit {
  hide: [number, number][];
  points?: string[][];
  /** The ink of each series' labels, where it is not the chart's (white or dark on a district's colour). */
  inks?: string[];
}

/** Chart XML with the edits: a deleted label for each hidden point, a data point (c:dPt) per coloured
 * point, placed before the series' labels as the schema orders them. */
function editChart(chart: string, edit: ChartEdit): string {
  let series = -1;
  // A figure is never broken across lines: "476.016" in a narrow panel wrapped as "476,0 / 16".
  chart = chart.replace(/(<c:dLbls>[\s\S]*?)<a:bodyPr\/>/g, '$1<a:bodyPr wrap="none"/>');
  return chart.replace(/<c:ser>([\s\S]*?)<\/c:ser>/g, (whole) => {
    series += 1;
    let out = whole;
    const colours = edit.points?.[series];
    if (colours) {
      const dPts = colours
        .map((c, i) => `<c:dPt><c:idx val="${i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr><a:solidFill><a:srgbClr val="${hex(c)}"/></a:solidFill></c:spPr></c:dPt>`)
        .join('');
      out = out.replace('<c:dLbls>', `${dPts}<c:dLbls>`);
    }
    // A series' labels in its own ink (white on dark, dark on light: colour.ts inkOn).
    const ink = edit.inks?.[series];
    if (ink) out = out.replace(/(<c:dLbls>[\s\S]*?<a:solidFill>\s*<a:srgbClr val=")[0-9A-Fa-f]{6}/, `$1${hex(ink)}`);
    const mine = edit.hide.filter(([s]) => s === series);
    if (mine.length) out = out.replace('<c:dLbls>', `<c:dLbls>${mine.map(([, i]) => `<c:dLbl><c:idx val="${i}"/><c:delete val="1"/></c:dLbl>`).join('')}`);
    return out;
  });
}

/** A chart as native chart(s) side by side, its title as a caption below (as on the deck). */
function chartAt(slide: PSlide, pptx: PptxGenJS, chart: Chart | undefined, x: number, y: number, w: number, h: number, pictures: Map<string, Uint8Array> | undefined, fallbacks: Map<string, Uint8Array>, hidden: ChartEdit[], caption = true): void {
  if (!chart) return;
  const captionH = caption ? 28 : 0;
  if (!chart.native) {
    // The map: a picture, SVG with its PNG for programs that do not read SVG.
    const svg = chart.svg;
    const png = pictures?.get(chart.id);
    if (png) fallbacks.set(svg, png);
    const ratio = ratioOf(svg);
    const hh = h - captionH;
    const ww = Math.min(w, hh * ratio);
    const data = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    slide.addImage({ data, x: px(x), y: px(y), w: px(ww), h: px(ww / ratio), altText: chart.alt, objectName: chart.title });
    if (chart.credit) text(slide, chart.credit, x, y + ww / ratio + 4, w, 24, { fontSize: pt(16), color: MUTED });
    return;
  }
  const panels = chart.native;
  const gap = 24;
  const pw = (w - gap * (panels.length - 1)) / panels.length;
  panels.forEach((panel, i) => {
    hidden.push({ hide: hiddenLabels(panel), points: panel.seriesPointColours, inks: panel.grouping === 'stacked' ? panel.series.map((s) => inkOn(s.colour)) : undefined });
    // A missing figure (null) is written as an empty point, removed from the chart and its workbook by pin().
    const data = panel.series.map((s) => ({ name: s.name, labels: panel.categories, values: s.values as number[] }));
    const opts = chartOptions(panel, chart, x + i * (pw + gap), y, pw, h - captionH, panels.length);
    const texts = panel.above?.some(Boolean) && panel.direction === 'col' ? above(slide, panel, opts, x + i * (pw + gap), y, pw, h - captionH) : undefined;
    slide.addChart(pptx.ChartType.bar, data, opts);
    texts?.(); // over the chart, in front of it
  });
  if (caption) text(slide, chart.title, x, y + h - captionH + 4, w, captionH - 4, { fontSize: pt(18), color: MUTED, align: 'center' });
}

/** The texts over the columns (see NativePanel.above) as text boxes: the plot area is placed by hand
 * and the scale fixed, so each column's place and height are known. */
function above(slide: PSlide, panel: NativePanel, opts: PptxGenJS.IChartOpts, x: number, y: number, w: number, h: number): () => void {
  const stacked = panel.grouping === 'stacked';
  // A stack is as tall as its total (a stacked kind without derived totals: the sum of its segments).
  const tops = panel.categories.map((_, i) => (stacked ? (panel.totals?.[i] ?? panel.series.reduce((a, s) => a + (s.values[i] ?? 0), 0)) : Math.max(...panel.series.map((s) => s.values[i] ?? 0))));
  // Room over the tallest column for its value label and the text above it.
  const max = Math.max(...tops) * (stacked ? 1.15 : 1.3) || 1;
  // Below the legend, when there is one (it is not moved by a placed plot area).
  const legend = panel.series.length > 1 ? 0.1 : 0;
  const plot = { x: 0.01, y: 0.02 + legend, w: 0.98, h: 0.86 - legend };
  Object.assign(opts, { valAxisMaxVal: max, layout: plot });
  const slot = (w * plot.w) / panel.categories.length;
  // A value label sits over an unstacked column: the text goes over it.
  const lift = stacked ? 4 : (opts.dataLabelFontSize ?? MIN_PT) / 0.75 + 8;
  const size = 24;
  return () =>
    panel.above!.forEach((t, i) => {
      if (!t) return;
      const top = y + h * (plot.y + plot.h * (1 - tops[i] / max));
      text(slide, t, x + w * plot.x + i * slot, top - lift - size * 1.3, slot, size * 1.3, { fontSize: pt(size), bold: stacked, color: stacked ? INK : MUTED, align: 'center', valign: 'bottom', fit: 'none', wrap: false });
    });
}

/** Width / height of an SVG from its width and height attributes. */
function ratioOf(svg: string): number {
  const { width: w, height: h } = svgSize(svg);
  return w > 0 && h > 0 ? w / h : 4 / 3;
}

/** A 1x1 transparent PNG, only where no PNG fallback was rendered. */
const EMPTY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A native table: header row in bold, figures right-aligned, the total row in bold. */
function table(slide: PSlide, chart: Chart, x: number, y: number, w: number, maxH: number): number {
  const t = chart.table;
  const size = t.rows.length > 5 || t.head.length > 4 ? 16 : 20;
  const rowH = size * 1.9;
  const cell = (v: string, i: number, o: PptxGenJS.TableCellProps = {}): PptxGenJS.TableCell => ({
    text: typeset(v),
    options: { ...base, fontSize: pt(size), color: INK, align: i === 0 ? 'left' : 'right', valign: 'middle', margin: [2, 4, 2, 4], ...o },
  });
  const rows: PptxGenJS.TableRow[] = [
    t.head.map((h, i) => cell(h, i, { bold: true, fill: { color: BAND }, border: [{ type: 'none' }, { type: 'none' }, { pt: 1, color: ACCENT }, { type: 'none' }] })),
    ...t.rows.map((r, n) =>
      r.map((c, i) =>
        cell(c, i, {
          bold: i === 0 || n === t.rows.length - 1 && /^totale$/i.test(r[0]),
          border: [{ type: 'none' }, { type: 'none' }, { pt: 0.5, color: RULE }, { type: 'none' }],
        }),
      ),
    ),
  ];
  const first = Math.max(...t.rows.map((r) => r[0].length), t.head[0].length);
  const firstW = Math.min(w * 0.4, Math.max(90, first * size * 0.68 + 16));
  const otherW = (w - firstW) / Math.max(1, t.head.length - 1);
  const h = Math.min(maxH, rowH * rows.length);
  slide.addTable(rows, { x: px(x), y: px(y), w: px(w), colW: [px(firstW), ...t.head.slice(1).map(() => px(otherW))], rowH: px(h / rows.length), autoPage: false });
  return h;
}

/** Bullets: a round one, and an invisible one that keeps a wrapped or secondary line aligned. */
const BULLET = { code: '25CF', indent: 27 } as const;
const NO_BULLET = { code: '00A0', indent: 27 } as const;

/** A list item as the list template writes it. Only the run that opens a paragraph carries paragraph
 * options (bullet, spacing): a bullet on a later run would start a new paragraph (pin() keeps each
 * paragraph's first properties only). */
function listRuns(items: unknown[], unit: string | undefined): TextRun[] {
  return items.flatMap((raw): TextRun[] => {
    const item = raw as Record<string, unknown>;
    if (typeof raw !== 'object' || raw === null) return [{ text: str(raw), options: { bullet: BULLET, breakLine: true } }];
    if (item.group !== undefined) {
      const subs = (item.items as string[] | undefined) ?? [];
      return [
        { text: str(item.group), options: { bullet: BULLET, bold: true, breakLine: true } },
        ...(subs.length ? [{ text: subs.join(' · '), options: { bullet: NO_BULLET, fontSize: pt(22), color: MUTED, breakLine: true } }] : []),
      ];
    }
    const [head, tail] =
      item.description !== undefined
        ? [str(item.municipality), `: ${str(item.description)}`]
        : item.municipality !== undefined
          ? [str(item.municipality), `: ${formatNumber(Number(item.count))} ${unit ?? 'corsi'}`]
          : [JSON.stringify(raw), ''];
    return [
      { text: head, options: { bullet: BULLET, bold: true } },
      { text: tail, options: { breakLine: true } },
    ];
  });
}

function paragraphs(runs: TextRun[], size: number, colour = INK): TextRun[] {
  return runs.map((r) => ({ text: r.text, options: { fontSize: pt(size), color: colour, ...(r.options?.bullet ? { paraSpaceBefore: 6 } : {}), ...r.options } }));
}

interface Ctx {
  pptx: PptxGenJS;
  /** SVG text -> its PNG fallback, for the pictures added so far. */
  fallbacks: Map<string, Uint8Array>;
  /** Per chart, in the order added: what pptxgenjs cannot write (see ChartEdit). */
  hidden: ChartEdit[];
  figures: Figures;
  input: PptxInput;
}

/** One slide of the deck, by kind; the same content as templates/slides/<kind>.hbs. */
function layout(slide: PSlide, s: Slide, ctx: Ctx): void {
  const f = ctx.figures;
  const fields = s.content.fields;
  const chart = s.charts[0];
  const factList = (fields.facts as { value?: unknown; label?: unknown }[] | undefined) ?? [];
  const body = fields.text === undefined || fields.text === '' ? undefined : str(fields.text);
  const top = BODY_TOP;
  const bottom = BODY_BOTTOM;

  switch (s.kind) {
    case 'title': {
      const logo = f.logo && ctx.input.images?.get(f.logo.file);
      if (logo) slide.addImage({ data: logo, x: px(MARGIN), y: px(64), h: px(96), w: px(96), sizing: { type: 'contain', w: px(96), h: px(96) }, altText: f.logo!.alt });
      text(slide, f.organisation.toUpperCase(), MARGIN, 200, INNER, 36, { fontSize: pt(26), bold: true, color: ON_ACCENT, charSpacing: 1.5 });
      slide.addText(s.title, { placeholder: 'title', ...base, align: 'left', fit: 'shrink' });
      const when = f.assembly ? `${formatDate(f.assembly.date)}${f.assembly.place ? ` · ${f.assembly.place}` : ''}` : '';
      text(slide, when, MARGIN, 470, INNER, 44, { fontSize: pt(32), color: 'FFFFFF' });
      text(slide, `I dati dell’anno ${f.year}`, MARGIN, 520, INNER, 36, { fontSize: pt(26), color: ON_ACCENT });
      return;
    }
    case 'section':
      slide.addText(s.title, { placeholder: 'title', ...base, align: 'left', fit: 'shrink' });
      return;
    case 'closing': {
      slide.addText(s.title, { placeholder: 'title', ...base, align: 'left', fit: 'shrink' });
      const runs: TextRun[] = [];
      if (f.closing?.subtitle) runs.push({ text: f.closing.subtitle, options: { fontSize: pt(32), color: 'FFFFFF', breakLine: true } });
      if (f.closing?.farewell) runs.push({ text: f.closing.farewell, options: { fontSize: pt(36), bold: true, color: 'FFFFFF', breakLine: true, paraSpaceBefore: 24 } });
      runs.push({ text: f.organisation, options: { fontSize: pt(26), color: ON_ACCENT, paraSpaceBefore: 12 } });
      text(slide, runs, MARGIN, 460, INNER, 180);
      return;
    }
  }

  header(slide, s);
  switch (s.kind) {
    case 'chart': {
      let x = MARGIN;
      if (factList.length) {
        facts(slide, factList, MARGIN, top, 300, bottom - top, factList.length > 2 ? 48 : 56);
        x = MARGIN + 300 + 32;
      }
      let y = top;
      if (body) {
        text(slide, body, x, y, WIDTH - MARGIN - x, 72, { fontSize: pt(24), color: MUTED });
        y += 80;
      }
      chartAt(slide, ctx.pptx, chart, x, y, WIDTH - MARGIN - x, bottom - y, ctx.input.pictures, ctx.fallbacks, ctx.hidden);
      return;
    }
    case 'big-number': {
      // The figure on the left, what it means beside it (as on the deck).
      const value = str(fields.value);
      // Measured for a wide fallback font (a computer without Titillium Web); never wrapped.
      // Both boxes share their middle line, so the meaning sits level with the figure.
      const em = [...value].reduce((w, c) => w + (/[.,:]/.test(c) ? 0.32 : c === '%' ? 0.95 : /\d/.test(c) ? 0.64 : 0.7), 0);
      const valueW = Math.min(720, Math.max(140, em * 176 + 24));
      const [y, h] = [top + 20, bottom - top - 60];
      text(slide, value, MARGIN, y, valueW, h, { fontSize: pt(176), bold: true, color: INK, fit: 'none', wrap: false, valign: 'middle' });
      const x = MARGIN + valueW + 48;
      const runs: TextRun[] = [{ text: str(fields.label), options: { fontSize: pt(40), bold: true, color: INK, breakLine: true } }];
      if (body) runs.push({ text: body, options: { fontSize: pt(24), color: MUTED, paraSpaceBefore: 16 } });
      text(slide, runs, x, y, WIDTH - MARGIN - x, h, { valign: 'middle' });
      return;
    }
    case 'table': {
      const w = 540;
      let h = 0;
      if (chart) {
        text(slide, chart.title, MARGIN, top, w, 28, { fontSize: pt(18), color: MUTED });
        h = table(slide, chart, MARGIN, top + 32, w, bottom - top - 32 - (body ? 90 : 0));
      }
      if (body) text(slide, body, MARGIN, top + 32 + h + 16, w, 80, { fontSize: pt(24), color: MUTED });
      const x = MARGIN + w + 40;
      // The table above carries the chart's title.
      if (chart) chartAt(slide, ctx.pptx, chart, x, top, WIDTH - MARGIN - x, bottom - top, ctx.input.pictures, ctx.fallbacks, ctx.hidden, false);
      return;
    }
    case 'list': {
      let y = top;
      if (factList.length) {
        factsRow(slide, factList, MARGIN, top, INNER, 130);
        y = top + 150;
      }
      const runs: TextRun[] = [];
      if (body) runs.push({ text: body, options: { fontSize: pt(24), color: MUTED, breakLine: true, paraSpaceAfter: 12 } });
      if (fields.lead) runs.push({ text: str(fields.lead), options: { bold: true, fontSize: pt(26), color: INK, breakLine: true, paraSpaceAfter: 8 } });
      runs.push(...paragraphs(listRuns(s.content.listItems ?? [], fields.unit as string | undefined), 26));
      text(slide, runs, MARGIN, y, INNER, bottom - y);
      return;
    }
    case 'map': {
      // As on the deck (chart-shapes.ts mapLayout): the map as large as the slide allows, its key beside
      // it or under it, each district with its counts; the lists of municipalities are in the report.
      const layout = chart?.layout;
      const entries = layout?.entries ?? [];
      const mapW = layout?.mapWidth ?? 520;
      const mapH = (layout?.mapHeight ?? bottom - top) + 32;
      const side = layout?.side ?? true;
      const mapX = side ? MARGIN : MARGIN + (INNER - mapW) / 2;
      chartAt(slide, ctx.pptx, chart, mapX, top - 8, mapW, side ? bottom - top + 8 : mapH, ctx.input.pictures, ctx.fallbacks, ctx.hidden);
      const x = side ? MARGIN + mapW + 40 : MARGIN;
      const y = side ? top : top - 8 + mapH + 8;
      const columns = layout?.columns ?? 1;
      const rows = layout?.rows ?? entries.length;
      const colW = (WIDTH - MARGIN - x - 24 * (columns - 1)) / columns;
      for (let c = 0; c < columns; c++) {
        const runs: TextRun[] = entries.slice(c * rows, (c + 1) * rows).flatMap((e, i): TextRun[] => [
          { text: '■ ', options: { color: hex(e.colour), fontSize: MIN_PT, paraSpaceBefore: i ? 10 : 0 } },
          { text: e.name, options: { bold: true, fontSize: MIN_PT, breakLine: true } },
          { text: e.counts, options: { fontSize: MIN_PT, color: INK, breakLine: true } },
        ]);
        text(slide, runs, x + c * (colW + 24), y, colW, bottom - y, { valign: side ? 'middle' : 'top' });
      }
      return;
    }
    case 'comparison': {
      // As on the deck: the title says the change, the chart shows the years with their differences.
      chartAt(slide, ctx.pptx, chart, MARGIN, top, INNER, bottom - top, ctx.input.pictures, ctx.fallbacks, ctx.hidden);
      return;
    }
    case 'cards': {
      const cards = (s.content.listItems ?? []) as { name: string; place?: string; volunteers: number; km?: number; aids?: number; hours: number }[];
      const gap = 24;
      const w = (INNER - gap * (cards.length - 1)) / Math.max(1, cards.length);
      cards.forEach((c, i) => {
        const x = MARGIN + i * (w + gap);
        slide.addShape('rect', { x: px(x), y: px(top), w: px(w), h: px(bottom - top), fill: { color: BAND }, line: { color: BAND } });
        slide.addShape('rect', { x: px(x), y: px(top), w: px(w), h: px(6), fill: { color: ACCENT }, line: { color: ACCENT } });
        const runs: TextRun[] = [
          { text: c.name, options: { fontSize: pt(26), bold: true, color: INK, breakLine: true, paraSpaceAfter: 12 } },
        ];
        const figure = (n: number, label: string) => {
          runs.push({ text: formatNumber(n), options: { fontSize: pt(56), bold: true, color: INK, breakLine: true, paraSpaceBefore: 8 } });
          runs.push({ text: label, options: { fontSize: pt(22), color: MUTED, breakLine: true } });
        };
        figure(c.volunteers, 'volontari');
        if (c.km) figure(c.km, 'km percorsi');
        if (c.aids) figure(c.aids, 'ausili forniti');
        figure(c.hours, 'ore di volontariato');
        text(slide, runs, x + 20, top + 24, w - 40, bottom - top - 40);
      });
      return;
    }
    case 'text': {
      const p = s.content.item as { subtitle?: string; promoter?: string; funder?: string; promotedAndFunded?: boolean; sites: string[]; aims: string[] };
      const credits = p.promotedAndFunded
        ? `Promosso e finanziato da ${p.promoter}`
        : [p.promoter && `Promosso da ${p.promoter}`, p.funder && `Finanziato da ${p.funder}`].filter(Boolean).join(' · ');
      // As on the deck: who and where on top, then the objectives as boxes filling the rest of the slide.
      const gap = 24;
      let y = top - 8;
      const runs: TextRun[] = [];
      let h = 0;
      if (p.subtitle) {
        runs.push({ text: p.subtitle, options: { fontSize: pt(32), italic: true, color: INK, breakLine: true } });
        h += 40;
      }
      if (credits) {
        runs.push({ text: credits, options: { fontSize: pt(24), color: MUTED, breakLine: true, paraSpaceBefore: runs.length ? 8 : 0 } });
        h += 32 + (runs.length > 1 ? 11 : 0);
      }
      p.sites.forEach((site, i) => {
        runs.push({ text: site, options: { fontSize: pt(28), bullet: BULLET, breakLine: true, paraSpaceBefore: i === 0 && runs.length ? 12 : 4 } });
        h += 36 + 6 + (i === 0 && runs.length > 1 ? 16 : 0);
      });
      if (runs.length) {
        text(slide, runs, MARGIN, y, INNER, h);
        y += h + gap;
      }
      if (!p.aims.length) return;
      text(slide, 'OBIETTIVI', MARGIN, y, INNER, 32, { fontSize: pt(24), bold: true, color: ACCENT, charSpacing: 2 });
      y += 32 + 16;
      const columns = p.aims.length === 3 ? 3 : p.aims.length === 1 ? 1 : 2;
      const rows = Math.ceil(p.aims.length / columns);
      const w = (INNER - gap * (columns - 1)) / columns;
      const boxH = (bottom - y - gap * (rows - 1)) / rows;
      p.aims.forEach((aim, i) => {
        const x = MARGIN + (i % columns) * (w + gap);
        const by = y + Math.floor(i / columns) * (boxH + gap);
        slide.addShape('rect', { x: px(x), y: px(by), w: px(w), h: px(boxH), fill: { color: BAND }, line: { color: BAND } });
        slide.addShape('rect', { x: px(x), y: px(by), w: px(8), h: px(boxH), fill: { color: ACCENT }, line: { color: ACCENT } });
        text(slide, aim, x + 8 + 24, by + 12, w - 8 - 48, boxH - 24, { fontSize: pt(26), color: INK, valign: 'middle' });
      });
      return;
    }
    default: {
      // A kind added to the outline without a layout here: its texts, and its chart if any.
      if (body) text(slide, body, MARGIN, top, INNER, 80, { fontSize: pt(24), color: MUTED });
      chartAt(slide, ctx.pptx, chart, MARGIN, body ? top + 90 : top, INNER, bottom - top - (body ? 90 : 0), ctx.input.pictures, ctx.fallbacks, ctx.hidden);
    }
  }
}

const signedPct = (r: number) => {
  const s = (Math.abs(r) * 100).toLocaleString('it-IT', { maximumFractionDigits: 1 });
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${s}%`;
};

const DARK = new Set(['title', 'section', 'closing']);

/** The presentation as bytes; the same input gives the same bytes. */
export async function pptx(input: PptxInput): Promise<Buffer> {
  const { figures: f } = input;
  const p = new PptxGenJS();
  p.layout = 'LAYOUT_WIDE'; // 13.333 x 7.5 in: 16:9, 1280x720 px at 96 to the inch
  p.author = f.organisation;
  p.company = f.organisation;
  p.title = f.assembly ? `${f.assembly.title} · ${formatDate(f.assembly.date)}` : `${f.organisation} ${f.year}`;
  p.subject = `I dati dell'anno ${f.year}`;
  p.theme = { headFontFace: FONT, bodyFontFace: FONT, lang: 'it-IT' } as PptxGenJS.ThemeProps;
  defineMasters(p, f);
  const ctx: Ctx = { pptx: p, figures: f, input, fallbacks: new Map(), hidden: [] };
  const sections: string[] = [];
  for (const s of input.slides) {
    if (s.opensSection && !sections.includes(s.section)) {
      sections.push(s.section);
      p.addSection({ title: s.section });
    }
    const slide = p.addSlide({ masterName: DARK.has(s.kind) ? 'Titolo' : 'Contenuto', sectionTitle: sections.includes(s.section) ? s.section : undefined });
    layout(slide, s, ctx);
    if (s.notes) slide.addNotes(s.notes);
  }
  const raw = (await p.write({ outputType: 'nodebuffer', compression: false })) as Buffer;
  const swaps: [string, string][] = [];
  if (input.font) swaps.push([`typeface="${FONT}"`, `typeface="${escapeXml(input.font)}"`]);
  if (input.colours?.accent) swaps.push([`val="${ACCENT}"`, `val="${input.colours.accent.slice(1).toUpperCase()}"`]);
  if (input.colours?.ink) swaps.push([`val="${INK}"`, `val="${input.colours.ink.slice(1).toUpperCase()}"`]);
  return pin(raw, new Date(input.buildDate), ctx.fallbacks, ctx.hidden, swaps);
}

const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** Every date and id pptxgenjs draws from the clock or from chance, pinned; the SVGs' PNG
 * fallbacks (pptxgenjs cannot draw them in Node) put in. Same input, same bytes. */
async function pin(data: Uint8Array, date: Date, fallbacks: Map<string, Uint8Array> = new Map(), hidden: ChartEdit[] = [], swaps: [string, string][] = []): Promise<Buffer> {
  const src = await JSZip.loadAsync(data);
  const out = new JSZip();
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const names = Object.keys(src.files).filter((n) => !src.files[n].dir);
  // pptxgenjs numbers charts with a counter that lives as long as the process (a second build in
  // the same process starts at chart41): number them from 1 in every file.
  const first = Math.min(...names.map((n) => Number(/^ppt\/charts\/chart(\d+)\.xml$/.exec(n)?.[1] ?? Infinity)));
  const offset = Number.isFinite(first) ? first - 1 : 0;
  const renumber = (t: string) => (offset ? t.replace(/(chart|Microsoft_Excel_Worksheet)(\d+)\.(xml|xlsx)/g, (_m, w: string, n: string, e: string) => `${w}${Number(n) - offset}.${e}`) : t);
  let uuid = 0;
  for (const name of names) {
    let content: Uint8Array | string = await src.files[name].async('uint8array');
    if (name.endsWith('.xlsx')) content = await pin(content, date);
    else if (/docProps\/core\.xml$/.test(name)) {
      content = Buffer.from(content).toString('utf8').replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${iso}`);
    } else if (name === 'ppt/presentation.xml') {
      content = Buffer.from(content)
        .toString('utf8')
        .replace(/\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}/gi, () => `{00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}}`);
    } else if (/^ppt\/media\/image-\d+-\d+\.png$/.test(name)) {
      // The PNG pptxgenjs pairs with an SVG (the next entry's number) is a "broken image" mark in Node.
      const [, slide, n] = /image-(\d+)-(\d+)\.png$/.exec(name)!;
      const svgName = `ppt/media/image-${slide}-${Number(n) + 1}.svg`;
      if (src.files[svgName]) {
        content = fallbacks.get(await src.files[svgName].async('string')) ?? EMPTY_PNG;
      }
    }
    if (offset && /\.(xml|rels)$/.test(name)) content = renumber(typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));
    if (/^ppt\/(slides|notesSlides)\/[^/]+\.xml$/.test(name)) content = oneParagraphProperties(typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));
    const chartNumber = Number(/^ppt\/charts\/chart(\d+)\.xml$/.exec(renumber(name))?.[1] ?? 0);
    // A missing figure: pptxgenjs writes an empty point and an empty cell; leave both out, so the chart has a
    // blank there (no bar, no "0" label) and the workbook an empty cell.
    if (/^ppt\/charts\/chart\d+\.xml$/.test(name)) content = (typeof content === 'string' ? content : Buffer.from(content).toString('utf8')).replace(/<c:pt idx="\d+"><c:v><\/c:v><\/c:pt>/g, '');
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) content = Buffer.from(content).toString('utf8').replace(/<c r="[A-Z]+\d+"><v><\/v><\/c>/g, '');
    if (hidden[chartNumber - 1]) content = editChart(typeof content === 'string' ? content : Buffer.from(content).toString('utf8'), hidden[chartNumber - 1]);
    // The network's font and colours (tema:), wherever the XML names the package's (slides, masters, theme, charts).
    if (swaps.length && /\.xml$/.test(name)) {
      let text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
      for (const [from, to] of swaps) text = text.replaceAll(from, to);
      content = text;
    }
    out.file(renumber(name), content, { date, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}
