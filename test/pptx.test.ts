/** deck.pptx: read as a program would (its zip parts) and opened by a real client (LibreOffice Impress,
 * headless, converting it to PDF with an Italian profile). The real data, plus speaker notes and text
 * with markup typed into it. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber, typeset } from '../src/format.js';
import { NUMBER_FORMAT } from '../src/pptx.js';

/** The smallest text deck.pptx writes on a slide: 18 pt, 24 px of the 1280 px slide. */
const MIN_PX = 24;

import { type FitParagraph, fitIn } from '../src/pptx-fit.js';
import { dataCopy, decodeEntities, expectOverfullMessage, libreOfficeProfile, overfullDataCopy, ROOT as ROOT_DIR, runCli, SOFFICE } from './support.js';

const run = promisify(execFile);
const cli = (argv: string[], env: Record<string, string> = {}) => runCli(argv, { env });

let work: string;
let data: string;
let out: string;
let zip: JSZip;
let deckHtml: string;
/** The slides of deck.html, in order. */
let htmlSlides: { id: string; title: string; notes?: string; kicker?: string }[];

const NOTE_RETE = 'Ricordare che due associazioni sono provinciali: «non» contano in un ambito & vanno dette a parte.';
const NOTE_KM = 'I km del 2024 sono quelli corretti dopo la stampa.';
const MARKUP = 'Un nuovo <b>modo</b> di stare {{year}} in rete';

const xml = (name: string) => zip.file(name)!.async('string');
const slideNames = () =>
  Object.keys(zip.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
/** The text of a part's paragraphs, entities decoded. */
const textOf = (part: string) => decode([...part.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(' '));
const decode = decodeEntities;
const flat = (t: string) => t.replace(/\s+/g, ' ').trim();
/** The title placeholder's text in a slide part. */
function titleOf(slide: string): string | undefined {
  for (const sp of slide.split('<p:sp>').slice(1)) {
    if (/<p:ph[^>]*type="title"/.test(sp)) return textOf(sp.split('</p:sp>')[0]);
  }
  return undefined;
}
/** The part a relationship of `part` points to. */
async function related(part: string, type: RegExp): Promise<string[]> {
  const rels = `${path.posix.dirname(part)}/_rels/${path.posix.basename(part)}.rels`;
  const text = (await zip.file(rels)?.async('string')) ?? '';
  return [...text.matchAll(/<Relationship [^>]*>/g)]
    .map((m) => m[0])
    .filter((r) => type.test(/Type="([^"]+)"/.exec(r)![1]))
    .map((r) => /Target="([^"]+)"/.exec(r)![1])
    .map((t) => (t.startsWith('/') ? t.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(part), t))));
}
/** Numbers of each series of a chart part: [name, values][]. */
function seriesOf(chart: string): [string, number[]][] {
  return [...chart.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => {
    const ser = m[1];
    const name = decode(/<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(ser)![1]);
    const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(ser)![1];
    return [name, [...val.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((v) => Number(v[1]))];
  });
}

const px = (emu: string | number) => Number(emu) / 9525;
/** The shapes of a slide part: place in px of the 1280x720 slide, text, fill colours, preset geometry. */
function shapesOf(slide: string) {
  return [...slide.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].map((m) => {
    const off = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(m[1]);
    const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(m[1]);
    const [x, y, w, h] = [off?.[1], off?.[2], ext?.[1], ext?.[2]].map((v) => px(v ?? 0));
    const fill = /<p:spPr>[\s\S]*?<a:solidFill><a:srgbClr val="([0-9A-F]{6})"/.exec(m[1])?.[1];
    const colours = [...m[1].matchAll(/<a:rPr[^>]*>\s*<a:solidFill><a:srgbClr val="([0-9A-F]{6})"/g)].map((c) => c[1]);
    return { x, y, w, h, text: flat(textOf(m[1])), fill, colours, geometry: /<a:prstGeom prst="(\w+)"/.exec(m[1])?.[1], xml: m[1] };
  });
}
/** The text boxes and table cells of a slide part as a reader lays them out: place and insets in px, wrapped or not, and
 * their paragraphs (sizes, bold, letter spacing, line and paragraph spacing, a bullet's indent). */
function textBoxesOf(slide: string) {
  const doc = new DOMParser().parseFromString(slide, 'text/xml');
  const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  const kids = (e: Element, local: string) => Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === local);
  const kid = (e: Element | undefined, local: string) => (e ? kids(e, local)[0] : undefined);
  const num = (e: Element | undefined, attr: string, fallback: number) => (e?.getAttribute(attr) ? Number(e.getAttribute(attr)) : fallback);
  const ptPx = (hundredths: number) => hundredths / 100 / 0.75;
  const paragraphsOf = (body: Element): FitParagraph[] => {
    // A run without a size of its own has its list style's (the slide number's).
    const listSize = num(kid(kid(kid(body, 'lstStyle'), 'lvl1pPr'), 'defRPr'), 'sz', 1800);
    return kids(body, 'p').map((p) => {
      const pPr = kid(p, 'pPr');
      const spacing = (local: string) => kid(kid(pPr, local), 'spcPts');
      const runs = Array.from(p.childNodes)
        .filter((n): n is Element => n.nodeType === 1 && ['r', 'br', 'fld'].includes((n as Element).localName!))
        .map((r) => {
          const rPr = kid(r, 'rPr');
          const size = ptPx(num(rPr, 'sz', listSize));
          return { text: r.localName === 'br' ? '\n' : (kid(r, 't')?.textContent ?? ''), size, bold: rPr?.getAttribute('b') === '1', spacing: ptPx(num(rPr, 'spc', 0)) };
        });
      const line = spacing('lnSpc');
      const pct = kid(kid(pPr, 'lnSpc'), 'spcPct');
      return {
        runs,
        line: line ? ptPx(num(line, 'val', 0)) : undefined,
        scale: pct ? num(pct, 'val', 100000) / 100000 : undefined,
        before: ptPx(num(spacing('spcBef'), 'val', 0)),
        after: ptPx(num(spacing('spcAft'), 'val', 0)),
        indent: px(num(pPr, 'marL', 0)),
      };
    });
  };
  const text = (paragraphs: FitParagraph[]) => flat(paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join(' '));
  // Table cells: each on one line in its column (the deck's tables do not wrap); a cell is as tall as it needs.
  const cells = Array.from(doc.getElementsByTagNameNS(A, 'tbl')).flatMap((tbl) => {
    const columns = Array.from(tbl.getElementsByTagNameNS(A, 'gridCol')).map((c) => px(c.getAttribute('w')!));
    return Array.from(tbl.getElementsByTagNameNS(A, 'tr')).flatMap((tr) =>
      kids(tr as unknown as Element, 'tc').map((tc, i) => {
        const tcPr = kid(tc, 'tcPr');
        const paragraphs = paragraphsOf(kid(tc, 'txBody')!);
        return { x: 0, y: 0, w: columns[i] - px(num(tcPr, 'marL', 91440)) - px(num(tcPr, 'marR', 91440)), h: Number.POSITIVE_INFINITY, wrap: false, paragraphs, text: text(paragraphs) };
      }),
    );
  });
  const boxes = Array.from(doc.getElementsByTagNameNS(P, 'sp')).flatMap((sp) => {
    const body = kid(sp as unknown as Element, 'txBody');
    const xfrm = sp.getElementsByTagNameNS(A, 'xfrm')[0] as unknown as Element | undefined;
    if (!body || !xfrm) return [];
    const off = kid(xfrm, 'off')!;
    const ext = kid(xfrm, 'ext')!;
    const pr = kid(body, 'bodyPr')!;
    const paragraphs = paragraphsOf(body);
    const ins = (side: string, fallback: number) => px(num(pr, side, fallback));
    return [
      {
        x: px(off.getAttribute('x')!),
        y: px(off.getAttribute('y')!),
        w: px(ext.getAttribute('cx')!) - ins('lIns', 91440) - ins('rIns', 91440),
        h: px(ext.getAttribute('cy')!) - ins('tIns', 45720) - ins('bIns', 45720),
        wrap: pr.getAttribute('wrap') !== 'none',
        paragraphs,
        text: text(paragraphs),
      },
    ];
  });
  return [...boxes, ...cells];
}
/** The chart frames of a slide part, in px. */
function framesOf(slide: string) {
  return [...slide.matchAll(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g)]
    .filter((f) => f[0].includes('drawingml/2006/chart'))
    .map((f) => {
      const [, x, y] = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(f[0])!;
      const [, w, h] = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(f[0])!;
      return { x: px(x), y: px(y), w: px(w), h: px(h) };
    });
}
/** The text box just above each chart frame of a slide: its heading. */
async function headingBoxes(name: string) {
  const slide = await xml(name);
  const shapes = shapesOf(slide);
  return framesOf(slide).map((f) => shapes.find((s) => s.text && Math.abs(s.y + s.h + 8 - f.y) < 2 && s.x >= f.x - 1 && s.x + s.w <= f.x + f.w + 1)!);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'assemblea-pptx-'));
  data = await dataCopy(path.join(work, 'data'), {
    '2025.yaml': (t) => `${t.replace('sottotitolo: Un nuovo modo di stare in rete', `sottotitolo: "${MARKUP}"`)}\nnote:\n  rete: "${NOTE_RETE}"\n  km: ${NOTE_KM}\n`,
  });
  // The long form's share of municipalities (docs/long-form-slides.yaml) pasted into the network's own
  // outline after the map, as the office guide says: the squares slide that deck.pptx draws natively.
  const outline = readFileSync(path.join(ROOT_DIR, 'templates', 'slides.yaml'), 'utf8');
  const longForm = readFileSync(path.join(ROOT_DIR, 'docs', 'long-form-slides.yaml'), 'utf8');
  const squaresEntry = longForm
    .slice(longForm.indexOf('\n- id: convenzioni-comuni\n') + 1)
    .split(/\n(?=- id: )/)[0]
    .trimEnd();
  mkdirSync(path.join(data, 'modelli'), { recursive: true });
  writeFileSync(path.join(data, 'modelli', 'slides.yaml'), outline.replace(/^- id: sezione-soci$/m, `${squaresEntry}\n\n- id: sezione-soci`));
  out = path.join(work, 'out');
  // deck.pdf too: LibreOffice's render of deck.pptx is compared with it.
  const r = await cli(['build', '--data', data, '--out', out, '--only', 'html,pdf,pptx', '--quiet']);
  expect(r.stderr).not.toMatch(/errore/);
  expect(r.code).toBe(0);
  zip = await JSZip.loadAsync(readFileSync(path.join(out, '2025', 'deck.pptx')));
  deckHtml = readFileSync(path.join(out, '2025', 'deck.html'), 'utf8');
  htmlSlides = [...deckHtml.matchAll(/<section class="slide [^"]*" id="([^"]+)"[^>]*aria-label="\d+ di \d+: ([^"]*)">([\s\S]*?)<\/section>/g)].map((m) => ({
    id: m[1],
    title: m[2]
      .replace(/&#x27;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#x3D;/g, '='),
    notes: /<aside class="notes" hidden>([^<]*)<\/aside>/.exec(m[3])?.[1],
    // A content slide's kicker, or a divider's (its number and its part's name over its title).
    kicker: /<p class="(?:slide-section|divider-kicker)">([\s\S]*?)<\/p>/.exec(m[3])?.[1].replace(/<[^>]+>/g, ''),
  }));
}, 180_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('deck.pptx, read part by part', () => {
  it('is written by build beside deck.html, 16:9, with the same slides in the same order, each titled in its title placeholder', async () => {
    const presentation = await xml('ppt/presentation.xml');
    const size = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(presentation)!;
    expect(Number(size[1]) / Number(size[2])).toBeCloseTo(16 / 9, 3);
    expect(htmlSlides.length).toBeGreaterThan(25);
    const names = slideNames();
    expect(names).toHaveLength(htmlSlides.length);
    const titles = await Promise.all(names.map(async (n) => titleOf(await xml(n))));
    // One set of properties per paragraph (more is invalid: PowerPoint offers to repair the file).
    for (const n of names) for (const [, p] of (await xml(n)).matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) expect(p.match(/<a:pPr\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(titles).toEqual(htmlSlides.map((s) => s.title));
    // Slides left out for missing data are left out here too.
    expect(titles).not.toContain('Consegna pasti, spesa e farmaci');
    // The masters' layouts have the title placeholder a slide added by hand gets.
    const layouts = Object.keys(zip.files).filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n));
    for (const l of layouts.filter((n) => !n.endsWith('slideLayout1.xml'))) expect(await xml(l)).toMatch(/<p:ph[^>]*type="title"/);
  });

  it('puts the kicker of deck.html over each title, in caps, and none where the deck has none', async () => {
    const kickers = await Promise.all(
      slideNames().map(async (n) => {
        // The kicker's box: bold capitals above the title (no other text on a slide is all capitals).
        const texts = [...(await xml(n)).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1]));
        return texts.find((t) => /\p{Lu}{3}/u.test(t) && t === t.toLocaleUpperCase('it'));
      }),
    );
    expect(htmlSlides.filter((s) => s.kicker).length).toBeGreaterThan(10);
    // (The title slide writes the organisation in capitals: no kicker there on either.)
    const content = (_: unknown, i: number) => htmlSlides[i].id !== 'copertina';
    expect(kickers.filter(content)).toEqual(htmlSlides.map((s) => s.kicker && decode(s.kicker).toLocaleUpperCase('it')).filter(content));
  });

  it('every chart is a native bar chart with its own workbook, alt text, Italian thousands and the figures of the data', async () => {
    const charts: { title: string; descr: string; series: [string, number[]][]; part: string }[] = [];
    for (const name of slideNames()) {
      const slide = await xml(name);
      const chartParts = await related(name, /\/chart$/);
      for (const [i, frame] of [...slide.matchAll(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g)].filter((f) => f[0].includes('drawingml/2006/chart')).entries()) {
        const descr = /descr="([^"]*)"/.exec(frame[0])![1];
        const part = chartParts[i];
        const chart = await xml(part);
        expect(chart).toMatch(/<c:barChart>/);
        // Thousands with a stop whatever the reader's language: a literal, not the locale's separator ("#,##0").
        const codes = [...chart.matchAll(/<c:dLbls>[\s\S]*?<\/c:dLbls>|<c:valAx>[\s\S]*?<\/c:valAx>/g)].flatMap((m) => [...m[0].matchAll(/<c:numFmt formatCode="([^"]*)"/g)].map((c) => decode(c[1])));
        expect(codes.length).toBeGreaterThan(1);
        for (const code of codes) expect(code, part).toBe(NUMBER_FORMAT);
        expect(chart).not.toContain('#,##0');
        expect(chart).toMatch(/<c:showVal val="1"\/>/);
        // "Modifica dati": the chart's own workbook, holding the same figures.
        const [workbook] = await related(part, /\/package$/);
        expect(workbook).toMatch(/\.xlsx$/);
        const book = await JSZip.loadAsync(await zip.file(workbook)!.async('uint8array'));
        const sheet = await book.file('xl/worksheets/sheet1.xml')!.async('string');
        const cells = new Set([...sheet.matchAll(/<v>([^<]*)<\/v>/g)].map((m) => Number(m[1])));
        const series = seriesOf(chart);
        for (const [, values] of series) for (const v of values) expect(cells.has(v)).toBe(true);
        charts.push({ title: /name="([^"]*)"/.exec(frame[0])![1], descr, series, part });
      }
    }
    expect(charts.length).toBeGreaterThan(13);
    for (const c of charts) expect(c.descr.length).toBeGreaterThan(20);
    const byTitle = (t: string) => charts.filter((c) => c.title === t);
    // The seed's figures.
    // The three districts and the two provincial associations: the 52 of the title.
    expect(byTitle('Associazioni per ambito 2025')[0].series).toEqual([['Associazioni per ambito', [28, 19, 3, 2]]]);
    expect(byTitle('Associazioni per ambito 2025')[0].descr).toContain('Cremasco 28');
    expect(byTitle('Soci per ambito 2024–2025').map((c) => c.series)).toEqual([[['Cremasco', [3458, 3503]]], [['Cremonese', [3193, 3279]]], [['Casalasco', [719, 696]]]]);
    expect(byTitle('Soci per ambito 2020–2025')[0].series).toEqual([
      ['Cremasco', [3308, 3014, 3175, 3288, 3458, 3503]],
      ['Cremonese', [3019, 2870, 2999, 3188, 3193, 3279]],
      ['Casalasco', [607, 561, 624, 677, 719, 696]],
    ]);
    const vehicles = byTitle('Automezzi per ambito e tipo 2025').map((c) => c.series[0]);
    // The equipped vehicles are a part of the fleet, said in the slide's text, not a third panel.
    expect(vehicles).toEqual([
      ['Di proprietà', [19, 32, 4]],
      ["In comodato d'uso", [31, 11, 1]],
    ]);
    // A whole's parts inside its bar, as on the deck: the hospital accesses' bar is its two parts, their rows hold no
    // bar of their own, so the bars add up to the 40.725 services, not 61.632.
    const mobility = byTitle('Servizi di mobilità sociale 2025')[0];
    expect(await xml(mobility.part)).toMatch(/<c:grouping val="stacked"\/>/);
    expect(mobility.series).toEqual([
      ['Servizi di mobilità sociale', [13116, 6702]],
      ['di cui negli ospedali pubblici', [10573]],
      ['di cui in altre strutture', [10334]],
    ]);
    expect(mobility.series.flatMap(([, v]) => v).reduce((a, b) => a + b)).toBe(40725);
    // Its parts' lines a line apart, close under their bar; the next bar after a gap of its own.
    const mobilitySlide = shapesOf(await xml(slideNames()[htmlSlides.findIndex((s) => s.id === 'mobilita-totali')]));
    const lines = mobilitySlide.filter((b) => b.text.startsWith('di cui')).sort((a, b) => a.y - b.y);
    expect(lines).toHaveLength(2);
    expect(lines[1].y - lines[0].y).toBeLessThanOrEqual(40);
    const next = mobilitySlide.find((b) => b.text.startsWith('13.116'))!;
    expect(next.y - (lines[1].y + lines[1].h)).toBeGreaterThan(lines[1].y - (lines[0].y + lines[0].h) + 24);
    expect(byTitle('Prestazioni e assistiti 2023–2025').map((c) => c.series)).toEqual([[['Prestazioni', [72942, 79614, 79331]]], [['Assistiti', [6546, 8416, 8754]]]]);
    // Colour means district: the associations' chart colours its bars with the districts' colours from rete.yaml.
    const rete = readFileSync(path.join(data, 'rete.yaml'), 'utf8');
    const colours = [...rete.matchAll(/colore:\s*["']?#([0-9a-fA-F]{6})/g)].map((m) => m[1].toUpperCase());
    expect(colours).toHaveLength(3);
    const members = await xml(byTitle('Associazioni per ambito 2025')[0].part);
    for (const c of colours) expect(members).toContain(`<a:srgbClr val="${c}"`);
  });

  it('the figure of every unstacked bar or column stands clear of it, as on the deck: moved 6 px or more past where its position puts it', async () => {
    const C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
    const kids = (e: Element, local: string) => Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === local);
    const tight: string[] = [];
    let labels = 0;
    for (const name of slideNames()) {
      const frames = framesOf(await xml(name));
      const parts = await related(name, /\/chart$/);
      for (const [i, frame] of frames.entries()) {
        const doc = new DOMParser().parseFromString(await xml(parts[i]), 'text/xml');
        const bar = doc.getElementsByTagNameNS(C, 'barChart')[0] as unknown as Element;
        if (kids(bar, 'grouping')[0].getAttribute('val') === 'stacked') continue;
        const across = kids(bar, 'barDir')[0].getAttribute('val') === 'bar';
        for (const ser of kids(bar, 'ser')) {
          const points = Array.from(ser.getElementsByTagNameNS(C, 'val')[0].getElementsByTagNameNS(C, 'pt')).map((p) => Number(p.getAttribute('idx')));
          const own = new Map(kids(kids(ser, 'dLbls')[0], 'dLbl').map((d) => [Number(kids(d, 'idx')[0].getAttribute('val')), d]));
          for (const idx of points) {
            labels++;
            const layout = own.get(idx)?.getElementsByTagNameNS(C, 'manualLayout')[0] as unknown as Element | undefined;
            const at = (axis: string) => Number(layout ? (kids(layout, axis)[0]?.getAttribute('val') ?? 0) : 0);
            const moved = across ? at('x') * frame.w : -at('y') * frame.h;
            if (moved < 6) tight.push(`${parts[i]} point ${idx}: ${moved.toFixed(1)} px`);
          }
        }
      }
    }
    expect(labels).toBeGreaterThan(40);
    expect(tight).toEqual([]);
  });

  it('every chart measures its bars from zero, and its text is 18 pt or more', async () => {
    const parts = Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
    expect(parts.length).toBeGreaterThan(13);
    for (const part of parts) {
      const chart = await xml(part);
      // Totale prestazioni 72.942 is not drawn as half of 79.614.
      const valAx = /<c:valAx>[\s\S]*?<\/c:valAx>/.exec(chart)![0];
      expect(valAx, part).toMatch(/<c:scaling>[\s\S]*<c:min val="0"\/>[\s\S]*<\/c:scaling>/);
      // Category labels, data labels, legend and title: at least PowerPoint's accessibility floor.
      const sizes = [...chart.matchAll(/\bsz="(\d+)"/g)].map((m) => Number(m[1]));
      expect(sizes.length, part).toBeGreaterThan(1);
      expect(Math.min(...sizes), part).toBeGreaterThanOrEqual(1800);
      // A horizontal bar leaves room after it for its value.
      if (chart.includes('<c:barDir val="bar"/>')) {
        const max = Number(/<c:valAx>[\s\S]*?<c:max val="([^"]+)"\/>/.exec(chart)?.[1]);
        expect(max, part).toBeGreaterThanOrEqual(1.25 * Math.max(...seriesOf(chart).flatMap(([, v]) => v)));
      }
    }
    // Panels on a shared scale (automezzi): the same figure is the same length in each.
    const i = htmlSlides.findIndex((s) => s.id === 'automezzi');
    const vehicles = await related(slideNames()[i], /\/chart$/);
    expect(vehicles).toHaveLength(2);
    const maxima = await Promise.all(vehicles.map(async (p) => /<c:valAx>[\s\S]*?<c:max val="([^"]+)"\/>/.exec(await xml(p))?.[1]));
    expect(new Set(maxima).size).toBe(1);
    expect(maxima[0]).toBeDefined();
  });

  it('a year-on-year chart (soci, km) has the years under its columns, each district apart, on one scale, with no legend', async () => {
    for (const id of ['soci-crescita', 'km']) {
      const i = htmlSlides.findIndex((s) => s.id === id);
      expect(i, id).toBeGreaterThan(-1);
      const parts = await related(slideNames()[i], /\/chart$/);
      expect(parts, id).toHaveLength(3);
      const maxima = new Set<string>();
      const headings: string[] = [];
      for (const part of parts) {
        const chart = await xml(part);
        // Grey legend swatches beside district-coloured bars said nothing: no legend.
        expect(chart, id).not.toContain('<c:legend>');
        const cat = /<c:cat>([\s\S]*?)<\/c:cat>/.exec(chart)![1];
        expect(
          [...cat.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]),
          id,
        ).toEqual(['2024', '2025']);
        // The earlier year lighter, in the district's colour.
        expect(chart.match(/<c:dPt>/g), id).toHaveLength(2);
        maxima.add(/<c:valAx>[\s\S]*?<c:max val="([^"]+)"\/>/.exec(chart)![1]);
        expect(chart, id).not.toContain('<c:title>');
      }
      // Each panel's heading is a text box above it, all of one height and one top: rows line up whatever the font.
      const boxes = await headingBoxes(slideNames()[i]);
      headings.push(...boxes.map((b) => b.text));
      expect(new Set(boxes.map((b) => `${Math.round(b.y)} ${Math.round(b.h)}`)).size, id).toBe(1);
      expect(maxima.size, id).toBe(1);
    }
    const soci = await xml((await related(slideNames()[htmlSlides.findIndex((s) => s.id === 'soci-crescita')], /\/chart$/))[0]);
    expect(seriesOf(soci)[0][1]).toEqual([3458, 3503]);
  });

  it('the objectives of a project are boxes filling the slide, as on the deck: 2x2 for four, a row of three for three', async () => {
    /** Shapes of a slide with their place in px of the 1280x720 slide and their text. */
    const shapes = (slide: string) =>
      [...slide.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].map((m) => {
        const off = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(m[1]);
        const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(m[1]);
        const [x, y, w, h] = [off?.[1], off?.[2], ext?.[1], ext?.[2]].map((v) => Number(v ?? 0) / 9525);
        return { x, y, w, h, text: flat(textOf(m[1])), band: m[1].includes('<a:srgbClr val="EEF3F8"/>') && !m[1].includes('<a:t>') };
      });
    const cases: [string, number, number][] = [
      ['Progetto «Invecchiamento attivo»', 2, 2],
      ['Progetto «Strade condivise»', 3, 1],
    ];
    for (const [title, columns, rows] of cases) {
      const i = htmlSlides.findIndex((s) => s.title === title);
      expect(i, title).toBeGreaterThan(-1);
      const all = shapes(await xml(slideNames()[i]));
      const aims = all.filter((s) => /^(Animatori|Potenziamento|Prevenzione|Coinvolgimento|Garantire|Connettere|Avviare)/.test(s.text));
      expect(aims, title).toHaveLength(columns * rows);
      // Each objective alone in its box, on a band-coloured box.
      const boxes = all.filter((s) => s.band);
      expect(boxes, title).toHaveLength(columns * rows);
      for (const a of aims)
        expect(
          boxes.some((b) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w + 1 && a.y + a.h <= b.y + b.h + 1),
          a.text,
        ).toBe(true);
      expect(new Set(boxes.map((b) => Math.round(b.x))).size, title).toBe(columns);
      expect(new Set(boxes.map((b) => Math.round(b.y))).size, title).toBe(rows);
      // The boxes fill the slide down to the body's bottom: no empty bottom half.
      expect(Math.max(...boxes.map((b) => b.y + b.h)), title).toBeGreaterThan(640);
      expect(Math.min(...boxes.map((b) => b.y)), title).toBeLessThan(400);
      // Every objective at one size: a box set smaller than the ones beside it reads as a mistake.
      const slide = await xml(slideNames()[i]);
      const sizes = [...slide.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)]
        .filter((m) => /<a:t>(Animatori|Potenziamento|Prevenzione|Coinvolgimento|Garantire|Connettere|Avviare)/.test(m[1]))
        .map((m) => /<a:rPr[^>]* sz="(\d+)"/.exec(m[1])?.[1]);
      expect(sizes, title).toHaveLength(columns * rows);
      expect(new Set(sizes).size, `${title}: ${sizes}`).toBe(1);
    }
  });

  it('writes the total of each stack over its column and the change from the year before over the column of prestazioni and assistiti', async () => {
    const px = (emu: string | number) => Number(emu) / 9525;
    /** The chart frame of a slide (px), its plot area as placed (fractions) and its scale's end. */
    async function frameOf(id: string) {
      const name = slideNames()[htmlSlides.findIndex((s) => s.id === id)];
      const slide = await xml(name);
      const frame = /<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/.exec(slide)![0];
      const [, x, y] = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(frame)!;
      const [, w, h] = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(frame)!;
      const chart = await xml((await related(name, /\/chart$/))[0]);
      const layout = /<c:plotArea>\s*<c:layout>\s*<c:manualLayout>([\s\S]*?)<\/c:manualLayout>/.exec(chart)![1];
      const f = (k: string) => Number(new RegExp(`<c:${k} val="([^"]+)"`).exec(layout)![1]);
      const max = Number(/<c:valAx>[\s\S]*?<c:max val="([^"]+)"\/>/.exec(chart)![1]);
      const boxes = [...slide.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].map((m) => {
        const o = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(m[1])!;
        const e = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(m[1])!;
        return { text: flat(textOf(m[1])), cx: px(o[1]) + px(e[1]) / 2, bottom: px(o[2]) + px(e[2]) };
      });
      const plot = { x: px(x) + px(w) * f('x'), y: px(y) + px(h) * f('y'), w: px(w) * f('w'), h: px(h) * f('h') };
      return { plot, max, boxes, series: seriesOf(chart) };
    }
    const cases: [string, string[], 'total' | 'change'][] = [
      ['soci-storico', ['6.934', '6.445', '6.798', '7.153', '7.370', '7.478'], 'total'],
      ['prestazioni-assistiti', ['', '+6.672', '−283'], 'change'],
    ];
    for (const [id, texts, kind] of cases) {
      const { plot, max, boxes, series } = await frameOf(id);
      const n = texts.length;
      texts.forEach((t, i) => {
        if (!t) return;
        const box = boxes.find((b) => b.text === t);
        expect(box, `${id} ${t}`).toBeDefined();
        // Centred over its column ...
        expect(Math.abs(box!.cx - (plot.x + ((i + 0.5) * plot.w) / n)), `${id} ${t}`).toBeLessThan(2);
        // ... and just over its top (over the value label, for a change).
        const height = kind === 'total' ? series.reduce((a, [, v]) => a + v[i], 0) : series[0][1][i];
        const top = plot.y + plot.h * (1 - height / max);
        expect(box!.bottom, `${id} ${t}`).toBeLessThanOrEqual(top);
        expect(box!.bottom, `${id} ${t}`).toBeGreaterThan(top - (kind === 'total' ? 12 : 50));
      });
      // The first year has nothing to compare with: no change written over it.
      if (kind === 'change') expect(boxes.some((b) => /^[+−]/.test(b.text) && Math.abs(b.cx - (plot.x + (0.5 * plot.w) / n)) < 2)).toBe(false);
    }
    // The people assisted beside the services, on one slide: two changes over each panel.
    const both = await frameOf('prestazioni-assistiti');
    expect(both.boxes.filter((b) => /^[+−]\d/.test(b.text)).map((b) => b.text)).toEqual(['+6.672', '−283', '+1.870', '+338']);
  });

  it("writes the sentence on the chart's last bar under the chart, and a big number alone on the left margin, as deck.html does", async () => {
    const slideOf = async (id: string) => xml(slideNames()[htmlSlides.findIndex((s) => s.id === id)]);
    const convenzioni = await slideOf('convenzioni');
    const frame = /<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/.exec(convenzioni)![0];
    const [, , y] = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(frame)!;
    const [, , h] = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(frame)!;
    const caption = shapesOf(convenzioni).find((b) => b.text.startsWith('Altre controparti'));
    expect(caption, 'the sentence').toBeDefined();
    expect(caption!.y).toBeGreaterThanOrEqual(px(y) + px(h));
    const title = shapesOf(convenzioni).find((b) => b.text.startsWith('62 convenzioni'))!;
    const big = shapesOf(await slideOf('volontari')).find((b) => b.text === '1.217');
    expect(big, 'the big number').toBeDefined();
    expect(Math.abs(big!.x - title.x)).toBeLessThanOrEqual(8);
  });

  it("writes each district's share after its value, as deck.html does («3.503 (47%)»), the value staying a field of the workbook (or on the slide, after a bar drawn with its parts)", async () => {
    for (const id of ['rete', 'convenzioni', 'mobilita-totali']) {
      const i = htmlSlides.findIndex((s) => s.id === id);
      expect(i, id).toBeGreaterThan(-1);
      const section = new RegExp(`<section class="slide [^"]*" id="${id}"[\\s\\S]*?</section>`).exec(deckHtml)![0];
      const deckLabels = [...section.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
        .map((m) =>
          decode(m[1])
            .trim()
            .replace(/\u00a0/g, ' '),
        )
        .filter((t) => /^\d[\d.]* \(\d+%\)$/.test(t));
      expect(deckLabels.length, id).toBeGreaterThanOrEqual(3);
      const [part] = await related(slideNames()[i], /\/chart$/);
      const chart = await xml(part);
      if (chart.includes('<c:grouping val="stacked"/>')) {
        // A whole drawn with its parts inside its bar: its figure and share are written after the bar, on the slide.
        const written = shapesOf(await xml(slideNames()[i]))
          .map((b) => b.text)
          .filter((t) => /^\d[\d.]* \(\d+%\)$/.test(t));
        expect(written, id).toEqual(deckLabels);
        continue;
      }
      const values = seriesOf(chart)[0][1];
      // Labels of their own with text (a label without is the value alone, moved clear of its bar).
      const labels = [...chart.matchAll(/<c:dLbl>([\s\S]*?)<\/c:dLbl>/g)]
        .filter((m) => m[1].includes('<c:tx>'))
        .map((m) => {
          const idx = Number(/<c:idx val="(\d+)"\/>/.exec(m[1])![1]);
          expect(m[1], id).toMatch(/<a:fld [^>]*type="VALUE"[^>]*>[\s\S]*<a:t>\[VALUE\]<\/a:t><\/a:fld>/);
          // The field shows the point's value in the chart's format: Italian thousands.
          return textOf(m[1]).replace('[VALUE] ', formatNumber(values[idx]));
        });
      expect(labels, id).toEqual(deckLabels);
    }
  });

  it('names each district beside the last column of a stacked history, on its segment and in its colour, as deck.html does, with no legend', async () => {
    const rete = readFileSync(path.join(data, 'rete.yaml'), 'utf8');
    const colourOf = (d: string) => new RegExp(`nome: ${d}\\s+colore:\\s*["']?#([0-9a-fA-F]{6})`).exec(rete)![1].toUpperCase();
    for (const id of ['soci-storico', 'ore-volontariato']) {
      const name = slideNames()[htmlSlides.findIndex((s) => s.id === id)];
      const slide = await xml(name);
      const chart = await xml((await related(name, /\/chart$/))[0]);
      expect(chart, id).not.toContain('<c:legend>');
      const [frame] = framesOf(slide);
      const series = seriesOf(chart);
      const shapes = shapesOf(slide);
      const names = series.map(([d]) => shapes.find((b) => b.text === d));
      names.forEach((b, k) => {
        expect(b, `${id} ${series[k][0]}`).toBeDefined();
        // Past the last column (its middle: the plot area's place in the frame, its last slot's middle),
        // inside the chart's frame, in the district's colour.
        const [lx, lw] = ['x', 'w'].map((k) => Number(new RegExp(`<c:plotArea><c:layout>[\\s\\S]*?<c:${k} val="([\\d.]+)"`).exec(chart)![1]));
        const columns = series[0][1].length;
        expect(b!.x, id).toBeGreaterThan(frame.x + frame.w * (lx + (lw * (columns - 0.5)) / columns) + 20);
        expect(b!.x + b!.w, id).toBeLessThanOrEqual(frame.x + frame.w + 48);
        expect(b!.colours, id).toEqual([colourOf(series[k][0])]);
      });
      // Bottom to top, as the stack: Cremasco lowest.
      const ys = names.map((b) => b!.y);
      expect(
        [...ys].sort((a, b) => b - a),
        id,
      ).toEqual(ys);
    }
  });

  it('draws a short list of names as boxes on a grid, as deck.html does, not as bullets', async () => {
    for (const id of ['turismo-sociale']) {
      const section = new RegExp(`<section class="slide [^"]*" id="${id}"[\\s\\S]*?</section>`).exec(deckHtml)![0];
      const names = [...(/<ul class="item-list[^"]* short">([\s\S]*?)<\/ul>/.exec(section)?.[1] ?? '').matchAll(/<li>([^<]*)<\/li>/g)].map((m) => decode(m[1]));
      expect(names.length, id).toBeGreaterThanOrEqual(3);
      const shapes = shapesOf(await xml(slideNames()[htmlSlides.findIndex((s) => s.id === id)]));
      const boxes = shapes.filter((b) => b.fill === 'EEF3F8' && !b.text);
      expect(boxes, id).toHaveLength(names.length);
      // (The page keeps a place name's elided words together with a no-break space: «Rivolta d’Adda».)
      const texts = names.map((n) => shapes.find((b) => b.text?.replace(/\u00a0/g, ' ') === n.replace(/\u00a0/g, ' ')));
      texts.forEach((t, i) => {
        expect(t, `${id} ${names[i]}`).toBeDefined();
        expect(
          boxes.some((b) => t!.x >= b.x && t!.x + t!.w <= b.x + b.w + 1 && t!.y >= b.y - 1 && t!.y + t!.h <= b.y + b.h + 1),
          names[i],
        ).toBe(true);
        expect(t!.xml, names[i]).not.toContain('<a:buChar');
      });
      // Three a row across the slide; two a row beside the figures (turismo-sociale), as on the deck.
      expect(new Set(boxes.map((b) => Math.round(b.x))).size, id).toBe(/class="facts"/.test(section) ? 2 : 3);
    }
  });

  it('draws the share of municipalities as squares, one for each of the whole, the part in ink', async () => {
    const i = htmlSlides.findIndex((s) => s.id === 'convenzioni-comuni');
    const slide = await xml(slideNames()[i]);
    const squares = shapesOf(slide).filter((s) => s.geometry === 'roundRect' && Math.round(s.w) === 24 && Math.round(s.h) === 24);
    const section = /<section class="slide [^"]*" id="convenzioni-comuni"[\s\S]*?<\/section>/.exec(deckHtml)![0];
    const deckSquares = (section.match(/<span(?: class="on")?><\/span>/g) ?? []).length;
    expect(deckSquares).toBeGreaterThan(50);
    expect(squares).toHaveLength(deckSquares);
    expect(squares.filter((s) => s.fill === '1A1A1A')).toHaveLength((section.match(/<span class="on"><\/span>/g) ?? []).length);
    // Twenty a row, as on the deck.
    expect(new Set(squares.map((s) => Math.round(s.x))).size).toBe(20);
  });

  it('lays out the cover in two columns, puts the accent bar over each divider, and numbers slides «7 / 35»', async () => {
    const names = slideNames();
    const cover = shapesOf(await xml(names[0]));
    const titleBox = cover.find((s) => s.text.startsWith('Assemblea'))!;
    const date = cover.find((s) => s.text.startsWith('16 maggio'))!;
    const rule = cover.find((s) => s.geometry === 'line')!;
    expect(rule).toBeDefined();
    // The title left of the rule, the date right of it (the cover's layout is its master's).
    const layout = await xml((await related(names[0], /\/slideLayout$/))[0]);
    const placeholder = shapesOf(layout).find((s) => /type="title"/.test(s.xml))!;
    expect(placeholder.x + placeholder.w).toBeLessThan(rule.x);
    expect(date.x).toBeGreaterThan(rule.x);
    expect(titleBox.text).toBe(htmlSlides[0].title);
    expect(date.text.replace(/\s+/g, ' ')).toContain('16 maggio 2026');
    for (const [i, s] of htmlSlides.entries()) {
      const slide = await xml(names[i]);
      if (s.id.startsWith('sezione-')) {
        const bar = shapesOf(slide).find((b) => b.geometry === 'rect' && Math.round(b.w) === 96 && Math.round(b.h) === 8);
        expect(bar?.fill, s.id).toBe('FFFFFF');
      }
      // The slide number field and the count after it, in one paragraph.
      const number = /<a:p>(?:(?!<\/a:p>)[\s\S])*type="slidenum"(?:(?!<\/a:p>)[\s\S])*<\/a:p>/.exec(slide)![0];
      expect(flat(textOf(number)), s.id).toBe(`${i + 1} / ${htmlSlides.length}`);
    }
    expect(htmlSlides.filter((s) => s.id.startsWith('sezione-')).length).toBeGreaterThan(2);
  });

  it('writes no text under 18 pt on a slide: only the master’s footer and slide number are smaller', async () => {
    for (const name of slideNames()) {
      for (const sp of shapesOf(await xml(name))) {
        if (/<p:ph type="sldNum"/.test(sp.xml)) continue;
        for (const m of sp.xml.matchAll(/<a:(?:rPr|defRPr|endParaRPr)\b[^>]*\bsz="(\d+)"/g)) expect(Number(m[1]), `${name}: ${sp.text.slice(0, 40)}`).toBeGreaterThanOrEqual(1800);
        // Every run of text has a size of its own (none falls back on a smaller default).
        if (sp.text) expect(sp.xml, `${name}: ${sp.text.slice(0, 40)}`).toMatch(/<a:rPr\b[^>]*\bsz="/);
      }
      // Tables' cells too.
      for (const m of (await xml(name)).matchAll(/<a:tc>[\s\S]*?<\/a:tc>/g)) for (const z of m[0].matchAll(/\bsz="(\d+)"/g)) expect(Number(z[1]), name).toBeGreaterThanOrEqual(1800);
    }
  });

  it('every text box holds its text in Titillium Web and in a wider font standing in for it (DejaVu Sans), at its own size: no line out of it, none to shrink', async () => {
    const tight: string[] = [];
    for (const name of slideNames()) {
      for (const box of textBoxesOf(await xml(name))) {
        if (!box.text) continue;
        for (const face of ['deck', 'fallback'] as const) {
          const fit = fitIn(box.paragraphs, box.w, face, box.wrap);
          // Half a pixel for rounding EMUs.
          if (fit.height > box.h + 0.5 || fit.widest > box.w + 0.5)
            tight.push(`${name} ${face}: «${box.text.slice(0, 50)}» needs ${Math.ceil(fit.widest)}x${Math.ceil(fit.height)} in ${Math.floor(box.w)}x${Math.floor(box.h)}`);
        }
      }
    }
    expect(tight).toEqual([]);
  });

  it('embeds Titillium Web as PowerPoint does: EOT data in ppt/fonts, listed in presentation.xml, regular, bold and italic', async () => {
    const presentation = await xml('ppt/presentation.xml');
    expect(presentation).toMatch(/<p:presentation [^>]*embedTrueTypeFonts="1"/);
    const list = /<p:embeddedFontLst>([\s\S]*)<\/p:embeddedFontLst>/.exec(presentation)![1];
    expect(list).toMatch(/^<p:embeddedFont><p:font typeface="Titillium Web"[^>]*\/>/);
    const rels = await xml('ppt/_rels/presentation.xml.rels');
    const types = await xml('[Content_Types].xml');
    expect(types).toContain('<Default Extension="fntdata" ContentType="application/x-fontdata"/>');
    const faces = [...list.matchAll(/<p:(regular|bold|italic|boldItalic) r:id="([^"]+)"\/>/g)].map((m) => ({ face: m[1], target: new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"`).exec(rels)![1] }));
    expect(faces.map((f) => f.face)).toEqual(['regular', 'bold', 'italic']);
    // Each part is EOT (version 2.1, magic 0x504C) and unwraps, with libeot (what LibreOffice reads EOT
    // with), into the TrueType font of its face.
    const eot2ttf = ['/usr/bin/eot2ttf'].find((p) => existsSync(p));
    if (!eot2ttf && !process.env.CI) return;
    expect(eot2ttf, 'eot2ttf is needed: apt-get install eot2ttf').toBeDefined();
    const styles: Record<string, string> = { regular: 'Regular', bold: 'Bold', italic: 'Italic' };
    for (const f of faces) {
      const data = await zip.file(`ppt/${f.target}`)!.async('nodebuffer');
      expect(data.readUInt32LE(8)).toBe(0x00020001);
      expect(data.readUInt16LE(34)).toBe(0x504c);
      const eot = path.join(work, `${f.face}.eot`);
      const ttf = path.join(work, `${f.face}.ttf`);
      await writeFile(eot, data);
      await run(eot2ttf!, [eot, ttf]);
      const { stdout } = await run('fc-scan', ['--format', '%{family}|%{style}', ttf]);
      expect(stdout, f.face).toBe(`Titillium Web|${styles[f.face]}`);
    }
  });

  it("opens with the year in brief as a table, the same moves as deck.html, each with last year's figure", async () => {
    const i = htmlSlides.findIndex((s) => s.id === 'in-breve');
    expect(i).toBe(1);
    const slide = await xml(slideNames()[i]);
    expect(slide).toContain('<a:tbl>');
    const words = textOf(slide).replace(/[\u00a0\u202f]/g, ' ');
    for (const t of ['Il 2025 in breve', 'Volontari', '1.217', '+295 (+32,0%)', 'nel 2024: 922', 'Casalasco', '−11.532 (−17,9%)', 'nel 2024: 64.376', 'stabile, −283 (−0,4%)'])
      expect(words).toContain(t);
  });

  it('the key beside the map (each district with its counts) is 18 pt or more, with no list of municipalities', async () => {
    const i = htmlSlides.findIndex((s) => s.id === 'convenzioni-ambiti');
    const slide = await xml(slideNames()[i]);
    const runs = [...slide.matchAll(/<a:r>([\s\S]*?)<\/a:r>/g)].map((m) => m[1]);
    expect(runs.filter((r) => /Casalmaggiore/.test(r))).toEqual([]);
    const list = runs.filter((r) => /Cremasco|convenzioni/.test(r));
    expect(list.length).toBeGreaterThanOrEqual(2);
    for (const r of list) expect(Number(/\bsz="(\d+)"/.exec(r)![1])).toBeGreaterThanOrEqual(1800);
  });

  it('puts the map in as a picture, SVG with a real PNG fallback, with its alt text and the boundaries attribution', async () => {
    const names = slideNames();
    const i = htmlSlides.findIndex((s) => s.id === 'convenzioni-ambiti');
    const slide = await xml(names[i]);
    expect(slide).toContain('asvg:svgBlip');
    expect(slide).toMatch(/<p:cNvPr [^>]*descr="Comuni con almeno una convenzione 2025: \d+ comuni su 113/);
    expect(textOf(slide)).toContain('Confini comunali: openpolis / ISTAT, CC BY 4.0');
    const media = await related(names[i], /\/image$/);
    const png = media.find((m) => m.endsWith('.png'))!;
    const bytes = await zip.file(png)!.async('nodebuffer');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(600); // width: drawn at twice the slide's pixels, not a placeholder
    expect(media.some((m) => m.endsWith('.svg'))).toBe(true);
  });

  it('speaker notes are on the notes page of the slide the data names them for, and nowhere else', async () => {
    const names = slideNames();
    for (const [i, s] of htmlSlides.entries()) {
      const [notes] = await related(names[i], /\/notesSlide$/);
      const text = notes ? textOf(await xml(notes)) : '';
      // Typeset as on the deck (’, « », no-break spaces): compared with plain spaces.
      if (s.id === 'rete') expect(flat(text)).toContain(flat(typeset(NOTE_RETE)));
      else if (s.id === 'km') expect(flat(text)).toContain(flat(typeset(NOTE_KM)));
      else expect(text).not.toMatch(/Ricordare|corretti dopo la stampa/);
      // The same notes as the HTML deck's, with the sentence on figures that differ from what was printed.
      if (s.notes)
        expect(flat(text)).toContain(
          flat(
            s.notes
              .replace(/&amp;/g, '&')
              .replace(/&lt;/g, '<')
              .replace(/&gt;/g, '>')
              .replace(/&#x27;/g, "'")
              .replace(/&quot;/g, '"'),
          ),
        );
    }
    const hours = htmlSlides.findIndex((s) => s.id === 'ore-volontariato');
    const [hoursNotes] = await related(slideNames()[hours], /\/notesSlide$/);
    expect(textOf(await xml(hoursNotes))).toContain('Nel documento era stampato 163.447');
  });

  it('markup and template syntax typed in the data are shown as text', async () => {
    const closing = await xml(slideNames().at(-1)!);
    expect(textOf(closing)).toContain(MARKUP);
    expect(closing).toContain('&lt;b&gt;modo&lt;/b&gt;');
  });

  it('has a master with the footer (organisation, assembly, date) and slide numbers; dates and language are Italian', async () => {
    const master = await xml('ppt/slideMasters/slideMaster1.xml');
    const layouts = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n))
        .map((n) => xml(n)),
    );
    const withFooter = layouts.filter((l) => textOf(l).includes('Auser Cremona · Assemblea dei soci e dei delegati · 16 maggio 2026'));
    expect(withFooter.length).toBeGreaterThanOrEqual(2);
    for (const l of withFooter) expect(l).toMatch(/type="slidenum"/);
    expect(master + layouts.join('')).toContain('Titillium Web');
    const core = await xml('docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-05-16T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-05-16T00:00:00Z</dcterms:modified>');
    expect(await xml(slideNames()[1])).toContain('lang="it-IT"');
  });

  it('the same data gives the same bytes', async () => {
    const again = path.join(work, 'again');
    const r = await cli(['build', '--data', data, '--out', again, '--only', 'pptx', '--quiet']);
    expect(r.code).toBe(0);
    const a = readFileSync(path.join(out, '2025', 'deck.pptx'));
    const b = readFileSync(path.join(again, '2025', 'deck.pptx'));
    expect(b.equals(a)).toBe(true);
    // Alone with --only pptx: nothing else but the review page.
    expect((await readdir(path.join(again, '2025'))).sort()).toEqual(['deck.pptx', 'revisione.html']);
  }, 120_000);
});

describe('bad input', () => {
  it('a slide too full for deck.html stops the PowerPoint build with the same located message; the old output stays', async () => {
    const long = await overfullDataCopy(path.join(work, 'long-data'));
    const target = path.join(work, 'long-out');
    await mkdir(target, { recursive: true });
    await cp(path.join(out, '2025'), path.join(target, '2025'), { recursive: true });
    const before = readFileSync(path.join(target, '2025', 'deck.pptx'));
    const r = await cli(['build', '--data', long, '--out', target, '--only', 'pptx']);
    expectOverfullMessage(r);
    expect(readFileSync(path.join(target, '2025', 'deck.pptx')).equals(before)).toBe(true);
  }, 120_000);
});

/** Each page's words (split at spaces) with the sizes they are drawn at, in px of the 1280x720 slide (PyMuPDF). */
async function wordsOf(pdf: string): Promise<Record<string, number[]>[]> {
  const script = [
    'import fitz, json, re, sys',
    'out = []',
    'for p in fitz.open(sys.argv[1]):',
    '  k = 1280 / p.rect.width',
    '  words = {}',
    '  for b in p.get_text("dict")["blocks"]:',
    '    for l in b.get("lines", []):',
    '      for s in l["spans"]:',
    '        for w in re.split(r"\\s+", s["text"]):',
    '          if w: words.setdefault(w, []).append(round(s["size"] * k, 1))',
    '  out.append(words)',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse((await run('/usr/bin/python3', ['-c', script, pdf], { maxBuffer: 1 << 26 })).stdout);
}

describe('opened by LibreOffice Impress', () => {
  const soffice = SOFFICE;
  /** LibreOffice's PDF of deck.pptx, made by the first test. */
  let loPdf: string | undefined;

  it.runIf(soffice || process.env.CI)(
    'on an English-language computer without Titillium Web: one page per slide, the figures in Italian format, the shares, «7 / 35», panel rows level',
    async () => {
      expect(soffice, 'LibreOffice Impress is needed: apt-get install libreoffice-impress').toBeDefined();
      // A private profile in English (US), as on a venue's laptop, and only the system's fonts: no Titillium Web.
      const profile = await libreOfficeProfile(work, 'en-US');
      const fontsConf = path.join(work, 'fonts.conf');
      await writeFile(
        fontsConf,
        `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>/usr/share/fonts</dir><cachedir>${path.join(work, 'fc-cache')}</cachedir></fontconfig>\n`,
      );
      const env = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8', FONTCONFIG_FILE: fontsConf };
      expect((await run('fc-list', [], { env })).stdout).not.toMatch(/titillium/i);
      const pdfDir = path.join(work, 'lo');
      loPdf = path.join(pdfDir, 'deck.pdf');
      await run(soffice!, [profile, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, path.join(out, '2025', 'deck.pptx')], { timeout: 170_000, env });
      const pdf = path.join(pdfDir, 'deck.pdf');
      const info = (await run('pdfinfo', [pdf])).stdout;
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(htmlSlides.length);
      const pages = await Promise.all(htmlSlides.map(async (_, i) => (await run('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', pdf, '-'])).stdout));
      const page = (id: string) => pages[htmlSlides.findIndex((s) => s.id === id)];
      expect(page('copertina')).toContain('16 maggio');
      expect(page('rete')).toContain('52');
      // Chart labels: 3.503, not the English 3,503, and the share after it (the deck's: 100% in all).
      expect(page('rete')).toMatch(/28 \(54%\)[\s\S]*19 \(36%\)[\s\S]*3 \(6%\)[\s\S]*2 \(4%\)/);
      expect(page('soci-crescita')).toMatch(/3\.458[\s\S]*3\.503/);
      expect(page('soci-storico')).toMatch(/3\.308[\s\S]*3\.458/);
      for (const p of pages) expect(p).not.toMatch(/\b\d{1,3},\d{3}\b/);
      expect(page('mobilita-totali')).toContain('10.573');
      expect(page('mobilita-totali')).toContain('40.725');
      expect(page('mobilita-totali')).toContain('20.907 (51%)');
      expect(page('mobilita-totali')).toContain('di cui in altre strutture');
      for (const n of ['72.942', '79.614', '79.331', '6.546', '8.416', '8.754']) expect(page('prestazioni-assistiti')).toContain(n);
      expect(page('centri-sociali')).toContain('25.328');
      // Each district's change, as the deck writes it under its columns: Casalasco's fall said, not left to spot.
      for (const c of ['+45 (+1,3%)', '+86 (+2,7%)', '−23 (−3,2%)']) expect(page('soci-crescita')).toContain(c);
      expect(page('km')).toContain('−11.532 (−17,9%)');
      // The workshops' cards as the deck's: named by their place, a hamlet's municipality under it, the same rows.
      expect(page('officine')).toContain('Torre de’ Picenardi');
      expect(page('officine')).not.toContain('Officina dell’aiuto Crema');
      expect(page('officine').match(/km percorsi/g)).toHaveLength(3);
      expect(page('unipop')).toContain('611');
      expect(page('estate')).toContain('267');
      pages.forEach((p, i) => expect(p, htmlSlides[i].id).toContain(`${i + 1} / ${htmlSlides.length}`));
      // Small multiples: the panels share one column of district names, on the first panel's left (not one
      // per panel), and each district's bar is at the same height in every panel, as the panels' headings are.
      const rows = JSON.parse(
        (
          await run('/usr/bin/python3', [
            '-c',
            // The slide's own text (the vehicles' «di cui attrezzati: 32 (Cremonese 12, …)») is not a panel row.
            'import fitz, json, sys\nd = fitz.open(sys.argv[1])\nout = {}\nfor i in map(int, sys.argv[2:]):\n  p = d[i]\n  body = [fitz.Rect(b[:4]) for b in p.get_text("blocks") if "attrezzati" in b[4] or "," in b[4]]\n  words = {w: sorted(round(r.y0, 1) for r in p.search_for(w) if r.y0 > 150 and not any(x.intersects(r) for x in body)) for w in ["Cremasco", "Cremonese", "Casalasco", "in tutto"]}\n  bars = {}\n  for g in p.get_drawings():\n    if g.get("fill") and g["rect"].y0 > 150 and g["rect"].height > 10: bars.setdefault(",".join("%.3f" % c for c in g["fill"]), []).append(round(g["rect"].y0, 1))\n  out[i] = {"words": words, "bars": bars}\nprint(json.dumps(out))',
            pdf,
            ...['automezzi', 'centri-sociali'].map((id) => String(htmlSlides.findIndex((s) => s.id === id))),
          ])
        ).stdout,
      ) as Record<string, { words: Record<string, number[]>; bars: Record<string, number[]> }>;
      for (const [i, { words, bars }] of Object.entries(rows)) {
        const id = htmlSlides[Number(i)].id;
        const panels = words['in tutto'].length;
        expect(panels, id).toBeGreaterThanOrEqual(2);
        expect(Math.max(...words['in tutto']) - Math.min(...words['in tutto']), `${id} headings`).toBeLessThan(2);
        for (const d of ['Cremasco', 'Cremonese', 'Casalasco']) expect(words[d], `${id} ${d}`).toHaveLength(1);
        expect(Object.keys(bars), id).toHaveLength(3);
        for (const [colour, ys] of Object.entries(bars)) {
          expect(ys, `${id} ${colour}`).toHaveLength(panels);
          expect(Math.max(...ys) - Math.min(...ys), `${id} ${colour}: ${ys}`).toBeLessThan(2);
        }
      }
      // Every page can be drawn.
      await run('pdftoppm', ['-png', '-r', '30', pdf, path.join(pdfDir, 'slide')]);
      expect((await readdir(pdfDir)).filter((n) => n.endsWith('.png'))).toHaveLength(htmlSlides.length);
    },
    180_000,
  );

  it.runIf(soffice || process.env.CI)(
    'without Titillium Web, titles break where a designer would: no word alone on a line, no line ending on an article or a preposition, the cover on two lines',
    async () => {
      expect(loPdf, 'the first test renders deck.pptx').toBeDefined();
      // Each page's lines of 30 pt or more (titles: 33 pt and up; the cover's and the dividers' larger), by block.
      const blocks = JSON.parse(
        (
          await run('/usr/bin/python3', [
            '-c',
            'import fitz, json, sys\nprint(json.dumps([[[ "".join(s["text"] for s in l["spans"]) for l in b.get("lines", []) if l["spans"] and l["spans"][0]["size"] >= 30] for b in p.get_text("dict")["blocks"]] for p in fitz.open(sys.argv[1])]))',
            loPdf!,
          ])
        ).stdout,
      ) as string[][][];
      const words = (line: string) => line.split(/[ \u00a0]+/).filter(Boolean);
      const clinging = new Set(['a', 'al', 'alla', 'con', 'da', 'dal', 'dei', 'del', 'della', 'di', 'e', 'in', 'nel', 'nella', 'per', 'su', 'tra', 'un', 'una', 'il', 'la', 'le', 'lo', 'i', 'più']);
      htmlSlides.forEach((s, i) => {
        const first = words(s.title)[0];
        const block = blocks[i].find((b) => b.length && words(b[0])[0] === first);
        expect(block, `${s.id}: «${s.title}» not found in its title's size`).toBeDefined();
        const lines = block!.filter((_, k) => words(block!.slice(0, k + 1).join(' ')).length <= words(s.title).length);
        expect(words(lines.join(' ')).join(' '), s.id).toBe(words(s.title).join(' '));
        if (lines.length < 2) return;
        for (const line of lines) expect(words(line).length, `${s.id}: «${line}» alone`).toBeGreaterThan(1);
        // The cover's title on two lines, set a little smaller in the wider font so as not to take three:
        // «Assemblea dei / soci e dei delegati», as deck.html breaks it (the side column leaves no more room).
        if (i === 0) return expect(lines.length, 'the cover').toBeLessThanOrEqual(2);
        for (const line of lines.slice(0, -1)) expect(clinging.has(words(line).at(-1)!.toLowerCase()), `${s.id}: «${line}» ends on a word that clings to the next`).toBe(false);
      });
    },
  );

  it.runIf(soffice || process.env.CI)(
    'without Titillium Web, every word of a slide is drawn at the size deck.pdf prints it (18 pt where the deck prints smaller), or a little smaller where the wider font would not fit its box at that size: never larger, never a fifth smaller',
    async () => {
      expect(loPdf, 'the first test renders deck.pptx').toBeDefined();
      const [deck, lo] = await Promise.all([wordsOf(path.join(out, '2025', 'deck.pdf')), wordsOf(loPdf!)]);
      expect(lo).toHaveLength(deck.length);
      const off: string[] = [];
      const boxes = await Promise.all(slideNames().map(async (n) => textBoxesOf(await xml(n))));
      let compared = 0;
      deck.forEach((words, i) => {
        for (const [word, [size, ...more]] of Object.entries(words)) {
          // A word written once on each page, so it is the same text in both.
          const there = lo[i][word];
          if (more.length || there?.length !== 1) continue;
          compared++;
          const tolerance = Math.max(1, size * 0.05);
          // The footer is the deck's 16 px; other text under 18 pt is set at 18.
          const small = size < MIN_PX && [size, MIN_PX].some((v) => Math.abs(there[0] - v) <= tolerance);
          if (small || Math.abs(there[0] - size) <= tolerance) continue;
          // Smaller only where its box, set at the deck's size, would not hold its text in the wider font.
          const k = size / there[0];
          const atSize = (b: (typeof boxes)[number][number]) => b.paragraphs.some((p) => p.runs.some((r) => Math.abs(r.size - there[0]) <= tolerance));
          const box = boxes[i].find((b) => b.text.includes(word) && atSize(b));
          const needs = (b: (typeof boxes)[number][number]) => {
            const fits = fitIn(
              b.paragraphs.map((p) => ({ ...p, runs: p.runs.map((r) => ({ ...r, size: r.size * k })), line: p.line && p.line * k, before: (p.before ?? 0) * k, after: (p.after ?? 0) * k })),
              b.w,
              'fallback',
              b.wrap,
            );
            return fits.height > b.h + 0.5 || fits.widest > b.w + 0.5;
          };
          // ...or where a box of the same set beside it (a project's objectives, one size for all) needs it.
          const needed = box && (needs(box) || boxes[i].some((b) => b !== box && b.w === box.w && b.h === box.h && atSize(b) && needs(b)));
          if (there[0] > size || there[0] < 0.8 * size || !needed) off.push(`${htmlSlides[i].id}: «${word}» ${there[0]} px, deck.pdf ${size} px`);
        }
      });
      expect(compared).toBeGreaterThan(300);
      expect(off).toEqual([]);
    },
    60_000,
  );
  it.runIf(soffice || process.env.CI)(
    'without Titillium Web, a slide has no words deck.pdf does not print (no chart title under a chart; only the marks the deck draws: bullets, swatches, arrows), and every figure deck.pdf prints',
    async () => {
      expect(loPdf, 'the first test renders deck.pptx').toBeDefined();
      const [deck, lo] = await Promise.all([wordsOf(path.join(out, '2025', 'deck.pdf')), wordsOf(loPdf!)]);
      const marks = new Set(['●', '■', '□', '▲', '▼', '=']);
      const extra = lo.flatMap((words, i) =>
        Object.keys(words)
          .filter((w) => !marks.has(w) && !deck[i][w])
          .map((w) => `${htmlSlides[i].id}: «${w}»`),
      );
      expect(extra).toEqual([]);
      // And every figure deck.pdf prints is on the slide (a thin segment's too).
      const missing = deck.flatMap((words, i) =>
        Object.keys(words)
          .filter((w) => /\d/.test(w) && !lo[i][w])
          .map((w) => `${htmlSlides[i].id}: «${w}»`),
      );
      expect(missing).toEqual([]);
    },
    60_000,
  );
});
