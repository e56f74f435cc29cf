/** handout.pdf as a document for a member reading at home (issue 22), measured as printed: every text
 * span's size and face with PyMuPDF, page 1's words and the municipality lists with pdftotext, the QR code
 * read back from a render (jsQR), the colours of the text against white paper (pdf.js), the tag tree
 * (test/pdf-ua-check.ts), and the slide layouts that --handout 1|2|3|6 still give. The charts' A4 drawings
 * are checked where they are made (charts() with `print`). */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as jsQRModule from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charts, PRINT } from '../src/charts.js';
import { contrast, WHITE } from '../src/colour.js';
import { derive, type Figures } from '../src/derive.js';
import { formatNumber } from '../src/format.js';
import { svgSize } from '../src/html.js';
import { loadChartTemplates, templateRoots } from '../src/templates.js';
import { pdfUaReport } from './pdf-ua-check.js';
import { checkRealData, DATA, decodeEntities, paintedTexts, ROOT, runCli, seedFolder } from './support.js';

const run = promisify(execFile);
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQRAny = jsQRModule as unknown as { default: Decode | { default: Decode } };
const jsQR: Decode = typeof jsQRAny.default === 'function' ? jsQRAny.default : jsQRAny.default.default;

const REPORT = 'https://auser-cremona.example.it/assemblea/2025/report.html';
/** The page footer's words; the source credits' (set at 12 pt like every other text). */
const FOOTER = [/^Pagina \d+ di \d+$/, /^Auser Cremona · Assemblea dei soci e dei delegati · 16 maggio 2026$/];
const isCredit = (t: string) => /openpolis|ISTAT|Fonti e crediti|Titillium|assemblea\.|Documento creato|i dati dell’anno 2025, presentati/.test(t);

const temps: string[] = [];
let plain: string;
let withSite: string;
let slides2: string;
let figures: Figures;
let deckHtml: string;

/** A copy of the real data as it was for the 2025 deck, with lines added to rete.yaml; the project folder. */
async function project(reteLines = ''): Promise<string> {
  const dir = await seedFolder(reteLines ? { 'rete.yaml': (text) => text + reteLines } : {});
  temps.push(dir);
  return dir;
}

beforeAll(async () => {
  const [a, b, c] = await Promise.all([project(), project('sito: "https://auser-cremona.example.it/assemblea/{anno}/"\n'), project()]);
  const builds = await Promise.all([
    runCli(['build', '--only', 'html,report,pdf', '--quiet'], { cwd: a }),
    runCli(['build', '--only', 'pdf', '--quiet'], { cwd: b }),
    runCli(['build', '--only', 'pdf', '--handout', '2', '--quiet'], { cwd: c }),
  ]);
  for (const r of builds) expect(r.code, r.stderr).toBe(0);
  [plain, withSite, slides2] = [a, b, c].map((d) => path.join(d, 'output', '2025', 'handout.pdf'));
  deckHtml = readFileSync(path.join(a, 'output', '2025', 'deck.html'), 'utf8');
  figures = derive((await checkRealData()).dataset!);
}, 400_000);

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const pages = async (pdf: string) => Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [pdf])).stdout)?.[1]);
const pageText = async (pdf: string, first: number, last = first) => (await run('pdftotext', ['-f', String(first), '-l', String(last), pdf, '-'], { maxBuffer: 1 << 26 })).stdout.replace(/\s+/g, ' ');
const allText = async (pdf: string) => pageText(pdf, 1, await pages(pdf));

/** Every text span: page, size in points, font name, text (PyMuPDF). */
const SPANS = `
import fitz, json, sys
d = fitz.open(sys.argv[1])
out = []
for n, p in enumerate(d):
    for b in p.get_text('dict')['blocks']:
        for l in b.get('lines', []):
            t = ''.join(s['text'] for s in l['spans']).strip()
            for s in l['spans']:
                if s['text'].strip(): out.append([n + 1, round(s['size'], 2), s['font'], s['text'].strip(), t])
print(json.dumps(out))
`;
/** The figures of the split bar on the page that has them (the words argv[2], argv[3] after «Per tipo»), each
 * with the fill of the smallest drawn rectangle holding it, that rectangle's width and the bar's (all parts). */
const SPLIT = `
import fitz, json, sys
d = fitz.open(sys.argv[1])
for p in d:
    words = p.get_text('words')
    head = [w for w in words if w[4] == 'tipo']
    if not head: continue
    below = [w for w in words if w[1] > head[0][3] and w[4] in sys.argv[2:4]][:2]
    out = []
    for w in below:
        holders = [dr for dr in p.get_drawings() if dr.get('fill') and dr['rect'].contains(fitz.Rect(w[:4])) and dr['rect'].height < 80]
        holders.sort(key=lambda dr: dr['rect'].width * dr['rect'].height)
        out.append({'word': w[4], 'fill': list(holders[0]['fill']) if holders else None, 'width': holders[0]['rect'].width if holders else 0})
    bar = sum(o['width'] for o in out)
    for o in out: o['bar'] = bar
    print(json.dumps(out))
    break
`;
const spansOf = async (pdf: string) => JSON.parse((await run('/usr/bin/python3', ['-c', SPANS, pdf], { maxBuffer: 1 << 26 })).stdout) as [number, number, string, string, string][];

/** The slide frames: grey stroked 16:9 rectangles (PyMuPDF's drawings), one around each printed slide. */
const FRAMES = `
import fitz, sys
d = fitz.open(sys.argv[1])
print(sum(1 for p in d for dr in p.get_drawings() if dr.get('type') == 's' and dr.get('color') and abs(dr['color'][0] - 0x55 / 255) < 0.01 and dr['rect'].width > 100 and dr['rect'].height > 50 and abs(dr['rect'].width / dr['rect'].height - 16 / 9) < 0.05))
`;
/** How far down each page's content reaches, between the top margin and the footer's margin (PyMuPDF). */
const FILLED = `
import fitz, json, sys
d = fitz.open(sys.argv[1])
out = []
for p in d:
    H = p.rect.height
    top, foot = 16 * 72 / 25.4, H - 20 * 72 / 25.4
    ys = [b[3] for b in p.get_text('blocks') if b[3] < foot]
    ys += [dr['rect'].y1 for dr in p.get_drawings() if dr['rect'].y1 < foot and dr['rect'].height < 0.8 * H and dr.get('fill') != (1.0, 1.0, 1.0)]
    ys += [r.y1 for img in p.get_images() for r in p.get_image_rects(img[0]) if r.y1 < foot]
    out.append(round((max(ys) - top) / (foot - top), 2) if ys else 0)
print(json.dumps(out))
`;
/** Each page's entry headings (16 pt lines: their text and where they are) and the tops of its filled marks
 * taller than 8 pt (bars, map areas: a chart's drawing; a table's rules are thinner). */
const HEADS_AND_MARKS = `
import fitz, json, sys
d = fitz.open(sys.argv[1])
out = []
for p in d:
    heads = []
    for b in p.get_text('dict')['blocks']:
        for l in b.get('lines', []):
            spans = [s for s in l['spans'] if s['text'].strip()]
            if spans and all(15.5 < s['size'] < 17 for s in spans):
                heads.append({'text': ''.join(s['text'] for s in spans).strip(), 'top': l['bbox'][1], 'bottom': l['bbox'][3]})
    marks = [dr['rect'].y0 for dr in p.get_drawings() if dr.get('fill') and dr['rect'].height > 8 and dr['rect'].width > 2]
    out.append({'heads': heads, 'marks': marks})
print(json.dumps(out))
`;
const slideFrames = async (pdf: string) => Number((await run('/usr/bin/python3', ['-c', FRAMES, pdf])).stdout);

async function qrOnPage(pdf: string, page: number): Promise<string | undefined> {
  const prefix = path.join(path.dirname(pdf), `qr-${page}`);
  await run('pdftoppm', ['-png', '-r', '150', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
  const png = PNG.sync.read(readFileSync(`${prefix}.png`));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('the handout as a document (the default)', () => {
  it('is A4 portrait, and not the slides: no slide frame, no slide counter', async () => {
    const { stdout } = await run('pdfinfo', [plain]);
    const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(stdout)!.slice(1).map(Number);
    expect([Math.round(w), Math.round(h)]).toEqual([595, 842]);
    const text = await allText(plain);
    // A slide's counter ("12 / 34") and its kicker are the hall's; the document has neither.
    expect(text).not.toMatch(/\b\d+ \/ \d+\b/);
    expect(await slideFrames(plain)).toBe(0);
  });

  it('prints no text under 12 pt, the page footer and the source credits included, in a solid face (no regular weight)', async () => {
    const spans = await spansOf(plain);
    expect(spans.length).toBeGreaterThan(500);
    const small = spans.filter(([, size]) => size < 11.95).map(([p, size, , t]) => `page ${p}: ${size} pt «${t}»`);
    expect(small).toEqual([]);
    // The footer is there on every page, and so are the credits at the end.
    const footers = spans.filter(([, , , t]) => FOOTER[0].test(t));
    expect(footers.length).toBe(await pages(plain));
    expect(spans.some(([, , , t]) => isCredit(t))).toBe(true);
    const thin = spans.filter(([, , font]) => !/SemiBold|Bold/.test(font)).map(([p, , font, t]) => `page ${p}: ${font} «${t}»`);
    expect(thin).toEqual([]);
  });

  it("opens with the year in brief: each of its lines with this year's figure and last year's, on page 1", async () => {
    const first = await pageText(plain, 1);
    expect(first).toContain('I dati dell’anno 2025');
    expect(first).toContain('Il 2025 in breve');
    expect(figures.brief.length).toBeGreaterThanOrEqual(5);
    for (const m of figures.brief) {
      expect(first).toContain(formatNumber(m.current));
      expect(first).toContain(`nel 2024: ${formatNumber(m.previous)}`);
    }
    // The year in brief comes first; the first section follows it, on page 1 if there is room.
    const firstSection = (await pageText(plain, 1, 2)).indexOf('La rete');
    expect(firstSection).toBeGreaterThan((await pageText(plain, 1, 2)).indexOf('Il 2025 in breve'));
  });

  it('lets the text flow: no page break per section or entry, so no page but the last is left half empty', async () => {
    // How far down each page's content reaches, from the top margin to the footer's (1 = to the bottom).
    const filled = JSON.parse((await run('/usr/bin/python3', ['-c', FILLED, plain])).stdout) as number[];
    const body = filled.slice(0, -1);
    // A chart is kept with its table, so a page may end early when the next pair does not fit; but only rarely.
    expect(body.filter((f) => f < 0.6).length, filled.join(' ')).toBeLessThanOrEqual(3);
    expect(body.reduce((a, f) => a + f, 0) / body.length, filled.join(' ')).toBeGreaterThanOrEqual(0.78);
  });

  it("keeps an entry's heading with its chart: no heading and intro left at a page's foot, their chart opening the next page", async () => {
    // The entries that have a chart, by their heading, from the report (the handout's entries are its entries).
    const report = readFileSync(path.join(path.dirname(plain), 'report.html'), 'utf8');
    const withChart = report
      .split(/<h3 class="entry-title"/)
      .slice(1)
      .filter((e) => /<figure class="chart|<div class="split/.test(e.split(/<\/section>/)[0]))
      .map((e) => decodeEntities(/>([^<]*)<\/h3>/.exec(e)![1]));
    expect(withChart.length).toBeGreaterThan(8);
    const pagesOf = JSON.parse((await run('/usr/bin/python3', ['-c', HEADS_AND_MARKS, plain], { maxBuffer: 1 << 26 })).stdout) as {
      heads: { text: string; top: number; bottom: number }[];
      marks: number[];
    }[];
    const apart: string[] = [];
    for (const title of withChart) {
      const n = pagesOf.findIndex((p) => p.heads.some((h) => title.startsWith(h.text)));
      expect(n, title).toBeGreaterThanOrEqual(0);
      const { heads, marks } = pagesOf[n];
      const at = heads.findIndex((h) => title.startsWith(h.text));
      const next = heads.slice(at + 1).find((h) => !title.includes(h.text))?.top ?? Number.POSITIVE_INFINITY;
      if (!marks.some((y) => y > heads[at].bottom && y < next)) apart.push(`${title} (pagina ${n + 1})`);
    }
    expect(apart).toEqual([]);
  });

  it("heads each entry as the report does: no entry heading repeats its section's (entryHeading)", async () => {
    const lines = (await run('pdftotext', ['-layout', plain, '-'], { maxBuffer: 1 << 26 })).stdout.split('\n').map((l) => l.trim());
    const sections = [
      ...new Set([...deckHtml.matchAll(/<section class="slide slide--(?!title|closing|section|brief)[a-z-]+" id="[^"]+" data-section="([^"]*)"/g)].map((m) => m[1].replace(/&#x27;|&#39;/g, "'"))),
    ];
    const heads = [...deckHtml.matchAll(/<h2 class="slide-title">([\s\S]*?)<\/h2>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    // The deck's titles that name their section: «Officine dell’aiuto: 3 officine, 17 volontari».
    const naming = heads.filter((h) => sections.some((s) => h.startsWith(`${s}:`)));
    expect(naming.length).toBeGreaterThan(0);
    for (const h of naming) expect(lines, h).not.toContain(h);
    for (const s of sections) {
      const at = lines.indexOf(s);
      expect(at, s).toBeGreaterThanOrEqual(0);
      // The next heading-like line after the section's name does not start with it.
      const next = lines.slice(at + 1).find((l) => l);
      expect(next?.startsWith(s), `${s} / ${next}`).toBe(false);
    }
  });

  it("then one section at a time, in the deck's order, each chart with its full table", async () => {
    const text = await allText(plain);
    const sections = [...new Set([...deckHtml.matchAll(/<section class="slide slide--(?!title|closing|section|brief)[a-z-]+" id="[^"]+" data-section="([^"]*)"/g)].map((m) => m[1]))];
    expect(sections.length).toBeGreaterThan(8);
    let at = 0;
    for (const s of sections) {
      const found = text.indexOf(s.replace(/&#x27;|&#39;/g, "'"), at);
      expect(found, s).toBeGreaterThanOrEqual(at);
      at = found;
    }
    // The history of members: the table of every year and district, not only the slide's chart.
    const members = figures.members!;
    for (const y of members.history) expect(text).toContain(formatNumber(y.table.total));
    expect(text).toContain('Soci per ambito 2020–2025');
  });

  it("lists every district's municipalities with a convention, by name, each name whole on one line (the map's slide only counts them)", async () => {
    // As printed: typographic apostrophes, any space one space; «Gadesco-/Pieve Delmona» split over two lines is not found.
    const norm = (t: string) => t.replace(/['’]/g, '’').replace(/\s+/g, ' ').trim();
    const lines = (await run('pdftotext', [plain, '-'], { maxBuffer: 1 << 26 })).stdout.split('\n').map(norm);
    const byDistrict = figures.conventions!.byDistrict.filter((d) => d.municipalities.length);
    expect(byDistrict.length).toBeGreaterThan(1);
    const split: string[] = [];
    for (const d of byDistrict) {
      expect(
        lines.some((l) => l.includes(norm(`${d.district}: ${d.municipalities.length} comuni con una convenzione`))),
        d.district,
      ).toBe(true);
      for (const m of d.municipalities) if (!lines.some((l) => l.includes(norm(m)))) split.push(m);
    }
    expect(split).toEqual([]);
  });

  it("sets the workshops' three cards in one row on one page, each figure's row level across them (a hamlet's name under one card's title too)", async () => {
    // Each line that is a card's label alone («volontari», «ore di volontariato»): page, x, y.
    const found = JSON.parse(
      (
        await run('/usr/bin/python3', [
          '-c',
          'import fitz, json, sys\nd = fitz.open(sys.argv[1])\nout = []\nfor n, p in enumerate(d):\n  for b in p.get_text("dict")["blocks"]:\n    for l in b.get("lines", []):\n      t = "".join(s["text"] for s in l["spans"]).strip()\n      if t in ("volontari", "km percorsi", "ausili forniti"): out.append([n + 1, t, round(l["bbox"][0]), round(l["bbox"][1])])\nprint(json.dumps(out))',
          plain,
        ])
      ).stdout,
    ) as [number, string, number, number][];
    for (const label of ['volontari', 'km percorsi', 'ausili forniti']) {
      const row = found.filter(([, t]) => t === label);
      expect(row, label).toHaveLength(3);
      expect(new Set(row.map(([p]) => p)).size, `${label}: one page`).toBe(1);
      expect(new Set(row.map(([, , x]) => x)).size, `${label}: three columns`).toBe(3);
      expect(Math.max(...row.map(([, , , y]) => y)) - Math.min(...row.map(([, , , y]) => y)), `${label}: level`).toBeLessThanOrEqual(1);
    }
  });

  it('with sito: the QR code on page 1 opens the web report, whose address is written out beside it', async () => {
    expect(await qrOnPage(withSite, 1)).toBe(REPORT);
    expect(await pageText(withSite, 1)).toContain(REPORT);
    expect(await qrOnPage(withSite, 2)).toBeUndefined();
  }, 60_000);

  it('without sito: no code and no address', async () => {
    expect(await qrOnPage(plain, 1)).toBeUndefined();
    const text = await allText(plain);
    expect(text).not.toContain('Inquadra il codice');
    expect(text).not.toMatch(/https?:\/\//);
  }, 60_000);

  // White type is written only inside a chart's coloured segment (the specs choose it over a dark colour,
  // and check keeps the districts' colours apart in grey): every other text is read on the paper.
  it('draws the associations by type as one bar: each figure inside a grey part of its own, as wide as its share', async () => {
    const { aps, odv } = figures.network!;
    const parts = JSON.parse((await run('/usr/bin/python3', ['-c', SPLIT, plain, formatNumber(aps), formatNumber(odv)])).stdout) as {
      word: string;
      fill: number[] | null;
      width: number;
      bar: number;
    }[];
    expect(parts.map((p) => p.word)).toEqual([formatNumber(aps), formatNumber(odv)]);
    for (const p of parts) {
      // A filled part behind the figure, in a neutral ink (slate grey: its channels close together, no district's
      // colour) darker than the paper.
      expect(p.fill, p.word).not.toBeNull();
      expect(Math.max(...p.fill!) - Math.min(...p.fill!), p.word).toBeLessThan(0.12);
      expect(p.fill![0], p.word).toBeLessThan(0.6);
    }
    expect(parts[0].width / parts[0].bar).toBeCloseTo(aps / (aps + odv), 1);
  });

  it('reads in black and white: every text on the paper in ink of 4.5:1 or more, on every page', async () => {
    const faint: string[] = [];
    for (let n = 1; n <= (await pages(plain)); n++) {
      for (const r of await paintedTexts(plain, n)) if (r.fill !== WHITE && contrast(r.fill, WHITE) < 4.5) faint.push(`page ${n}: ${r.fill}`);
    }
    expect([...new Set(faint)]).toEqual([]);
  });

  it('is PDF/UA: title, language, the footer an artifact, every chart a Figure with the alternate text of its chart', async () => {
    const report = await pdfUaReport(plain, FOOTER);
    expect(report.problems).toEqual([]);
    // The page number is written in pieces («Pagina », «3», « di », «19»): each page's artifacts, read together.
    const n = await pages(plain);
    const doc = await getDocument({ data: new Uint8Array(readFileSync(plain)) }).promise;
    for (let p = 1; p <= n; p++) {
      const items = (await (await doc.getPage(p)).getTextContent({ includeMarkedContent: true })).items as { type?: string; tag?: string; str?: string }[];
      const stack: string[] = [];
      let artifact = '';
      let tagged = '';
      for (const item of items) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push(item.tag ?? '');
        else if (item.type === 'endMarkedContent') stack.pop();
        else if (stack.includes('Artifact')) artifact += item.str ?? '';
        else tagged += item.str ?? '';
      }
      expect(artifact.replace(/\s+/g, ' '), `page ${p}`).toContain(`Pagina ${p} di ${n}`);
      expect(artifact, `page ${p}`).toContain('Auser Cremona · Assemblea dei soci e dei delegati · 16 maggio 2026');
      expect(tagged, `page ${p}`).not.toMatch(/Pagina/);
    }
    await doc.destroy();
    const alts = [...deckHtml.matchAll(/<svg role="img" aria-label="([^"]*)"/g)].map((m) =>
      m[1]
        .replace(/&#x27;|&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
    expect(report.figures.flat().sort()).toEqual(alts.sort());
  });
});

describe('--handout 2: the slide layout, as before', () => {
  it('prints two slides a page, each in its 16:9 frame, with no text under 8 pt', async () => {
    const printed = [...deckHtml.matchAll(/<section class="slide slide--([a-z-]+)"/g)].filter((m) => m[1] !== 'section').length;
    expect(await pages(slides2)).toBe(Math.ceil(printed / 2));
    const spans = await spansOf(slides2);
    expect(Math.min(...spans.map(([, size]) => size))).toBeGreaterThanOrEqual(8);
    expect(await slideFrames(slides2)).toBe(printed);
  });
});

describe("the charts' drawings for the A4 column (charts() with print)", () => {
  it("are as wide as the column, every text at 12 pt or more, with the same text alternative as the slide's", async () => {
    const dataset = (await checkRealData()).dataset!;
    const templates = await loadChartTemplates(templateRoots({ dataDir: DATA, cwd: ROOT } as never));
    const made = await charts(derive(dataset), templates, dataset.territory.topology, { narrow: false, print: true });
    expect(made.charts.size).toBeGreaterThan(10);
    for (const c of made.charts.values()) {
      const { width } = svgSize(c.printSvg);
      expect(width, c.id).toBeLessThanOrEqual(PRINT.width + 0.5);
      // A map keeps its shape (no taller than the page allows); every other chart fills the column.
      if (c.id !== 'convenzioni-mappa') expect(width, c.id).toBeGreaterThanOrEqual(PRINT.width - 24);
      const sizes = [...c.printSvg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
      if (sizes.length) expect(Math.min(...sizes), c.id).toBeGreaterThanOrEqual(16);
      expect(c.printSvg).toContain(`aria-label="${c.svg.match(/aria-label="([^"]*)"/)![1]}"`);
      expect(c.printSvg).not.toBe(c.svg);
    }
  }, 120_000);
});

describe('--handout on the command line', () => {
  it('is the document without the option (or with "documento"), a slide layout with 1, 2, 3 or 6, and says what to choose otherwise', async () => {
    const { configFrom } = await import('../src/config.js');
    const handout = (...argv: string[]) => (configFrom(['build', ...argv], {}, ROOT, false) as { handout: unknown }).handout;
    expect(handout()).toBe('document');
    expect(handout('--handout', 'documento')).toBe('document');
    for (const n of [1, 2, 3, 6]) expect(handout('--handout', String(n))).toBe(n);
    expect(() => handout('--handout', '4')).toThrow('--handout: "4" non va bene; scegli 1, 2, 3 o 6 diapositive per pagina, oppure togli l\'opzione per il documento da leggere a casa.');
  });
});
