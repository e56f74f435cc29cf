/** Rendered slides + figures + chart data -> deck.pptx (bytes). Pure: nothing is read or written here
 * (the map's PNG fallback arrives already rendered, see print.ts, and the font's files already read, see
 * templates.ts; write.ts writes the file).
 *
 * The same slides as deck.html, in the same order, laid out on a 16:9 PowerPoint slide by kind with
 * editable text: titles in the masters' title placeholders, native tables, and native charts with
 * their own data sheet (pptxgenjs); pptx-parts.ts adds to the parts what pptxgenjs cannot write. Lengths
 * below are CSS px of the deck's 1280x720 slide, as in DESIGN.md: 96 px to the inch, and a font size in
 * px times 0.75 is its size in points. */
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

import { ACCENT, PART_TONES } from './chart-shapes.js';
import { type Chart, type NativePanel, tint } from './charts.js';
import { contrast, inkOn } from './colour.js';
import type { Figures, Move } from './derive.js';
import { formatDate, formatNumber, formatSigned, formatSignedPercent, typeset } from './format.js';
import { svgSize } from './html.js';
import { type FitParagraph, fitBoth } from './pptx-fit.js';
import { embeddableFont, type FontFaces } from './pptx-fonts.js';
import { type ChartEdit, type EmbeddedFont, editParts } from './pptx-parts.js';
import { CONTENT_TITLE, DENSE_SQUARES, type Slide, splitOf } from './render.js';
import { textWidth, titleLines, titleSize } from './text-width.js';

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
  /** The font files to embed for the font the slides name (see pptx-fonts.ts): Titillium Web's, or the network's. */
  fontFiles?: FontFaces;
  /** The footer's words as render made them (partials/footer-text.hbs, a network's own too); without it, the package's. */
  footer?: string;
}

const DEFAULT_FONT = 'Titillium Web';
const DEFAULT_INK = '1A1A1A';
const DEFAULT_ACCENT = '1F4E79';
const MUTED = '404040';
const BAND = 'EEF3F8';
const RULE = 'D0D7DE';
/** The grey of a square not counted (slides.css .squares). */
const SQUARE_OFF = 'D5DBE1';

/** The colours and font the slides are drawn in: the package's, or the network's (tema:). Written where
 * each thing is drawn, so nothing is recoloured afterwards (a district may share a colour with the accent). */
interface Look {
  font: string;
  ink: string;
  accent: string;
  /** Quieter text and rules on the accent (covers, dividers), as slides.css derives them. */
  onAccent: string;
  onAccentRule: string;
}

function lookOf(input: PptxInput): Look {
  const accent = input.colours?.accent ? hex(input.colours.accent) : DEFAULT_ACCENT;
  const own = !!input.colours?.accent;
  return {
    font: input.font ?? DEFAULT_FONT,
    ink: input.colours?.ink ? hex(input.colours.ink) : DEFAULT_INK,
    accent,
    // color-mix(in srgb, #ffffff 85%, accent) and 30%, as theme.ts writes for the pages.
    onAccent: own ? hex(tint(`#${accent}`, 0.15)) : 'DBE6F1',
    onAccentRule: own ? hex(tint(`#${accent}`, 0.7)) : '4F7AA3',
  };
}

/** px of the 1280x720 slide -> inches. */
const px = (n: number) => n / 96;
/** font px -> points. */
const pt = (n: number) => n * 0.75;
const hex = (colour: string) => colour.replace(/^#/, '').toUpperCase();

const MARGIN = 64;
const WIDTH = 1280;
const INNER = WIDTH - 2 * MARGIN;
const BODY_TOP = 168;
const BODY_BOTTOM = 648;
/** The smallest text on a slide, in points: PowerPoint's accessibility checker asks for 18. Only the
 * master's footer (organisation, date, slide number) is smaller. */
const MIN_PT = 18;
/** The same in px of the slide. */
const MIN_PX = MIN_PT / 0.75;
/** The deck's one type scale (slides.css --type-big, --type-body), in px of the 1280 px slide: a big number, a body text. */
const BIG_PX = 128;
const BODY_PX = 28;

/** Figures with a full stop between thousands whatever the language of the computer showing them:
 * "#,##0" would follow the reader's locale (3,458 on an English PC beside a text box saying 7.370).
 * The stop is a literal here, one section per size. */
export const NUMBER_FORMAT = '[>=1000000]#\\.###\\.##0;[>=1000]#\\.##0;0';

type PSlide = PptxGenJS.Slide;
type TextRun = PptxGenJS.TextProps;

const base = (look: Look) => ({ fontFace: look.font, lang: 'it-IT', margin: 0 }) as const;

/** The line a paragraph takes, as a multiple of its size, as slides.css sets line-height: figures 1, large
 * type 1.1, text 1.25. Written as an exact spacing, so lines are as far apart in every font (Titillium Web's
 * own single spacing is 1.52 em, DejaVu Sans's 1.16). */
const lineOf = (size: number) => (size >= 56 ? 1 : size >= 40 ? 1.1 : 1.25) * size;

/** A text box's runs as pptxgenjs writes them: typeset (Italian typography, as the HTML slides have it;
 * typeset is idempotent), each paragraph at its exact line spacing. */
function runsOf(value: string | TextRun[], o: PptxGenJS.TextPropsOptions): TextRun[] {
  const runs: TextRun[] = typeof value === 'string' ? [{ text: value, options: {} }] : value;
  return runs.map((r) => {
    const size = (r.options?.fontSize ?? o.fontSize ?? MIN_PT) / 0.75;
    return { text: typeset(r.text ?? ''), options: { lineSpacing: o.lineSpacing ?? pt(lineOf(size)), ...r.options } };
  });
}

/** The paragraphs pptxgenjs makes of the runs (a new one after a run with breakLine, before a bullet, at each
 * "\n"), measured as pptx-fit.ts reads them. */
function paragraphsOf(runs: TextRun[], o: PptxGenJS.TextPropsOptions): FitParagraph[] {
  const out: FitParagraph[] = [];
  let open: FitParagraph | undefined;
  for (const r of runs) {
    const ro = { ...o, ...r.options };
    const lines = (r.text ?? '').split('\n');
    lines.forEach((line, i) => {
      if (!open || (ro.bullet && i === 0 && open.runs.length)) {
        const bullet = ro.bullet && typeof ro.bullet === 'object' ? Number((ro.bullet as { indent?: number }).indent ?? 27) / 0.75 : ro.bullet ? 36 : 0;
        open = {
          runs: [],
          line: ro.lineSpacing ? ro.lineSpacing / 0.75 : undefined,
          before: (ro.paraSpaceBefore ?? 0) / 0.75,
          after: (ro.paraSpaceAfter ?? 0) / 0.75,
          indent: bullet,
        };
        out.push(open);
      }
      open.runs.push({ text: line, size: (ro.fontSize ?? MIN_PT) / 0.75, bold: !!ro.bold, spacing: (ro.charSpacing ?? 0) / 0.75 });
      if (i < lines.length - 1) open = undefined;
    });
    if (ro.breakLine) open = undefined;
  }
  return out;
}

/** The height a text takes at width `w` (px) in the deck's font or a wider one standing in for it, whichever needs more. */
function heightOf(value: string | TextRun[], w: number, o: PptxGenJS.TextPropsOptions = {}): number {
  return Math.ceil(fitBoth(paragraphsOf(runsOf(value, o), o), w, o.wrap !== false).height);
}

/** The widest line of a text that is not wrapped, in either font (px). */
function widthOf(value: string | TextRun[], o: PptxGenJS.TextPropsOptions = {}): number {
  return Math.ceil(fitBoth(paragraphsOf(runsOf(value, o), o), Number.POSITIVE_INFINITY, false).widest);
}

/** The size (pt) at which a one-size text fits a box in both fonts: its own, or less down to the floor
 * (24 px) where a wider font standing in for Titillium Web would need more room than the box has. */
function sizeToFit(value: string, w: number, h: number, o: PptxGenJS.TextPropsOptions): number {
  let size = (o.fontSize ?? MIN_PT) / 0.75;
  while (size > MIN_PX && heightOf(value, w, { ...o, fontSize: pt(size) }) > h) size--;
  return pt(size);
}

/** Runs set smaller together (sizes, line and paragraph spacing), as little as lets them fit `w` x `h` in both
 * fonts, the smallest no smaller than 24 px; unchanged where they fit at the deck's sizes. */
function runsToFit(runs: TextRun[], w: number, h: number): TextRun[] {
  const sized = runsOf(runs, {});
  const smallest = Math.min(...sized.map((r) => (r.options?.fontSize ?? MIN_PT) / 0.75));
  const scaled = (k: number): TextRun[] =>
    sized.map((r) => {
      const o = r.options ?? {};
      const scale = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * k * 4) / 4);
      return {
        text: r.text,
        options: { ...o, fontSize: scale(o.fontSize ?? MIN_PT), lineSpacing: scale(o.lineSpacing), paraSpaceBefore: scale(o.paraSpaceBefore), paraSpaceAfter: scale(o.paraSpaceAfter) },
      };
    });
  let k = 1;
  while (smallest * (k - 0.02) >= MIN_PX && heightOf(scaled(k), w) > h) k -= 0.02;
  return scaled(k);
}

/** A box of plain text. Boxes are sized by the layouts for their text in Titillium Web and in a wider font
 * standing in for it (heightOf); where a text still does not fit, PowerPoint and LibreOffice shrink it. */
function text(ctx: Ctx, slide: PSlide, value: string | TextRun[], x: number, y: number, w: number, h: number, o: PptxGenJS.TextPropsOptions = {}): void {
  slide.addText(runsOf(value, o), { ...base(ctx.look), x: px(x), y: px(y), w: px(w), h: px(h), valign: 'top', fit: 'shrink', color: ctx.look.ink, ...o });
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The footer every master carries: the words render made (organisation, assembly and date, unless the
 * network's own footer-text.hbs says otherwise), then the slide number. */
function footerText(f: Figures, made?: string): string {
  if (made !== undefined) return made;
  return f.assembly ? `${f.organisation} · ${f.assembly.title} · ${formatDate(f.assembly.date)}` : f.organisation;
}

/** The masters: content slides, and on the accent the cover, the dividers and the closing, each with its
 * title placeholder where that slide has its title (pptxgenjs takes a placeholder's place from its master). */
function defineMasters(pptx: PptxGenJS, f: Figures, look: Look, footerWords?: string): void {
  const b = base(look);
  const footer = (colour: string, rule: string) => [
    { line: { x: px(MARGIN), y: px(672), w: px(INNER), h: 0, line: { color: rule, width: 0.75 } } },
    { text: { text: footerText(f, footerWords), options: { ...b, x: px(MARGIN), y: px(678), w: px(INNER - 120), h: px(24), fontSize: pt(16), color: colour, valign: 'middle' as const } } },
  ];
  // pptx-parts.ts writes the slide count after the number: «7 / 35», as on the deck.
  const slideNumber = (colour: string) => ({ x: px(WIDTH - MARGIN - 120), y: px(678), w: px(120), h: px(24), fontFace: look.font, fontSize: pt(16), color: colour, align: 'right' as const });
  const title = (x: number, y: number, w: number, h: number, size: number, colour: string, valign: 'top' | 'middle' | 'bottom') => ({
    placeholder: {
      options: {
        ...b,
        name: 'title',
        type: 'title',
        x: px(x),
        y: px(y),
        w: px(w),
        h: px(h),
        fontSize: pt(size),
        bold: true,
        color: colour,
        align: 'left',
        valign,
        fit: 'shrink',
      } as PptxGenJS.PlaceholderProps,
      text: '',
    },
  });
  pptx.defineSlideMaster({
    title: 'Contenuto',
    background: { color: 'FFFFFF' },
    // Room for two lines: a title that takes one in Titillium Web may take two in a wider font.
    objects: [...footer(MUTED, RULE), title(MARGIN, 68, TITLE_BOX.content.w, 2 * TITLE_LINE.content + 2, TITLE_BOX.content.size, look.ink, 'top')],
    slideNumber: slideNumber(MUTED),
  });
  const dark = (name: string, t: ReturnType<typeof title>) =>
    pptx.defineSlideMaster({ title: name, background: { color: look.accent }, objects: [...footer(look.onAccent, look.onAccentRule), t], slideNumber: slideNumber(look.onAccent) });
  // The cover's left column (slides.css .cover: 7fr and 5fr, 64 px apart).
  dark('Copertina', title(MARGIN, COVER.titleY, TITLE_BOX.cover.w, COVER.titleH, TITLE_BOX.cover.size, 'FFFFFF', 'middle'));
  // A divider's title under its accent bar; the closing's over its subtitle.
  dark('Divisore', title(MARGIN, 296, TITLE_BOX.divider.w, 200, TITLE_BOX.divider.size, 'FFFFFF', 'top'));
  dark('Chiusura', title(MARGIN, 150, TITLE_BOX.closing.w, 170, TITLE_BOX.closing.size, 'FFFFFF', 'bottom'));
}

/** The titles' lines (slides.css .slide-title, .cover-title, .divider-title), px. */
const TITLE_LINE = { content: 48, cover: 76, divider: 80 };

/** The cover's two columns (slides.css .cover, .cover-side): the main one, then a rule and the date. */
const COVER = (() => {
  const mainW = ((INNER - 64) * 7) / 12;
  const ruleX = MARGIN + mainW + 64;
  // Room for three lines of the title: two in Titillium Web may be three in a wider font. Centred where two were.
  const titleH = 3 * TITLE_LINE.cover;
  return { mainW, ruleX, sideX: ruleX + 2 + 48, sideW: WIDTH - MARGIN - (ruleX + 2 + 48), titleY: 350 - titleH / 2, titleH };
})();

/** The kicker above the title (Slide.kicker: the section, unless the title repeats it), in caps as on the deck. */
function header(ctx: Ctx, slide: PSlide, s: Slide, title: SetTitle): void {
  if (s.kicker) text(ctx, slide, s.kicker.toUpperCase(), MARGIN, 36, INNER, 32, { fontSize: pt(24), bold: true, color: ctx.look.accent, charSpacing: 1.5 });
  titleText(ctx, slide, title, TITLE_LINE.content);
}

/** The title placeholders' boxes (width, size), px, by the master that has them (defineMasters). */
const TITLE_BOX = { content: { w: CONTENT_TITLE.width, size: CONTENT_TITLE.size }, cover: { w: COVER.mainW, size: 72 }, divider: { w: INNER - 160, size: 72 }, closing: { w: INNER, size: 72 } };
/** The placeholder of each kind of slide that has its own master; every other kind has the content one. */
const TITLE_BOX_OF: Record<string, keyof typeof TITLE_BOX> = { title: 'cover', section: 'divider', closing: 'closing' };

/** A title as its placeholder sets it: its size (px; the box's, or the cover's a little smaller) and lines. */
interface SetTitle {
  size: number;
  full: number;
  lines: string[];
}

/** A title's size and lines, broken by titleLines the same in either font, so that a wider font standing in
 * for Titillium Web leaves no word alone on a line; the cover's title is set a little smaller where that
 * keeps it on as many lines as the deck's font takes. */
function setTitle(title: string, box: keyof typeof TITLE_BOX): SetTitle {
  const { w, size: full } = TITLE_BOX[box];
  const set = typeset(title);
  const size = box === 'cover' ? titleSize(set, w, full, 60) : full;
  return { size, full, lines: titleLines(set, w, size) };
}

/** A slide's title in its master's placeholder, its lines `line` px apart (as a run: pptxgenjs drops a
 * placeholder's own line spacing), each after a line break. */
function titleText(ctx: Ctx, slide: PSlide, { size, full, lines }: SetTitle, line: number): void {
  const o = { lineSpacing: pt((line * size) / full), ...(size !== full ? { fontSize: pt(size) } : {}) };
  const runs = lines.map((l, i) => ({ text: l, options: { ...o, ...(i ? { softBreakBefore: true } : {}) } }));
  slide.addText(runs, { placeholder: 'title', ...base(ctx.look), align: 'left', fit: 'shrink' });
}

/** The deck's sizes of a column of figures (slides.css .facts; .list-slide.with-facts beside a list), px:
 * a big number and body text for one or two, a step down for a longer column (a network's own outline). */
function factSizes(count: number, besideList: boolean): { value: number; label: number; gap: number; labelGap: number } {
  if (besideList) return count >= 3 ? { value: 88, label: BODY_PX, gap: 24, labelGap: 4 } : { value: BIG_PX, label: BODY_PX, gap: 40, labelGap: 8 };
  if (count >= 4) return { value: 56, label: 24, gap: 16, labelGap: 8 };
  return { value: count === 3 ? 88 : BIG_PX, label: BODY_PX, gap: 24, labelGap: 8 };
}

/** Big figures stacked in a column: value, then its label, at the deck's sizes. The column is `w` px wide as
 * on the deck, or wider up to `most` where a figure needs it in the wider font; returns its width. */
function facts(ctx: Ctx, slide: PSlide, list: { value?: unknown; label?: unknown }[], x: number, y: number, w: number, h: number, besideList: boolean, most: number): number {
  const size = factSizes(list.length, besideList);
  const widest = () => Math.max(...list.map((f) => widthOf(str(f.value), { fontSize: pt(size.value), bold: true })));
  const width = Math.min(most, Math.max(w, widest()));
  // Figures on one line in either font: all a little smaller where the widest would still not fit.
  while (size.value > 40 && widest() > width) size.value -= 4;
  const runs: TextRun[] = [];
  list.forEach((fact, i) => {
    runs.push({ text: str(fact.value), options: { fontSize: pt(size.value), bold: true, color: ctx.look.ink, breakLine: true, paraSpaceBefore: i ? pt(size.gap) : 0 } });
    if (fact.label) runs.push({ text: str(fact.label), options: { fontSize: pt(size.label), color: MUTED, breakLine: true, paraSpaceBefore: pt(size.labelGap) } });
  });
  // In the middle of the body's height, as the deck's column of facts.
  text(ctx, slide, runs, x, y, width, h, { valign: 'middle' });
  return width;
}

/** One bar divided in its parts (render.ts splitOf; slides.css .split): its title, the bar in neutral inks
 * with each part's figure, and under each part its name; centred in the column's height. */
function splitBar(ctx: Ctx, slide: PSlide, split: NonNullable<ReturnType<typeof splitOf>>, x: number, y: number, w: number, h: number): void {
  const [titleH, barH, keyH, gap] = [split.title ? 40 : 0, 72, 64, 12];
  const y0 = y + (h - (titleH + barH + gap + keyH)) / 2;
  if (split.title) text(ctx, slide, split.title, x, y0, w, 32, { fontSize: pt(24), bold: true, color: ctx.look.ink });
  // The deck's part tones (slides.css .split-part-N), each with the ink that reads on it.
  const inks = PART_TONES.slice(0, 2).map((tone) => [hex(tone), hex(inkOn(tone))]);
  const widths = split.parts.map((p) => Math.max(56, ((w - 3 * (split.parts.length - 1)) * p.width) / 100));
  let left = x;
  split.parts.forEach((part, i) => {
    const [fill, ink] = inks[i % inks.length];
    slide.addShape('rect', { x: px(left), y: px(y0 + titleH), w: px(widths[i]), h: px(barH), fill: { color: fill }, line: { color: fill, width: 0 } });
    text(ctx, slide, part.shown, left, y0 + titleH, widths[i], barH, { fontSize: pt(32), bold: true, color: ink, align: 'center', valign: 'middle' });
    const key: TextRun[] = [{ text: part.label, options: { fontSize: pt(24), bold: true, color: ctx.look.ink, breakLine: !!part.detail } }];
    if (part.detail) key.push({ text: part.detail, options: { fontSize: pt(24), color: MUTED } });
    text(ctx, slide, key, left, y0 + titleH + barH + gap, widths[i], keyH + 32);
    left += widths[i] + 3;
  });
}

function chartOptions(ctx: Ctx, panel: NativePanel, chart: Chart, x: number, y: number, w: number, h: number, panels = 1): PptxGenJS.IChartOpts {
  const many = panel.series.length > 1;
  const stacked = panel.grouping === 'stacked';
  // Narrow panels and crowded groups get narrower gaps between their columns.
  const crowded = panels > 1 || (many && panel.grouping === 'clustered');
  const point = !many && panel.pointColours && panel.pointColours.length > 1;
  // Every chart text at the deck's 24 px (templates/charts/*.vl.json), or the panel's own.
  const labelPx = panel.sizes?.values ?? MIN_PX;
  return {
    x: px(x),
    y: px(y),
    w: px(w),
    h: px(h),
    altText: chart.alt,
    objectName: chart.title,
    barDir: panel.direction,
    barGrouping: panel.grouping,
    // Stacks with a thin segment are narrower (half their slot, as the deck's barBand), leaving room on
    // their left for its figure and leader.
    barGapWidthPct: panel.direction === 'bar' ? 60 : stacked && hiddenLabels(panel).length ? 100 : crowded ? 30 : 50,
    chartColors: point ? panel.pointColours!.map(hex) : panel.series.map((s) => hex(s.colour)),
    // Horizontal bars read top-down in the outline's order, as on the deck.
    catAxisOrientation: panel.direction === 'bar' ? 'maxMin' : 'minMax',
    catAxisLabelFontFace: ctx.look.font,
    // Every chart text at 18 pt or more (24 px): the accessibility floor for a 13.33 in slide.
    catAxisLabelFontSize: MIN_PT,
    catAxisLabelRotate: 0,
    catAxisLabelColor: ctx.look.ink,
    catAxisLineShow: false,
    catGridLine: { style: 'none' },
    valAxisHidden: true,
    // Bars measured from zero, so a bar twice as long is twice as much.
    valAxisMinVal: 0,
    // Room past the longest horizontal bar for the value written after it.
    ...(panel.max !== undefined ? { valAxisMaxVal: panel.max } : panel.direction === 'bar' ? { valAxisMaxVal: barsEnd(panel, w, labelPx) } : {}),
    valAxisLabelFontSize: MIN_PT,
    valAxisLabelFontFace: ctx.look.font,
    valGridLine: { style: 'none' },
    valAxisLabelFormatCode: NUMBER_FORMAT,
    dataLabelFormatCode: NUMBER_FORMAT,
    // A district absent in a year is a gap: no bar, no "0".
    displayBlanksAs: 'gap',
    showValue: true,
    dataLabelPosition: stacked ? 'ctr' : 'outEnd',
    dataLabelFontFace: ctx.look.font,
    dataLabelFontSize: pt(labelPx),
    dataLabelFontBold: true,
    dataLabelColor: stacked ? 'FFFFFF' : ctx.look.ink,
    // Stacks are labelled directly (each district's name beside its last segment, see above()), as on the
    // deck; a legend only where the deck has one (two years' bars for many districts).
    showLegend: many && !stacked,
    legendPos: 't',
    legendFontFace: ctx.look.font,
    legendFontSize: MIN_PT,
    // A panel's heading is a text box of its own above the chart (see chartAt).
    showTitle: false,
    lang: 'it-IT',
  } as PptxGenJS.IChartOpts;
}

/** Where the value axis of horizontal bars ends: past the longest bar, room for its label (with its share)
 * in a wide fallback font, so that no label wraps; the category names take `names` px of the frame `w`
 * (by default as the application lays them out: up to 40% of it). */
function barsEnd(panel: NativePanel, w: number, labelPx: number, names = Math.min(0.4 * w, Math.max(...panel.categories.map((c) => c.length)) * MIN_PX * 0.55 + 16)): number {
  const values = panel.series.flatMap((s) => s.values.map((v) => v ?? 0));
  const max = Math.max(...values) || 1;
  const longest = Math.max(...panel.series.flatMap((s) => s.values.map((v, i) => (v === null ? 0 : formatNumber(v).length + (panel.afterValues?.[i]?.length ?? 0)))));
  const plot = w - names;
  const label = longest * labelPx * 0.62 + 16 + LABEL_GAP;
  return Math.max(max * 1.3, (max * plot) / Math.max(plot * 0.3, plot - label));
}

/** A stacked segment too short to hold its label (NativePanel.labelsAbove, the deck's rule): its chart
 * label goes, and above() writes its figure on the left of its column with a leader, as the deck does. */
export function hiddenLabels(panel: NativePanel): [number, number][] {
  const min = panel.labelsAbove;
  if (panel.grouping !== 'stacked' || min === undefined || !panel.totals) return [];
  const max = Math.max(...panel.totals);
  return panel.series.flatMap((s, si) => s.values.flatMap((v, i): [number, number][] => (v === null || v / max > min ? [] : [[si, i]])));
}

/** px moved between an unstacked bar or column and its figure, past where the label's position puts it. */
const LABEL_GAP = 8;

/** A panel heading's lines (NativePanel.heading: "Di proprietà\n55 in tutto"). */
const headingLines = (panel: NativePanel) => (panel.heading ? panel.heading.split('\n') : []);
/** The deck's panel headings: 24 px (district-groups, district-compare), 26 over a series' columns (series-groups). */
const headingPx = (panel: NativePanel) => panel.sizes?.heading ?? 24;

/** A chart as native chart(s) side by side. Its title is not written on the slide, as the deck prints none
 * (its caption is for a screen reader): it is the chart's name and, with its alt text, what a screen reader says. */
function chartAt(ctx: Ctx, slide: PSlide, chart: Chart | undefined, x: number, y: number, w: number, h: number): void {
  if (!chart) return;
  if (!chart.native) {
    // The map: a picture, SVG with its PNG for programs that do not read SVG.
    const svg = chart.svg;
    const png = ctx.input.pictures?.get(chart.id);
    if (png) ctx.fallbacks.set(svg, png);
    const ratio = ratioOf(svg);
    // Two lines for the credit: one in Titillium Web, two in a wider fallback font, never shrunk under 18 pt.
    const creditH = chart.credit ? 68 : 0;
    const hh = h - creditH;
    const ww = Math.min(w, hh * ratio);
    const data = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    slide.addImage({ data, x: px(x), y: px(y), w: px(ww), h: px(ww / ratio), altText: chart.alt, objectName: chart.title });
    if (chart.credit) text(ctx, slide, chart.credit, x, y + ww / ratio + 4, w, creditH - 4, { fontSize: pt(MIN_PX), color: MUTED });
    return;
  }
  const panels = chart.native;
  const gap = 24;
  // Panels of bars for the same names (district-groups) share one column of names, on the first panel's
  // left, as on the deck: the others draw only their bars, level with it and as wide as the first's.
  const shared = sharedNames(panels);
  const pw = (w - gap * (panels.length - 1) - shared) / panels.length;
  const left = (i: number) => x + i * (pw + gap) + (i ? shared : 0);
  const width = (i: number) => pw + (i ? 0 : shared);
  // Headings in boxes of one height for the whole row, whatever their lines and the font the reader has:
  // the panels' plots start level, so their rows of bars line up.
  const lines = Math.max(0, ...panels.map((p) => headingLines(p).length));
  const headingSize = Math.max(...panels.map(headingPx));
  const headingLine = Math.round(headingSize * 1.25);
  const headingH = lines ? lines * headingLine + 8 : 0;
  panels.forEach((panel, i) => {
    const [px0, pw0] = [left(i), width(i)];
    // The first panel's bars start after the names they share.
    const names = i ? 0 : shared;
    if (lines) {
      // Over bars from their start (district-groups' header), over columns in their middle.
      text(ctx, slide, headingLines(panel).join('\n'), px0 + names, y, pw0 - names, headingH - 8, {
        fontSize: pt(headingSize),
        bold: true,
        color: ctx.look.ink,
        align: panel.direction === 'bar' ? 'left' : 'center',
        valign: 'bottom',
        fit: 'none',
        lineSpacing: pt(headingLine),
      });
    }
    const [cy, ch] = [y + headingH, h - headingH];
    const opts = chartOptions(ctx, panel, chart, px0, cy, pw0, ch, panels.length);
    if (shared) besideNames(panel, opts, pw0, names);
    const across = panel.direction === 'bar' && panel.grouping === 'stacked' ? acrossStacks(ctx, slide, panel, opts, px0, cy, pw0, ch) : undefined;
    const texts = panel.direction === 'col' && (panel.above?.some(Boolean) || panel.grouping === 'stacked') ? above(ctx, slide, panel, opts, px0, cy, pw0, ch) : across?.draw;
    ctx.charts.push({
      hide: across?.hide ?? hiddenLabels(panel),
      points: panel.seriesPointColours,
      outlines: panel.seriesPointOutlines,
      // (A stack's share is its whole's, written after its bar: none on its parts' labels.)
      after: across ? undefined : panel.afterValues && panel.series.map(() => panel.afterValues!),
      inks: panel.grouping === 'stacked' ? panel.series.map((s) => inkOn(s.colour)) : undefined,
      // The deck's room between a bar and its figure (categories.vl.json's dx, the columns' dy), which
      // the labels' outside-end position alone leaves at 2 px.
      shift: panel.grouping === 'stacked' ? undefined : panel.direction === 'bar' ? [LABEL_GAP / pw0, 0] : [0, -LABEL_GAP / (h - headingH)],
    });
    // A missing figure (null) is written as an empty point, removed from the chart and its workbook by pptx-parts.ts.
    const data = panel.series.map((s) => ({ name: s.name, labels: panel.categories, values: s.values as number[] }));
    slide.addChart(ctx.pptx.ChartType.bar, data, opts);
    texts?.(); // over the chart, in front of it
  });
}

/** The width (px) of the column of names that panels of unstacked bars for the same names share, as wide as
 * the longest name in either font; 0 for a single panel or panels that do not share their names. */
function sharedNames(panels: NativePanel[]): number {
  const [first] = panels;
  const same = panels.length > 1 && panels.every((p) => p.direction === 'bar' && p.grouping !== 'stacked' && p.categories.join('\n') === first.categories.join('\n'));
  return same ? Math.max(...first.categories.map((c) => widthOf(c, { fontSize: MIN_PT }))) + 16 : 0;
}

/** One of the panels that share a column of names (sharedNames): its plot area placed by hand, after the
 * names (`names` px, the first panel) or from its left edge with its names hidden (the others), each row
 * level with the first panel's; its scale leaves room after the longest bar for its figure. */
function besideNames(panel: NativePanel, opts: PptxGenJS.IChartOpts, w: number, names: number): void {
  const plot = { x: names / w, y: 0.02, w: 0.98 - names / w, h: 0.96 };
  Object.assign(opts, { layout: plot, catAxisHidden: !names, ...(panel.max === undefined ? { valAxisMaxVal: barsEnd(panel, w * plot.w, panel.sizes?.values ?? MIN_PX, 0) } : {}) });
}

/** The texts over the columns (see NativePanel.above) and, beside a stack's last column, each district's
 * name on its segment (the deck's direct labels), as text boxes: the plot area is placed by hand and the
 * scale fixed, so each column's place and height are known. */
function above(ctx: Ctx, slide: PSlide, panel: NativePanel, opts: PptxGenJS.IChartOpts, x: number, y: number, w: number, h: number): () => void {
  const stacked = panel.grouping === 'stacked';
  const n = panel.categories.length;
  // A stack is as tall as its total (a stacked kind without derived totals: the sum of its segments).
  const tops = panel.categories.map((_, i) => (stacked ? (panel.totals?.[i] ?? panel.series.reduce((a, s) => a + (s.values[i] ?? 0), 0)) : Math.max(...panel.series.map((s) => s.values[i] ?? 0))));
  // A thin segment's figure is written beside its column's top: the totals go a line higher, clear of it.
  const thinTops = stacked && hiddenLabels(panel).length > 0;
  // Room over the tallest column for its value label and the text above it.
  const max = Math.max(...tops) * (stacked ? (thinTops ? 1.22 : 1.15) : 1.3) || 1;
  // Room on the right of a stack for its districts' names.
  const names = stacked && panel.series.length > 1 ? Math.max(...panel.series.map((s) => widthOf(s.name, { fontSize: MIN_PT, bold: true }))) + 8 : 0;
  // Below the legend, when there is one (it is not moved by a placed plot area).
  const legend = opts.showLegend ? 0.1 : 0;
  const plot = { x: 0.01, y: 0.02 + legend, w: 0.98 - names / w, h: 0.86 - legend };
  Object.assign(opts, { valAxisMaxVal: max, layout: plot });
  const slot = (w * plot.w) / n;
  const yOf = (v: number) => y + h * (plot.y + plot.h * (1 - v / max));
  // A value label sits over an unstacked column: the text goes over it.
  // (8 px more than the label's own line: the wider font draws it taller, and a quarter em must stay between.)
  const lift = stacked ? (thinTops ? MIN_PX * 1.25 : 4) : (opts.dataLabelFontSize ?? MIN_PT) / 0.75 + 16 + LABEL_GAP;
  const size = 24;
  return () => {
    panel.above?.forEach((t, i) => {
      if (!t) return;
      text(ctx, slide, t, x + w * plot.x + i * slot, yOf(tops[i]) - lift - size * 1.3, slot, size * 1.3, {
        fontSize: pt(size),
        bold: stacked,
        color: stacked ? ctx.look.ink : MUTED,
        align: 'center',
        valign: 'bottom',
        fit: 'none',
        wrap: false,
      });
    });
    // Columns are 1 / (1 + gap) of their slot.
    const gapPct = Number(opts.barGapWidthPct ?? 150) / 100;
    const half = slot / (1 + gapPct) / 2;
    const line = MIN_PX * 1.25;
    // A thin segment's figure (district-history.vl.json's "thin" layers): on the left of its column, level
    // with its segment (a line above the one below it in the same column), a 2 px leader from it to the
    // column's edge. Right-aligned, so it ends where the leader starts in any font.
    const thin = hiddenLabels(panel);
    for (const i of new Set(thin.map(([, p]) => p))) {
      const left = x + w * plot.x + (i + 0.5) * slot - half;
      const leader = Math.min(16, (slot / 2 - half) / 4);
      let prev = Infinity;
      for (const [si] of thin.filter(([, p]) => p === i)) {
        const v = panel.series[si].values[i]!;
        const base = panel.series.slice(0, si).reduce((a, s) => a + (s.values[i] ?? 0), 0);
        const mid = yOf(base + v / 2);
        const at = (prev = Math.min(mid, prev - line));
        const labelW = widthOf(formatNumber(v), { fontSize: MIN_PT, bold: true });
        slide.addShape('line', { x: px(left - leader), y: px(Math.min(at, mid)), w: px(leader), h: px(Math.abs(mid - at)), line: { color: MUTED, width: 1.5 } });
        text(ctx, slide, formatNumber(v), left - leader - 6 - labelW, at - line / 2, labelW, line, {
          fontSize: MIN_PT,
          bold: true,
          color: ctx.look.ink,
          align: 'right',
          valign: 'middle',
          fit: 'none',
          wrap: false,
        });
      }
    }
    if (!names) return;
    // The last column's right edge, then each name at its segment's middle, a line apart at least,
    // brought down from the top if that takes them over it.
    const last = n - 1;
    const right = x + w * plot.x + (last + 0.5) * slot + half;
    let below = 0;
    const mids = panel.series.map((s) => {
      const v = s.values[last];
      if (v === null || v === undefined) return undefined;
      const mid = yOf(below + v / 2);
      below += v;
      return mid;
    });
    let prev = Infinity;
    const ys = mids.map((m) => (m === undefined ? undefined : (prev = Math.min(m, prev - line))));
    const over = Math.min(...ys.filter((v): v is number => v !== undefined)) - (y + line / 2);
    panel.series.forEach((s, i) => {
      const mid = ys[i];
      if (mid === undefined) return;
      const at = over < 0 ? mid - over : mid;
      text(ctx, slide, s.name, right + 8, at - line / 2, names, line, { fontSize: MIN_PT, bold: true, color: hex(s.colour), valign: 'middle', fit: 'none', wrap: false });
    });
  };
}

/** Horizontal stacks: a whole divided in its parts (NativePanel.parts, categories.vl.json). The plot is placed
 * by hand and the scale fixed, so each bar's end and segment's start are known: the whole's figure is written
 * after its bar, and each part's line on its own row under it, from the bar's start, after a swatch
 * of its tone, as text boxes. A part's figure is the chart's own label, on its segment, where it fits there;
 * elsewhere it is written in the part's line («di cui in altre strutture: 10.334»), as the deck does. */
function acrossStacks(ctx: Ctx, slide: PSlide, panel: NativePanel, opts: PptxGenJS.IChartOpts, x: number, y: number, w: number, h: number): { hide: [number, number][]; draw: () => void } {
  const n = panel.categories.length;
  const totals = panel.categories.map((_, i) => panel.series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const labels = totals.map((t, i) => (t ? `${formatNumber(t)}${panel.afterValues?.[i] ?? ''}` : ''));
  const bold = { fontSize: MIN_PT, bold: true };
  const names = Math.min(0.4 * w, Math.max(...panel.categories.map((c) => widthOf(c, { fontSize: MIN_PT }))) + 16);
  const labelRoom = Math.max(...labels.map((l) => widthOf(l, bold))) + LABEL_GAP + 8;
  const plot = { x: names / w, y: 0.02, w: 0.98 - names / w, h: 0.96 };
  const plotW = w * plot.w;
  const max = (Math.max(...totals) * plotW) / Math.max(plotW * 0.3, plotW - labelRoom) || 1;
  Object.assign(opts, { valAxisMaxVal: max, layout: plot });
  const xOf = (v: number) => x + w * plot.x + (plotW * v) / max;
  const slot = (h * plot.h) / n;
  const middle = (row: number) => y + h * plot.y + slot * (row + 0.5);
  const line = MIN_PX * 1.25;
  const parts = panel.parts ?? [];
  // A part's figure on its segment where it fits with 8 px either side, in the ink that reads on its tone.
  const fits = parts.map((p) => widthOf(formatNumber(p.count), bold) + 16 <= (plotW * p.count) / max);
  const hide: [number, number][] = [
    ...panel.series.flatMap((s, si) => (parts.some((p) => p.series === si) ? [] : s.values.flatMap((v, i): [number, number][] => (v === null ? [] : [[si, i]])))),
    ...parts.flatMap((p, i): [number, number][] => (fits[i] ? [] : [[p.series, p.whole]])),
  ];
  const draw = () => {
    labels.forEach((label, row) => {
      if (!label) return;
      text(ctx, slide, label, xOf(totals[row]) + LABEL_GAP, middle(row) - line / 2, labelRoom, line, { ...bold, color: ctx.look.ink, valign: 'middle', fit: 'none', wrap: false });
    });
    const swatch = 20;
    // A bar is 1 / (1 + gap) of its row (chartOptions' barGapWidthPct).
    const barHalf = slot / (1 + Number(opts.barGapWidthPct ?? 150) / 100) / 2;
    parts.forEach((p, i) => {
      const words = fits[i] ? p.name : `${p.name}: ${formatNumber(p.count)}`;
      const wordsW = widthOf(words, { fontSize: MIN_PT });
      // From the bar's start, as on the deck: a whole's parts' lines flush left, one under the other, drawn
      // up to 8 px under the whole's bar and a line apart (categories.vl.json), never below their own row.
      const left = x + w * plot.x;
      const k = parts.filter((q, j) => j < i && q.whole === p.whole).length;
      const at = Math.min(middle(p.row), middle(p.whole) + barHalf + 8 + line / 2 + k * 34);
      const tone = panel.series[p.series].colour;
      slide.addShape('rect', { x: px(left), y: px(at - swatch / 2), w: px(swatch), h: px(swatch), fill: { color: hex(tone) }, line: { color: hex(tone), width: 0 } });
      text(ctx, slide, words, left + swatch + 8, at - line / 2, wordsW + 8, line, { fontSize: MIN_PT, color: ctx.look.ink, valign: 'middle', fit: 'none', wrap: false });
    });
  };
  return { hide, draw };
}

/** Width / height of an SVG from its width and height attributes. */
function ratioOf(svg: string): number {
  const { width: w, height: h } = svgSize(svg);
  return w > 0 && h > 0 ? w / h : 4 / 3;
}

/** A native table: header row in bold, figures right-aligned, the total row in bold. */
function table(ctx: Ctx, slide: PSlide, chart: Chart, x: number, y: number, w: number, maxH: number): number {
  const t = chart.table;
  const size = MIN_PX;
  const rowH = size * 1.9;
  const cell = (v: string, i: number, o: PptxGenJS.TableCellProps = {}): PptxGenJS.TableCell => ({
    text: typeset(v),
    options: { ...base(ctx.look), fontSize: pt(size), color: ctx.look.ink, align: i === 0 ? 'left' : 'right', valign: 'middle', margin: [2, 4, 2, 4], ...o },
  });
  const rows: PptxGenJS.TableRow[] = [
    t.head.map((h, i) => cell(h, i, { bold: true, fill: { color: BAND }, border: [{ type: 'none' }, { type: 'none' }, { pt: 1, color: ctx.look.accent }, { type: 'none' }] })),
    ...t.rows.map((r, n) =>
      r.map((c, i) =>
        cell(c, i, {
          bold: i === 0 || t.totals[n],
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
 * options (bullet, spacing): a bullet on a later run would start a new paragraph (pptx-parts.ts keeps each
 * paragraph's first properties only). */
function listRuns(items: unknown[], unit: string | undefined): TextRun[] {
  return items.flatMap((raw): TextRun[] => {
    const item = raw as Record<string, unknown>;
    if (typeof raw !== 'object' || raw === null) return [{ text: str(raw), options: { bullet: BULLET, breakLine: true } }];
    if (item.group !== undefined) {
      const subs = (item.items as string[] | undefined) ?? [];
      // Items apart by semicolons, as on the deck (no «·» left hanging at a line's end); lines break between
      // them, not inside one short enough to keep whole («musei / e biblioteche»).
      const kept = subs.map((x) => (x.length <= 48 ? x.replace(/ /g, '\u00a0') : x)).join('; ');
      return [
        { text: str(item.group), options: { bullet: BULLET, bold: true, breakLine: true } },
        ...(subs.length ? [{ text: kept, options: { bullet: NO_BULLET, fontSize: MIN_PT, color: MUTED, breakLine: true, paraSpaceBefore: pt(4), lineSpacing: pt(31) } }] : []),
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

/** List runs at the list's size, `gap` px between items, each bullet 1.1 em in (slides.css .item-list's padding). */
function paragraphs(runs: TextRun[], size: number, gap: number, colour: string): TextRun[] {
  return runs.map((r, i) => {
    const bullet = r.options?.bullet;
    const indented = bullet && typeof bullet === 'object' ? { bullet: { ...bullet, indent: pt(1.1 * size) } } : {};
    return { text: r.text, options: { fontSize: pt(size), color: colour, ...(bullet && i ? { paraSpaceBefore: pt(gap) } : {}), ...r.options, ...indented } };
  });
}

/** A share drawn as squares, one for each of the whole (the outline's `share:`, as big-number.hbs draws it). */
function squaresOf(share: unknown): boolean[] | undefined {
  const { part, whole } = (share ?? {}) as { part?: unknown; whole?: unknown };
  const [p, w] = [Number(part), Number(whole)];
  if (!Number.isInteger(p) || !Number.isInteger(w) || w <= 0 || w > 400 || p < 0 || p > w) return undefined;
  return Array.from({ length: w }, (_, i) => i < p);
}
/** slides.css .squares: 20 a row, 24 px, 8 px apart; .squares--dense (people, a square each): 30 a row, 16 px, 6 px apart. */
const SQUARE = { columns: 20, size: 24, gap: 8 };
const SQUARE_DENSE = { columns: 30, size: 16, gap: 6 };
/** slides.css .squares--dense span.on: the bars' neutral ink. */
const DENSE_ON = ACCENT;

interface Ctx {
  pptx: PptxGenJS;
  look: Look;
  /** SVG text -> its PNG fallback, for the pictures added so far. */
  fallbacks: Map<string, Uint8Array>;
  /** Per chart, in the order added: what pptxgenjs cannot write (see ChartEdit). */
  charts: ChartEdit[];
  figures: Figures;
  input: PptxInput;
}

/** One slide of the deck, by kind; the same content as templates/slides/<kind>.hbs. */
function layout(slide: PSlide, s: Slide, ctx: Ctx): void {
  const f = ctx.figures;
  const { look } = ctx;
  const fields = s.content.fields;
  const chart = s.charts[0];
  const factList = (fields.facts as { value?: unknown; label?: unknown }[] | undefined) ?? [];
  const body = fields.text === undefined || fields.text === '' ? undefined : str(fields.text);
  // A title that takes two lines in a wider font than Titillium Web (a computer without it) takes the
  // body's first 48 px in every font, as deck.html gives a two-line title its room.
  const title = setTitle(s.title, TITLE_BOX_OF[s.kind] ?? 'content');
  const top = BODY_TOP + (Math.min(2, title.lines.length) - 1) * TITLE_LINE.content;
  const bottom = BODY_BOTTOM;
  const placeholderTitle = () => titleText(ctx, slide, title, s.kind === 'section' ? TITLE_LINE.divider : TITLE_LINE.cover);

  switch (s.kind) {
    case 'title': {
      // Two columns, as on the deck: organisation, title and year; a rule; the logo, the date and the place.
      text(ctx, slide, f.organisation.toUpperCase(), MARGIN, COVER.titleY - 56, COVER.mainW, 44, { fontSize: pt(32), bold: true, color: 'FFFFFF', charSpacing: 1.5, valign: 'bottom' });
      placeholderTitle();
      text(ctx, slide, `I dati dell’anno ${f.year}`, MARGIN, COVER.titleY + COVER.titleH + 16, COVER.mainW, 40, { fontSize: pt(28), color: look.onAccent });
      const logo = f.logo && ctx.input.images?.get(f.logo.file);
      const side: TextRun[] = [];
      if (f.assembly) {
        side.push({ text: formatDate(f.assembly.date, 'day-month'), options: { fontSize: pt(64), bold: true, color: 'FFFFFF', breakLine: true } });
        side.push({ text: formatDate(f.assembly.date, 'year'), options: { fontSize: pt(64), bold: true, color: 'FFFFFF', breakLine: !!f.assembly.place } });
        if (f.assembly.place) side.push({ text: f.assembly.place, options: { fontSize: pt(32), color: look.onAccent, paraSpaceBefore: 16 } });
      }
      const logoH = logo ? 144 + 24 : 0;
      const sideH = (side.length ? 150 : 0) + (f.assembly?.place ? 56 : 0) + logoH;
      const sideY = Math.round(360 - sideH / 2);
      if (sideH) slide.addShape('line', { x: px(COVER.ruleX), y: px(sideY), w: 0, h: px(sideH), line: { color: look.onAccentRule, width: 1.5 } });
      if (logo) slide.addImage({ data: logo, x: px(COVER.sideX), y: px(sideY), h: px(144), w: px(144), sizing: { type: 'contain', w: px(144), h: px(144) }, altText: f.logo!.alt });
      if (side.length) text(ctx, slide, side, COVER.sideX, sideY + logoH, COVER.sideW, sideH - logoH, { valign: 'middle' });
      return;
    }
    case 'section':
      // The part's number over the accent bar, «PARTE 2» as on every divider of the deck, the bar over the
      // title (slides.css .divider-kicker, .divider::before).
      text(ctx, slide, `Parte ${s.part}`.toUpperCase(), MARGIN, 208, INNER, 32, {
        fontSize: pt(24),
        bold: true,
        color: look.onAccent,
        charSpacing: 1.5,
      });
      slide.addShape('rect', { x: px(MARGIN), y: px(256), w: px(96), h: px(8), fill: { color: 'FFFFFF' }, line: { color: 'FFFFFF', width: 0 } });
      placeholderTitle();
      return;
    case 'closing': {
      placeholderTitle();
      const runs: TextRun[] = [];
      if (f.closing?.subtitle) runs.push({ text: f.closing.subtitle, options: { fontSize: pt(40), color: 'FFFFFF', breakLine: true } });
      if (f.closing?.farewell) runs.push({ text: f.closing.farewell, options: { fontSize: pt(48), bold: true, color: 'FFFFFF', breakLine: true, paraSpaceBefore: 24 } });
      runs.push({ text: f.organisation, options: { fontSize: pt(32), color: look.onAccent, paraSpaceBefore: 12 } });
      text(ctx, slide, runs, MARGIN, 336, INNER, 260);
      return;
    }
  }

  header(ctx, slide, s, title);
  switch (s.kind) {
    case 'chart': {
      let x = MARGIN;
      if (factList.length) {
        // slides.css .facts: 320 px, 48 px from the chart.
        x = MARGIN + facts(ctx, slide, factList, MARGIN, top, 320, bottom - top, false, 420) + 48;
      }
      const split = splitOf(fields.split);
      if (split) {
        splitBar(ctx, slide, split, MARGIN, top, 340, bottom - top);
        x = MARGIN + 340 + 40;
      }
      let y = top;
      if (body) {
        // slides.css .slide-text: body type, at most 60 figures wide; 16 px over the chart.
        const bw = Math.min(WIDTH - MARGIN - x, Math.ceil(textWidth('0', BODY_PX) * 60));
        const bh = heightOf(body, bw, { fontSize: pt(BODY_PX) });
        text(ctx, slide, body, x, y, bw, bh, { fontSize: pt(BODY_PX), color: MUTED });
        y += bh + 16;
      }
      // slides.css .slide-caption: a sentence under the chart, 24 px under its last bar.
      const caption = fields.caption === undefined || fields.caption === '' ? undefined : str(fields.caption);
      const cw = Math.min(WIDTH - MARGIN - x, Math.ceil(textWidth('0', BODY_PX) * 60));
      const ch = caption ? heightOf(caption, cw, { fontSize: pt(BODY_PX) }) : 0;
      chartAt(ctx, slide, chart, x, y, WIDTH - MARGIN - x, bottom - y - (caption ? ch + 24 : 0));
      if (caption) text(ctx, slide, caption, x, bottom - ch, cw, ch, { fontSize: pt(BODY_PX), color: MUTED });
      return;
    }
    case 'big-number': {
      // The figure on the left, what it means beside it (as on the deck), and the share as squares under it.
      const value = str(fields.value);
      // As wide as the figure in the wider of Titillium Web and a font standing in for it; never wrapped.
      // Both boxes share their middle line, so the meaning sits level with the figure.
      const figureW = (size: number) => widthOf(value, { fontSize: pt(size), bold: true }) + 8;
      const [y, h] = [top + 20, bottom - top - 60];
      if (value && !fields.share && !chart) {
        // The number with its words alone: on the left margin, 48 px apart (slides.css); the label alone at
        // most 14 figures wide, with a sentence under it as wide as the two take, at most 30 figures.
        const label: TextRun = { text: str(fields.label), options: { fontSize: pt(BODY_PX), bold: true, color: look.ink, breakLine: true } };
        const words: TextRun[] = body ? [label, { text: body, options: { fontSize: pt(BODY_PX), color: MUTED, paraSpaceBefore: 16 } }] : [label];
        const most = (n: number) => Math.ceil(textWidth('0', BODY_PX, 700) * n);
        const sideW = body ? Math.min(most(30), widthOf(words) + 8) : most(14);
        const bigW = Math.min(760, Math.max(180, figureW(BIG_PX)));
        const x0 = MARGIN;
        text(ctx, slide, value, x0, y, bigW, h, { fontSize: pt(BIG_PX), bold: true, color: look.ink, fit: 'none', wrap: false, valign: 'middle' });
        text(ctx, slide, words, x0 + bigW + 48, y, Math.min(sideW, WIDTH - MARGIN - x0 - bigW - 48), h, { valign: 'middle' });
        return;
      }
      // Without a figure of its own (the title says it, the squares draw it): the label and the squares centred.
      const valueW = value ? Math.min(720, Math.max(140, figureW(BIG_PX))) : 0;
      if (value) text(ctx, slide, value, MARGIN, y, valueW, h, { fontSize: pt(BIG_PX), bold: true, color: look.ink, fit: 'none', wrap: false, valign: 'middle' });
      const squares = squaresOf(fields.share);
      const grid = squares && squares.length > DENSE_SQUARES ? SQUARE_DENSE : SQUARE;
      const gridW = grid.columns * grid.size + (grid.columns - 1) * grid.gap;
      const x = value ? MARGIN + valueW + 48 : MARGIN + (INNER - gridW) / 2;
      const runs: TextRun[] = [{ text: str(fields.label), options: { fontSize: pt(BODY_PX), bold: true, color: look.ink, breakLine: true } }];
      if (body) runs.push({ text: body, options: { fontSize: pt(BODY_PX), color: MUTED, paraSpaceBefore: 16 } });
      if (!squares) {
        text(ctx, slide, runs, x, y, WIDTH - MARGIN - x, h, { valign: 'middle' });
        return;
      }
      const rows = Math.ceil(squares.length / grid.columns);
      const gridH = rows * grid.size + (rows - 1) * grid.gap;
      const textW = value ? WIDTH - MARGIN - x : gridW;
      // As tall as the text takes in the wider font, the text and the squares together in the middle.
      const textH = Math.min(h - gridH - 24, heightOf(runs, textW));
      const y0 = y + (h - textH - 24 - gridH) / 2;
      text(ctx, slide, runsToFit(runs, textW, textH), x, y0, textW, textH, { valign: 'bottom', ...(value ? {} : { align: 'center' }) });
      squares.forEach((on, i) => {
        const [col, row] = [i % grid.columns, Math.floor(i / grid.columns)];
        const colour = on ? (grid === SQUARE ? look.ink : hex(DENSE_ON)) : SQUARE_OFF;
        slide.addShape('roundRect', {
          x: px(x + col * (grid.size + grid.gap)),
          y: px(y0 + textH + 24 + row * (grid.size + grid.gap)),
          w: px(grid.size),
          h: px(grid.size),
          rectRadius: px(3),
          fill: { color: colour },
          line: { color: colour, width: 0 },
        });
      });
      return;
    }
    case 'table': {
      const w = 540;
      let h = 0;
      if (chart) {
        text(ctx, slide, chart.title, MARGIN, top, w, 36, { fontSize: pt(MIN_PX), color: MUTED });
        h = table(ctx, slide, chart, MARGIN, top + 40, w, bottom - top - 40 - (body ? 90 : 0));
      }
      if (body) text(ctx, slide, body, MARGIN, top + 40 + h + 16, w, heightOf(body, w, { fontSize: pt(28) }), { fontSize: pt(28), color: MUTED });
      const x = MARGIN + w + 40;
      // The table above carries the chart's title.
      if (chart) chartAt(ctx, slide, chart, x, top, WIDTH - MARGIN - x, bottom - top);
      return;
    }
    case 'list': {
      let y = top;
      // With figures, two columns as on the deck (slides.css .list-slide.with-facts): the figures stacked
      // large on the left over a rule, the list beside them.
      let [left, inner] = [MARGIN, INNER];
      if (factList.length) {
        // slides.css .list-slide.with-facts: the figures 312 px wide, a 2 px rule 48 px after them, the list 64 px on.
        const w = facts(ctx, slide, factList, MARGIN, top, 312, bottom - top, true, 440);
        slide.addShape('line', { x: px(MARGIN + w + 49), y: px(top), w: 0, h: px(bottom - top), line: { color: RULE, width: 1.5 } });
        [left, inner] = [MARGIN + w + 50 + 64, INNER - w - 50 - 64];
      }
      const runs: TextRun[] = [];
      // slides.css: the intro and the lead in body type, 16 and 8 px under them.
      if (body) runs.push({ text: body, options: { fontSize: pt(BODY_PX), color: look.ink, breakLine: true, paraSpaceAfter: pt(16) } });
      if (fields.lead) runs.push({ text: str(fields.lead), options: { bold: true, fontSize: pt(BODY_PX), color: look.ink, breakLine: true, paraSpaceAfter: pt(8) } });
      const items = s.content.listItems ?? [];
      // A few short names (places, members) are boxes on a grid, as on the deck (render.ts isShortList).
      if (items.length && items.length <= 6 && items.every((x) => typeof x === 'string' && x.length <= 32)) {
        const introH = runs.length ? heightOf(runs, inner) : 0;
        const [gap, columns, boxH] = [24, factList.length ? 2 : 3, 96];
        const w = (inner - gap * (columns - 1)) / columns;
        // Beside the figures, the intro and boxes centred in the height, as the deck's column is.
        const rows = Math.ceil(items.length / columns);
        if (factList.length) y = Math.max(top, top + (bottom - top - (introH + (introH ? 16 : 0) + rows * boxH + (rows - 1) * gap)) / 2);
        if (runs.length) text(ctx, slide, runs, left, y, inner, introH);
        (items as string[]).forEach((name, i) => {
          const x = left + (i % columns) * (w + gap);
          const by = y + introH + (introH ? 16 : 0) + Math.floor(i / columns) * (boxH + gap);
          slide.addShape('rect', { x: px(x), y: px(by), w: px(w), h: px(boxH), fill: { color: BAND }, line: { color: BAND } });
          slide.addShape('rect', { x: px(x), y: px(by), w: px(8), h: px(boxH), fill: { color: look.accent }, line: { color: look.accent } });
          text(ctx, slide, name, x + 8 + 24, by, w - 8 - 48, boxH, { fontSize: pt(BODY_PX), bold: true, color: look.ink, valign: 'middle' });
        });
        return;
      }
      // slides.css .item-list: body type, 16 px apart (24 beside figures).
      runs.push(...paragraphs(listRuns(items, fields.unit as string | undefined), BODY_PX, factList.length ? 24 : 16, look.ink));
      text(ctx, slide, runsToFit(runs, inner, bottom - y), left, y, inner, bottom - y, factList.length ? { valign: 'middle' } : {});
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
      chartAt(ctx, slide, chart, mapX, top - 8, mapW, side ? bottom - top + 8 : mapH);
      const x = side ? MARGIN + mapW + 40 : MARGIN;
      const y = side ? top : top - 8 + mapH + 8;
      const columns = layout?.columns ?? 1;
      const rows = layout?.rows ?? entries.length;
      const colW = (WIDTH - MARGIN - x - 24 * (columns - 1)) / columns;
      for (let c = 0; c < columns; c++) {
        const runs: TextRun[] = entries.slice(c * rows, (c + 1) * rows).flatMap((e, i): TextRun[] => [
          // A colour too light to show on white (no convention's) is an outlined square, as on the map.
          contrast(e.colour, '#ffffff') < 1.5
            ? { text: '□ ', options: { color: '6B6B6B', fontSize: MIN_PT, paraSpaceBefore: i ? 10 : 0 } }
            : { text: '■ ', options: { color: hex(e.colour), fontSize: MIN_PT, paraSpaceBefore: i ? 10 : 0 } },
          { text: e.name, options: { bold: true, fontSize: MIN_PT, breakLine: true } },
          { text: e.counts, options: { fontSize: MIN_PT, color: ctx.look.ink, breakLine: true } },
        ]);
        text(ctx, slide, runs, x + c * (colW + 24), y, colW, bottom - y, { valign: side ? 'middle' : 'top' });
      }
      return;
    }
    case 'comparison': {
      // As on the deck: the title says the change, the chart shows the years with their differences.
      chartAt(ctx, slide, chart, MARGIN, top, INNER, bottom - top);
      return;
    }
    case 'cards': {
      const cards = (s.content.listItems ?? []) as { name: string; place?: string; hamletOf?: string; volunteers: number; km?: number; aids?: number; hours: number }[];
      // As on the deck (templates/slides/cards.hbs): each card named by its place, its municipality under a
      // hamlet's name, and the same rows on every card, «—» where this one has no figure.
      const anyKm = cards.some((c) => c.km !== undefined);
      const anyAids = cards.some((c) => c.aids !== undefined);
      const anyHamlet = cards.some((c) => c.hamletOf);
      // slides.css .card: 32 px apart, a 2 px rule around, the accent's 8 px on top, 20/24 px inside, 16 px
      // between rows; the cards as tall as their rows, in the middle of the body.
      const [gap, border, top8, padX, padY] = [32, 2, 8, 24, 20];
      const w = (INNER - gap * (cards.length - 1)) / Math.max(1, cards.length);
      const runsOfCard = (c: (typeof cards)[number]): TextRun[] => {
        const runs: TextRun[] = [{ text: c.place ?? c.name, options: { fontSize: pt(32), bold: true, color: look.ink, breakLine: true, lineSpacing: pt(37) } }];
        // A line for the municipality on every card when one has it, so that the rows line up across cards.
        if (anyHamlet) runs.push({ text: c.hamletOf ?? ' ', options: { fontSize: pt(24), bold: true, color: MUTED, breakLine: true } });
        const figure = (n: number | undefined, label: string) => {
          runs.push({
            text: n === undefined ? '—' : formatNumber(n),
            options: { fontSize: pt(44), bold: true, color: n === undefined ? MUTED : look.ink, breakLine: true, paraSpaceBefore: pt(16), lineSpacing: pt(44) },
          });
          // Close under its figure, the next pair 16 px below (slides.css .card row-gap, .card-figure dt).
          runs.push({ text: label, options: { fontSize: pt(24), color: MUTED, breakLine: true, paraSpaceBefore: pt(2), lineSpacing: pt(28) } });
        };
        figure(c.volunteers, 'volontari');
        if (anyKm) figure(c.km, 'km percorsi');
        if (anyAids) figure(c.aids, 'ausili forniti');
        figure(c.hours, 'ore di volontariato');
        return runs;
      };
      const innerW = w - 2 * border - 2 * padX;
      const textH = Math.max(...cards.map((c) => heightOf(runsOfCard(c), innerW)));
      const cardH = Math.min(bottom - top, textH + top8 + border + 2 * padY);
      const cardY = top + (bottom - top - cardH) / 2;
      cards.forEach((c, i) => {
        const x = MARGIN + i * (w + gap);
        slide.addShape('rect', { x: px(x), y: px(cardY), w: px(w), h: px(cardH), fill: { color: 'FFFFFF' }, line: { color: RULE, width: pt(border) } });
        slide.addShape('rect', { x: px(x), y: px(cardY), w: px(w), h: px(top8), fill: { color: look.accent }, line: { color: look.accent, width: 0 } });
        text(ctx, slide, runsOfCard(c), x + border + padX, cardY + top8 + padY, innerW, cardH - top8 - border - 2 * padY);
      });
      return;
    }
    case 'text': {
      const p = s.content.item as { subtitle?: string; promoter?: string; funder?: string; promotedAndFunded?: boolean; sites: string[]; aims: string[] };
      const credits = p.promotedAndFunded ? `Promosso e finanziato da ${p.promoter}` : [p.promoter && `Promosso da ${p.promoter}`, p.funder && `Finanziato da ${p.funder}`].filter(Boolean).join(' · ');
      // As on the deck: who and where on top, then the objectives as boxes filling the rest of the slide.
      const gap = 24;
      let y = top - 8;
      const runs: TextRun[] = [];
      let h = 0;
      if (p.subtitle) {
        runs.push({ text: p.subtitle, options: { fontSize: pt(BODY_PX), italic: true, color: look.ink, breakLine: true } });
        h += 36;
      }
      if (credits) {
        runs.push({ text: credits, options: { fontSize: pt(24), color: MUTED, breakLine: true, paraSpaceBefore: runs.length ? 8 : 0 } });
        h += 32 + (runs.length > 1 ? 11 : 0);
      }
      p.sites.forEach((site, i) => {
        runs.push({ text: site, options: { fontSize: pt(BODY_PX), bullet: { ...BULLET, indent: pt(1.1 * BODY_PX) }, breakLine: true, paraSpaceBefore: i === 0 && runs.length ? 12 : 4 } });
        h += 36 + 6 + (i === 0 && runs.length > 1 ? 16 : 0);
      });
      if (runs.length) {
        text(ctx, slide, runs, MARGIN, y, INNER, h);
        y += h + gap;
      }
      if (!p.aims.length) return;
      text(ctx, slide, 'OBIETTIVI', MARGIN, y, INNER, 32, { fontSize: pt(24), bold: true, color: look.accent, charSpacing: 2 });
      y += 32 + 16;
      const columns = p.aims.length === 3 ? 3 : p.aims.length === 1 ? 1 : 2;
      const rows = Math.ceil(p.aims.length / columns);
      const w = (INNER - gap * (columns - 1)) / columns;
      const boxH = (bottom - y - gap * (rows - 1)) / rows;
      const [aimW, aimH] = [w - 8 - 40, boxH - 24];
      // One size for every objective: the smallest that lets the longest fit its box (a box set smaller than
      // the others beside it reads as a mistake).
      const aimSize = Math.min(...p.aims.map((aim) => sizeToFit(aim, aimW, aimH, { fontSize: pt(BODY_PX) })));
      p.aims.forEach((aim, i) => {
        const x = MARGIN + (i % columns) * (w + gap);
        const by = y + Math.floor(i / columns) * (boxH + gap);
        slide.addShape('rect', { x: px(x), y: px(by), w: px(w), h: px(boxH), fill: { color: BAND }, line: { color: BAND } });
        slide.addShape('rect', { x: px(x), y: px(by), w: px(8), h: px(boxH), fill: { color: look.accent }, line: { color: look.accent } });
        text(ctx, slide, aim, x + 8 + 20, by + 12, aimW, aimH, { fontSize: aimSize, color: look.ink });
      });
      return;
    }
    case 'brief': {
      // The year in brief as a table, as on the deck: each move, its figure, its change, last year's figure.
      const labels = (fields.labels ?? {}) as Record<string, string>;
      const moves = (s.content.listItems ?? []) as Move[];
      const rowH = Math.min(60, (bottom - top) / Math.max(1, moves.length));
      const margin = 6;
      // slides.css .moves: 28 px, the figure 36 px, last year's 24 px; each cell on one line. Set smaller
      // together (not under 24 px) where the columns would not fit the slide's width in a wider font.
      const at = (k: number) => {
        const size = (px: number) => pt(Math.max(MIN_PX, Math.round(px * k)));
        return moves.map((m) => {
          const c = m.change;
          const way = c.trend === 'up' ? '▲ ' : c.trend === 'down' ? '▼ ' : '= ';
          const changeText = `${way}${c.trend === 'flat' ? 'stabile, ' : ''}${formatSigned(c.diff)}${c.ratio ? ` (${formatSignedPercent(c.ratio)})` : ''}`;
          // A district's line under its headline, with its colour's swatch, as on the deck.
          const name: string | TextRun[] = m.district ? [{ text: '■ ', options: { color: hex(m.district.colour) } }, { text: m.district.district }] : (labels[m.key] ?? m.key);
          const cells: [string | TextRun[], PptxGenJS.TableCellProps][] = [
            [name, { bold: !m.district, fontSize: size(28), margin: [2, margin, 2, m.district ? 30 : margin] }],
            [formatNumber(m.current), { bold: true, fontSize: size(36), align: 'right' }],
            [changeText, { bold: c.trend === 'down', fontSize: size(28) }],
            [`nel ${m.previousYear}: ${formatNumber(m.previous)}`, { color: MUTED, fontSize: size(24), align: 'right' }],
          ];
          return cells;
        });
      };
      const widths = (rows: ReturnType<typeof at>) =>
        rows[0].map((_, col) =>
          Math.max(...rows.map((r) => widthOf(r[col][0], { fontSize: r[col][1].fontSize, bold: r[col][1].bold }) + (2 * margin) / 0.75 + (col === 0 && typeof r[col][0] !== 'string' ? 24 / 0.75 : 0))),
        );
      let k = 1;
      while (k > 0.7 && widths(at(k)).reduce((a, b) => a + b, 0) > INNER) k -= 0.02;
      const table = at(k);
      const need = widths(table);
      // The room left goes between the figures and their changes, as the deck's columns share it.
      const spare = Math.max(0, INNER - need.reduce((a, b) => a + b, 0));
      const colW = [need[0] + spare / 2, need[1], need[2] + spare / 2, need[3]];
      const rows: PptxGenJS.TableRow[] = table.map((r) =>
        r.map(([t, o]) => ({
          text: typeof t === 'string' ? typeset(t) : t,
          options: { ...base(look), color: look.ink, valign: 'middle', margin: [2, margin, 2, margin], border: [{ type: 'none' }, { type: 'none' }, { pt: 0.5, color: RULE }, { type: 'none' }], ...o },
        })),
      );
      if (rows.length) slide.addTable(rows, { x: px(MARGIN), y: px(top), w: px(INNER), colW: colW.map(px), rowH: px(rowH), autoPage: false });
      return;
    }
    default: {
      // A kind added to the outline without a layout here: its texts, and its chart if any.
      const bodyH = body ? heightOf(body, INNER, { fontSize: pt(28) }) : 0;
      if (body) text(ctx, slide, body, MARGIN, top, INNER, bodyH, { fontSize: pt(28), color: MUTED });
      chartAt(ctx, slide, chart, MARGIN, body ? top + bodyH + 16 : top, INNER, bottom - top - (body ? bodyH + 16 : 0));
    }
  }
}

const MASTER_OF: Record<string, string> = { title: 'Copertina', section: 'Divisore', closing: 'Chiusura' };

/** The presentation as bytes; the same input gives the same bytes. */
export async function pptx(input: PptxInput): Promise<Buffer> {
  const { figures: f } = input;
  const look = lookOf(input);
  const p = new PptxGenJS();
  p.layout = 'LAYOUT_WIDE'; // 13.333 x 7.5 in: 16:9, 1280x720 px at 96 to the inch
  p.author = f.organisation;
  p.company = f.organisation;
  p.title = f.assembly ? `${f.assembly.title} · ${formatDate(f.assembly.date)}` : `${f.organisation} ${f.year}`;
  p.subject = `I dati dell'anno ${f.year}`;
  p.theme = { headFontFace: look.font, bodyFontFace: look.font, lang: 'it-IT' } as PptxGenJS.ThemeProps;
  defineMasters(p, f, look, input.footer);
  const ctx: Ctx = { pptx: p, look, figures: f, input, fallbacks: new Map(), charts: [] };
  const sections: string[] = [];
  for (const s of input.slides) {
    if (s.opensSection && !sections.includes(s.section)) {
      sections.push(s.section);
      p.addSection({ title: s.section });
    }
    const slide = p.addSlide({ masterName: MASTER_OF[s.kind] ?? 'Contenuto', sectionTitle: sections.includes(s.section) ? s.section : undefined });
    layout(slide, s, ctx);
    if (s.notes) slide.addNotes(s.notes);
  }
  const raw = (await p.write({ outputType: 'nodebuffer', compression: false })) as Buffer;
  const font = input.fontFiles && (await embeddableFont(look.font, input.fontFiles));
  const fonts: EmbeddedFont[] = font ? [font] : [];
  return editParts(raw, { date: new Date(input.buildDate), fallbacks: ctx.fallbacks, charts: ctx.charts, fonts, bulletColour: look.accent });
}
