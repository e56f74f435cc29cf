/** deck.pdf and handout.pdf as the people who archive, email and print them meet them: opened with
 * poppler's tools and pdf.js, built twice for byte-identity, and a build killed while printing. */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CannotPrintError, findBrowser, isHeadlessShell, launchBrowser } from '../src/browser.js';
import { build } from '../src/build.js';
import { configFrom } from '../src/config.js';
import { buildContext } from '../src/context.js';
import { PartlyWrittenError } from '../src/diagnostics.js';
import { OUTPUTS, printedBy } from '../src/outputs.js';
import { openPrinter, type PrintError, print } from '../src/print.js';
import { pdfUaReport } from './pdf-ua-check.js';
import { alive, childrenOf, dataCopy, expectOverfullMessage, overfullDataCopy, ROOT, runCli, sleep } from './support.js';

const run = promisify(execFile);

const cli = (argv: string[], env: Record<string, string> = {}) => runCli(argv, { env });

const text = async (pdf: string, ...args: string[]) => (await run('pdftotext', ['-layout', ...args, pdf, '-'], { maxBuffer: 1 << 26 })).stdout;

/** pdfinfo's "Key: value" lines as an object. */
async function info(pdf: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** The outline as "title -> page", nested by indentation, read with pdf.js. */
async function outline(pdf: string): Promise<{ title: string; page: number; items: { title: string; page: number }[] }[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf)) }).promise;
  type Item = Awaited<ReturnType<typeof doc.getOutline>>[number];
  const pageOf = async (i: Item) => {
    const dest = typeof i.dest === 'string' ? await doc.getDestination(i.dest) : i.dest;
    return dest ? (await doc.getPageIndex(dest[0] as never)) + 1 : 0;
  };
  const items = (await doc.getOutline()) ?? [];
  const out = [];
  for (const i of items) out.push({ title: i.title, page: await pageOf(i), items: await Promise.all(i.items.map(async (c) => ({ title: c.title, page: await pageOf(c) }))) });
  await doc.destroy();
  return out;
}

async function meta(pdf: string) {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf)) }).promise;
  const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
  const marked = await doc.getMarkInfo();
  await doc.destroy();
  return { info, marked };
}

/** The slides of deck.html, in order: id, section and title, as the deck itself declares them. */
function slidesOf(html: string): { id: string; section: string }[] {
  return [...html.matchAll(/<section class="slide [^"]*" id="([^"]+)" data-section="([^"]*)"/g)].map((m) => ({ id: m[1], section: decode(m[2]) }));
}
const decode = (s: string) =>
  s
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every file under `dir`, relative to it, sorted. */
const filesIn = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((n) => !statSync(path.join(dir, n)).isDirectory()).sort();
/** The slides the handout prints as slides: all but the section dividers. */
const printedSlides = () => [...deckHtml.matchAll(/<section class="slide slide--([a-z-]+)"/g)].filter((m) => m[1] !== 'section');

/** Every text span's size in points (PyMuPDF), and the slide frames (the grey stroked rectangles). */
const MEASURE = `
import fitz, json, sys
d = fitz.open(sys.argv[1])
sizes, small, frames, rules = [], [], [], []
for n, p in enumerate(d):
    for b in p.get_text('dict')['blocks']:
        for l in b.get('lines', []):
            for s in l['spans']:
                if s['text'].strip():
                    sizes.append(s['size'])
                    if s['size'] < 8: small.append([n + 1, round(s['size'], 2), s['text'][:40]])
    for dr in p.get_drawings():
        r, c = dr['rect'], dr.get('color')
        if dr.get('type') == 's' and c and abs(c[0] - 0x55 / 255) < 0.01 and r.width > 100 and r.height > 50:
            frames.append({'page': n + 1, 'width': r.width, 'height': r.height, 'top': r.y0, 'bottom': r.y1})
        ink = dr.get('fill') or c
        if ink and abs(ink[0] - 0x9a / 255) < 0.01 and r.width > 100 and r.height < 3:
            rules.append({'page': n + 1, 'y': r.y0})
print(json.dumps({'pages': d.page_count, 'count': len(sizes), 'smallest': min(sizes), 'small': small[:20], 'frames': frames, 'rules': rules}))
`;
const measuredCache = new Map<
  string,
  Promise<{
    pages: number;
    count: number;
    smallest: number;
    small: unknown[];
    frames: { page: number; width: number; height: number; top: number; bottom: number }[];
    rules: { page: number; y: number }[];
  }>
>();
function measured(pdf: string) {
  if (!measuredCache.has(pdf))
    measuredCache.set(
      pdf,
      run('/usr/bin/python3', ['-c', MEASURE, pdf], { maxBuffer: 1 << 26 }).then((r) => JSON.parse(r.stdout)),
    );
  return measuredCache.get(pdf)!;
}

/** The deck's safe area on its 1280x720 page (DESIGN.md): 64 px in from every edge. */
const SAFE = { left: 64, top: 64, right: 1280 - 64, bottom: 720 - 64 };
/** The footer's text on every page of the real deck. */
const FOOTER = 'Auser Cremona · Assemblea dei soci e dei delegati · 16 maggio 2026';

/** Per page of a deck.pdf, in CSS px (PyMuPDF, glyph boxes as tall as the font size, not the font's line gap):
 * the footer rule (a hairline across the bottom margin), the texts wholly under it, the number of texts
 * and paths above it, and every one of those that crosses the safe area. Page backgrounds (paths as
 * large as the page) and the rule itself are not content; text under 2 px is the sections' transparent
 * bookmark mark. */
const SAFE_AREA = `
import fitz, json, sys
fitz.TOOLS.set_small_glyph_heights(True)
d = fitz.open(sys.argv[1])
left, top, right, bottom = map(float, sys.argv[2:6])
K = 96 / 72
out = []
for n, p in enumerate(d):
    W, H = p.rect.width * K, p.rect.height * K
    box = lambda r: [round(v * K, 1) for v in (r[0], r[1], r[2], r[3])]
    paths = [(dr, box(dr['rect'])) for dr in p.get_drawings()]
    rules = [b for dr, b in paths if b[3] - b[1] <= 1.5 and b[2] - b[0] >= W / 2 and b[1] > bottom]
    rule = min((b[1] for b in rules), default=None)
    items, footer = [], []
    for b in p.get_text('dict')['blocks']:
        if b['type'] == 1:
            items.append(('picture', box(b['bbox'])))
        for l in b.get('lines', []):
            for s in l['spans']:
                if not s['text'].strip() or s['size'] * K < 2:
                    continue
                r = box(s['bbox'])
                if rule is not None and r[1] >= rule:
                    footer.append(s['text'].strip())
                else:
                    items.append(('text «%s»' % s['text'].strip()[:50], r))
    texts = len(items)
    marks = 0
    for dr, r in paths:
        if r[2] - r[0] >= W - 1 and r[3] - r[1] >= H - 1:
            continue
        if r in rules:
            continue
        marks += 1
        items.append(('path %s' % (dr.get('fill') and 'filled' or 'stroked'), r))
    outside = []
    for what, r in items:
        over = max(left - r[0], top - r[1], r[2] - right, r[3] - bottom)
        if over > 1:
            outside.append('%s at %s crosses the safe area by %.1f px' % (what, r, over))
    out.append({'page': n + 1, 'width': round(W, 1), 'height': round(H, 1), 'rule': rule, 'footer': footer, 'paths': marks, 'texts': texts, 'outside': outside})
print(json.dumps(out))
`;
async function safeArea(pdf: string): Promise<{ page: number; width: number; height: number; rule: number | null; footer: string[]; paths: number; texts: number; outside: string[] }[]> {
  const { stdout } = await run('/usr/bin/python3', ['-c', SAFE_AREA, pdf, ...[SAFE.left, SAFE.top, SAFE.right, SAFE.bottom].map(String)], { maxBuffer: 1 << 26 });
  return JSON.parse(stdout);
}

let work: string;
let first: string;
let second: string;
let deckHtml: string;
/** What the first full build printed on stdout. */
let firstEnd: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'assemblea-print-'));
  first = path.join(work, 'a');
  second = path.join(work, 'b');
  // The real data's 2025 deck (--year 2025 here and below), whichever year is the latest in data/.
  const a = await cli(['build', '--year', '2025', '--out', first, '--quiet']);
  expect(a.stderr).not.toContain('errore');
  expect(a.code).toBe(0);
  firstEnd = a.stdout;
  const b = await cli(['build', '--year', '2025', '--out', second, '--quiet']);
  expect(b.code).toBe(0);
  deckHtml = await readFile(path.join(first, '2025', 'deck.html'), 'utf8');
}, 400_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the end of a full build (issue 19)', () => {
  it('says what was made, where, and what to do next, in two short lines instead of every file name', () => {
    const dir = path.relative(ROOT, path.join(first, '2025'));
    // The tables it counts are the CSV files it wrote (one per chart of the outline's charts).
    const tables = readdirSync(path.join(first, '2025', 'dati')).filter((f) => f.endsWith('.csv')).length;
    expect(tables).toBeGreaterThan(10);
    expect(firstEnd).toBe(
      `Creati in ${dir} (${/\(([\d,]+) s\)/.exec(firstEnd)![1]} s), con 20 avvisi: la presentazione (deck.html, deck.pdf, deck.pptx), la dispensa da stampare (handout.pdf), ` +
        `il resoconto per il sito (report.html, anteprima.png e ${tables} tabelle in dati/) e la pagina di revisione (revisione.html).\n` +
        `Apri ${dir}/deck.html per presentare.\n`,
    );
    // The 700-character list of files it replaces: no CSV file is named.
    expect(firstEnd).not.toMatch(/\.csv/);
    expect(firstEnd.split('\n')[0].length - dir.length).toBeLessThan(260);
  });
});

describe('deck.pdf', () => {
  const pdf = () => path.join(first, '2025', 'deck.pdf');

  it('has one 16:9 page per slide of the deck', async () => {
    const i = await info(pdf());
    expect(Number(i.Pages)).toBe(slidesOf(deckHtml).length);
    expect(slidesOf(deckHtml).length).toBeGreaterThan(25);
    const [w, h] = i['Page size'].match(/[\d.]+/g)!.map(Number);
    expect(w / h).toBeCloseTo(16 / 9, 3);
  });

  it("embeds every font it uses, and they are the deck's own", async () => {
    const { stdout } = await run('pdffonts', [pdf()]);
    const rows = stdout.split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/TitilliumWeb/);
      // columns: name type encoding emb sub uni ...: "emb" is the first yes/no
      expect(row.match(/\b(yes|no)\b/)![1], row).toBe('yes');
    }
  });

  it('is a tagged PDF with the assembly as its title and Italian as its language', async () => {
    const { info: i, marked } = await meta(pdf());
    expect(marked?.Marked).toBe(true);
    expect(i.Language).toBe('it');
    expect(i.Title).toBe('Auser Cremona · Assemblea dei soci e dei delegati · 16 maggio 2026');
  });

  it("has a bookmark per section, in the deck's order, each on the section's first page, with its slides inside", async () => {
    const slides = slidesOf(deckHtml);
    const sections = [...new Set(slides.map((s) => s.section))];
    const marks = await outline(pdf());
    expect(marks.map((m) => m.title)).toEqual(sections);
    for (const m of marks) {
      expect(m.page, m.title).toBe(slides.findIndex((s) => s.section === m.title) + 1);
      expect(m.items.length, m.title).toBeGreaterThan(0);
    }
    expect(marks.map((m) => m.title)).toEqual(expect.arrayContaining(['Le convenzioni', 'Soci', 'Volontari', 'Aiuto alla persona', 'Progetti']));
  });

  it("has selectable text carrying the seed's figures, each on its slide's page", async () => {
    const slides = slidesOf(deckHtml);
    const page = async (id: string) => {
      const n = slides.findIndex((s) => s.id === id) + 1;
      expect(n, id).toBeGreaterThan(0);
      return text(pdf(), '-f', String(n), '-l', String(n));
    };
    const all = await text(pdf());
    for (const figure of ['52', '62', '7.478', '1.217', '40.725', '20.907', '10.573', '1.001.248', '16 maggio 2026']) expect(all).toContain(figure);
    // The km total the deck prints is the sum of the districts, not the seed's typo.
    expect(all).not.toContain('1.001.148');
    expect(await page('rete')).toMatch(/52/);
    expect(await page('convenzioni')).toMatch(/62/);
  });

  it("gives each chart its text alternative as the alternate text of a Figure in the tag tree, on its slide's page", async () => {
    // What deck.html says each chart is, slide by slide (the SVG's aria-label), against pdf.js's structure tree.
    const pages = deckHtml.split(/<section class="slide /).slice(1);
    const expected = pages.map((s) => [...s.matchAll(/<svg role="img" aria-label="([^"]*)"/g)].map((m) => decode(m[1])));
    expect(expected.flat().length).toBeGreaterThan(10);
    const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf())) }).promise;
    type Node = { role?: string; alt?: string; children?: Node[] };
    const figures = (n: Node | null, out: string[] = []): string[] => {
      if (n?.role === 'Figure' && n.alt) out.push(n.alt);
      for (const c of n?.children ?? []) figures(c, out);
      return out;
    };
    try {
      for (const [i, alts] of expected.entries()) {
        const tree = (await (await doc.getPage(i + 1)).getStructTree()) as Node | null;
        expect(figures(tree), `page ${i + 1}`).toEqual(expect.arrayContaining(alts));
      }
    } finally {
      await doc.destroy();
    }
  });

  it('keeps every text and every mark of every page inside the 64 px safe area, the footer alone under its rule (PyMuPDF, issue 21)', async () => {
    // A map slide's last line of municipalities was printed 16 px lower than the screen laid it out, struck
    // through by the footer rule: what is printed is measured here, every span of text and every path drawn.
    const pages = await safeArea(pdf());
    const slides = slidesOf(deckHtml);
    expect(pages).toHaveLength(slides.length);
    const problems: string[] = [];
    for (const p of pages) {
      expect(p.width, `page ${p.page}`).toBe(1280);
      expect(p.height, `page ${p.page}`).toBe(720);
      expect(p.rule, `page ${p.page}: the footer rule`).not.toBeNull();
      expect(p.rule!, `page ${p.page}: the footer rule sits in the bottom margin`).toBeGreaterThan(SAFE.bottom);
      expect(p.footer, `page ${p.page}: under the rule, the footer and nothing else`).toEqual([FOOTER, `${p.page} / ${slides.length}`]);
      for (const t of p.outside) problems.push(`page ${p.page} (${slides[p.page - 1].id}): ${t}`);
    }
    expect(problems).toEqual([]);
    // Every page was looked at, its charts with it: each chart's page has paths and texts above the rule.
    const html = deckHtml.split(/<section class="slide /).slice(1);
    const charted = html.flatMap((h, i) => (h.includes('<svg role="img"') ? [i] : []));
    expect(charted.length).toBeGreaterThan(10);
    for (const i of charted)
      expect(
        [pages[i].paths, pages[i].texts].map((n) => n > 0),
        slides[i].id,
      ).toEqual([true, true]);
  });

  it('draws the charts as vectors: no picture stands in for a chart', async () => {
    const { stdout } = await run('pdfimages', ['-list', pdf()]);
    // Header of two lines; photos would be listed, charts must not be.
    expect(stdout.split('\n').slice(2).filter(Boolean)).toEqual([]);
  });
});

describe('the overflow check measures what deck.pdf prints (issue 21)', () => {
  /** deck.html with one slide laid out as the map slide was: a 120 px header, then a body that ends 56 px
   * above the safe area's bottom, with a picture's column and beside it a column centred on the body's
   * height, holding `lines` lines of 36 px. */
  const oneSlide = (lines: number) => {
    const items = Array.from({ length: lines }, (_, i) => `<p style="margin:0;line-height:36px">Riga ${i + 1}, Casalmaggiore</p>`).join('');
    const column = `<div style="flex:1;min-height:0;display:flex;flex-direction:column;justify-content:center">${items}</div>`;
    const body = `<div style="flex:1;min-height:0;margin-bottom:56px;display:flex;align-items:stretch;gap:32px"><div style="flex:0 0 400px">Mappa</div>${column}</div>`;
    const slide = `<section class="slide slide--text" id="lista"><div class="slide-inner"><div style="flex:none;height:120px;line-height:36px">Titolo</div>${body}<footer class="slide-footer" aria-hidden="true"><span>Piede</span></footer></div></section>`;
    return deckHtml.replace(/(<main class="deck"[^>]*>)[^]*?(<\/main>)/, `$1${slide}$2`);
  };
  const check = (html: string) =>
    print(
      { deckHtml: html, handoutHtml: html, date: new Date(0), slideSources: new Map([['lista', { title: 'Lista', number: 1, field: 'convenzioni.per_ambito' }]]) },
      { browser: launchBrowser(), want: { deck: true, handout: false, preview: false } },
    );
  /** The last line's bottom on screen (print media, the PDF's page size) and on the page Chromium prints
   * from the same HTML, untouched by the check, in CSS px (PyMuPDF, glyph boxes the font's size tall). */
  async function lastLine(html: string, lines: number): Promise<{ screen: number; paper: number }> {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setViewport({ width: 1280, height: 720 });
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      await page.emulateMediaType('print');
      const screen = await page.evaluate(() => [...document.querySelectorAll('p')].at(-1)!.getBoundingClientRect().bottom);
      const file = path.join(work, `lista-${lines}.pdf`);
      await writeFile(file, await page.pdf({ preferCSSPageSize: true }));
      return { screen, paper: await printedBottom(file, `Riga ${lines},`) };
    } finally {
      await browser.close();
    }
  }
  /** Where a line starting with `text` ends on the first page of a PDF, in CSS px: the header's line
   * («Titolo», the same font, size and line height, its box from 64 to 100 px) moved by as much as the
   * PDF's glyphs of the two lines are apart. */
  async function printedBottom(file: string, text: string): Promise<number> {
    const script = `
import fitz, json, sys
fitz.TOOLS.set_small_glyph_heights(True)
d = fitz.open(sys.argv[1])
found = {}
for b in d[0].get_text('dict')['blocks']:
    for l in b.get('lines', []):
        for s in l['spans']:
            for key in sys.argv[2:]:
                if s['text'].startswith(key) and key not in found:
                    found[key] = s['bbox'][3] * 96 / 72
print(json.dumps(found))
`;
    const found = JSON.parse((await run('/usr/bin/python3', ['-c', script, file, text, 'Titolo'])).stdout) as Record<string, number>;
    expect(Object.keys(found).sort(), file).toEqual([text, 'Titolo'].sort());
    return SAFE.top + 36 + found[text] - found.Titolo;
  }

  it('stops a slide that fits on screen but not on paper: the column that overflows prints from its top, past the safe area', async () => {
    // The column is 416 px tall for 14 lines (504 px). On screen they spill 44 px each way and end 12 px
    // inside the safe area; the page Chromium prints starts them at the column's top, 32 px past the
    // safe area's bottom, as deck.pdf printed the map slide's list over the footer rule.
    const html = oneSlide(14);
    const { screen, paper } = await lastLine(html, 14);
    expect(screen).toBeLessThan(SAFE.bottom);
    expect(paper).toBeGreaterThan(SAFE.bottom + 16);
    const printed = await check(html);
    expect(printed.diagnostics.map((d) => d.code)).toEqual(['diapositiva-troppo-piena']);
    expect(printed.diagnostics[0].message).toContain('«Riga 14, Casalmaggiore»');
    // The check says how far the paper shows it, not the screen.
    const px = Number(/di (\d+) px/.exec(printed.diagnostics[0].message)?.[1]);
    expect(Math.abs(px - (paper - SAFE.bottom))).toBeLessThanOrEqual(2);
  }, 120_000);

  it('lets the same slide print with lines to spare, its column centred where the screen has it', async () => {
    const html = oneSlide(11);
    const { screen } = await lastLine(html, 11);
    const printed = await check(html);
    expect(printed.diagnostics).toEqual([]);
    const file = path.join(work, 'lista-checked.pdf');
    await writeFile(file, printed.files['deck.pdf']);
    expect(Math.abs((await printedBottom(file, 'Riga 11,')) - screen)).toBeLessThanOrEqual(1);
  }, 120_000);
});

/** The slide layouts of the handout (--handout 2 here; the default, the document, is test/handout.test.ts's). */
let slidesHandout: string;
const slidesLayout = async () => {
  if (!slidesHandout) {
    const out = path.join(work, 'two');
    const r = await cli(['build', '--year', '2025', '--out', out, '--only', 'pdf', '--handout', '2', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    slidesHandout = path.join(out, '2025', 'handout.pdf');
  }
  return slidesHandout;
};

describe('handout.pdf with --handout 2', () => {
  const pdf = () => slidesHandout;
  beforeAll(slidesLayout, 240_000);

  it('is A4 portrait with two slides per page, dividers not counted', async () => {
    const i = await info(pdf());
    const [w, h] = i['Page size'].match(/[\d.]+/g)!.map(Number);
    expect(Math.round(w)).toBe(595);
    expect(Math.round(h)).toBe(842);
    expect(Number(i.Pages)).toBe(Math.ceil(printedSlides().length / 2));
  });

  it('prints no text under 8 pt, measured on every text span of every page', async () => {
    const spans = await measured(pdf());
    expect(spans.pages).toBe(Number((await info(pdf())).Pages));
    // enough spans to mean something (the slides show each figure once, without the tables beside charts)
    expect(spans.count).toBeGreaterThan(300);
    expect(spans.smallest, JSON.stringify(spans.small)).toBeGreaterThanOrEqual(8);
  });

  it("draws every slide in a 16:9 frame of one size, the last page's too", async () => {
    const { frames } = await measured(pdf());
    expect(frames.length).toBe(printedSlides().length);
    for (const f of frames) {
      expect(f.width / f.height, JSON.stringify(f)).toBeCloseTo(16 / 9, 1);
      expect(f.width).toBeCloseTo(frames[0].width, 0);
    }
  });

  it('rules at least three lines under every slide, evenly spaced, never over a frame (a section heading included)', async () => {
    const { frames, rules } = await measured(pdf());
    expect(rules.length).toBeGreaterThanOrEqual(frames.length * 3);
    const problems: string[] = [];
    for (const f of frames) {
      const next = frames.find((g) => g.page === f.page && g.top > f.bottom)?.top ?? Infinity;
      const own = rules
        .filter((r) => r.page === f.page && r.y > f.bottom && r.y < next)
        .map((r) => r.y)
        .sort((a, b) => a - b);
      if (own.length < 3) problems.push(`page ${f.page}: ${own.length} rules under the frame at ${f.top.toFixed(0)}`);
      const gaps = own.slice(1).map((y, i) => y - own[i]);
      if (gaps.some((g) => Math.abs(g - gaps[0]) > 0.3)) problems.push(`page ${f.page}: gaps ${gaps.map((g) => g.toFixed(1)).join(' ')}`);
    }
    const over = rules.filter((r) => frames.some((f) => f.page === r.page && r.y > f.top && r.y < f.bottom));
    expect(over.map((r) => `page ${r.page} at ${r.y.toFixed(0)}`)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("prints the slides without their own footer, and each divider as a heading above its part's first slide", async () => {
    const all = await text(pdf());
    // The slide footer's counter ("12 / 34") belongs to the hall; the sheet's footer has "Pagina n di m".
    expect(all).not.toMatch(/\b\d+ \/ \d+\b/);
    const dividers = [...deckHtml.matchAll(/<section class="slide slide--section"[^>]* aria-label="\d+ di \d+: ([^"]+)"/g)].map((m) => decode(m[1]));
    expect(dividers.length).toBeGreaterThan(1);
    for (const d of dividers) expect(all.replace(/\s+/g, ' ')).toContain(d);
  });

  it('numbers its pages and names the association and the assembly date in the footer', async () => {
    const pages = Number((await info(pdf())).Pages);
    for (const n of [1, pages]) {
      const t = await text(pdf(), '-f', String(n), '-l', String(n));
      expect(t).toContain(`Pagina ${n} di ${pages}`);
      expect(t).toContain('Auser Cremona');
      expect(t).toContain('16 maggio 2026');
    }
  });

  it('--handout 1 gives a notes page per slide, --handout 6 six slides a page', async () => {
    const out = path.join(work, 'layouts');
    for (const layout of [1, 6]) {
      const r = await cli(['build', '--year', '2025', '--out', out, '--only', 'pdf', '--handout', String(layout), '--quiet']);
      expect(r.code).toBe(0);
      expect(Number((await info(path.join(out, '2025', 'handout.pdf'))).Pages)).toBe(Math.ceil(printedSlides().length / layout));
    }
  }, 240_000);
});

describe('PDF/UA-1, by a structural check of the tag tree (test/pdf-ua-check.ts)', () => {
  // Page furniture: the slides' footer line and «7 / 35», the handout's footer and «Pagina 3 di 16».
  const FURNITURE = [/^\d+ \/ \d+$/, /^Pagina \d+ di \d+$/, /^Auser Cremona · Assemblea dei soci e dei delegati · 16 maggio 2026$/];

  it('deck.pdf: identified as PDF/UA-1 with its title and language, footers and page numbers artifacts, every Figure with the alternate text of its chart', async () => {
    const report = await pdfUaReport(path.join(first, '2025', 'deck.pdf'), FURNITURE);
    expect(report.problems).toEqual([]);
    const slides = slidesOf(deckHtml);
    // Every page's footer and number were found, as artifacts.
    for (const [i] of slides.entries()) expect(report.furniture).toContain(`${i + 1} / ${slides.length}`);
    // One Figure per chart, with the chart's text alternative: no wrapper Figure without one.
    const pages = deckHtml.split(/<section class="slide /).slice(1);
    // (A chart is an SVG; the split bar of a whole in two, drawn in HTML, a figure with role="img".)
    const alts = pages.map((s) => [...s.matchAll(/<(?:svg|div class="split") role="img" aria-label="([^"]*)"/g)].map((m) => decode(m[1])));
    expect(report.figures).toEqual(alts);
  });

  it('handout.pdf (--handout 2): the same, its page footer and number artifacts, every chart a Figure with its alternate text', async () => {
    const report = await pdfUaReport(await slidesLayout(), FURNITURE);
    expect(report.problems).toEqual([]);
    const pages = Number((await info(await slidesLayout())).Pages);
    for (let n = 1; n <= pages; n++) expect(report.furniture).toContain(`Pagina ${n} di ${pages}`);
    const charts = [...deckHtml.matchAll(/<(?:svg|div class="split") role="img" aria-label="([^"]*)"/g)].map((m) => decode(m[1]));
    expect(report.figures.flat().sort()).toEqual(charts.sort());
  });

  it('says it is PDF/UA-1 in XMP metadata that a reader of XMP finds (pdfinfo -meta)', async () => {
    for (const name of ['deck.pdf', 'handout.pdf']) {
      const { stdout } = await run('pdfinfo', ['-meta', path.join(first, '2025', name)]);
      expect(stdout, name).toContain('<pdfuaid:part>1</pdfuaid:part>');
      expect(stdout, name).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Auser Cremona · Assemblea dei soci e dei delegati · 16 maggio 2026');
      expect(stdout, name).toContain('<xmp:CreateDate>2026-05-16T00:00:00Z</xmp:CreateDate>');
    }
  });
});

describe('the same data gives the same bytes', () => {
  for (const name of ['deck.html', 'report.html', 'revisione.html', 'dati/soci-storico.csv', 'deck.pdf', 'handout.pdf', 'anteprima.png']) {
    it(name, async () => {
      const a = await readFile(path.join(first, '2025', name));
      const b = await readFile(path.join(second, '2025', name));
      expect(a.length).toBeGreaterThan(100);
      expect(a.equals(b)).toBe(true);
    });
  }

  it('stamps the assembly date, or SOURCE_DATE_EPOCH when set', async () => {
    expect((await info(path.join(first, '2025', 'deck.pdf'))).CreationDate).toMatch(/May 16 00:00:00 2026/);
    const out = path.join(work, 'epoch');
    const r = await cli(['build', '--year', '2025', '--out', out, '--only', 'pdf', '--quiet'], { SOURCE_DATE_EPOCH: '1700000000' });
    expect(r.code).toBe(0);
    expect((await info(path.join(out, '2025', 'deck.pdf'))).CreationDate).toMatch(/Nov 14 22:13:20 2023/);
  });
});

describe('when printing cannot happen', () => {
  /** A copy of the full build at `name`, its files' bytes, and a copy of the data with a changed title
   * (newer than that build), so that a remade output shows. */
  async function earlierBuild(name: string) {
    const out = path.join(work, name);
    await cp(first, out, { recursive: true, preserveTimestamps: true });
    const before = Object.fromEntries(filesIn(path.join(out, '2025')).map((n) => [n, readFileSync(path.join(out, '2025', n))]));
    const data = await dataCopy(path.join(work, `${name}-data`), {
      '2025.yaml': (t) => t.replace('titolo: Riprogettiamo il futuro', 'titolo: Riprogettiamo il futuro insieme'),
    });
    return { out, before, data };
  }
  /** Every file the browser makes, from the table of outputs (deck.pptx too). */
  const PRINTED = printedBy(OUTPUTS).sort();
  /** The earlier printed files are all there, byte for byte; the HTML follows the new data. */
  function printedKeptHtmlNew(out: string, before: Record<string, Buffer>) {
    for (const n of PRINTED) expect(readFileSync(path.join(out, '2025', n)).equals(before[n]), n).toBe(true);
    expect(filesIn(path.join(out, '2025'))).toEqual(Object.keys(before).sort());
    expect(readFileSync(path.join(out, '2025', 'deck.html'), 'utf8')).toContain('Riprogettiamo il futuro insieme');
    expect(readFileSync(path.join(out, '2025', 'report.html'), 'utf8')).toContain('Riprogettiamo il futuro insieme');
  }

  it('a wrong PUPPETEER_EXECUTABLE_PATH: names the path, keeps the earlier PDFs and image, writes the HTML, says what is older than the data', async () => {
    const { out, before, data } = await earlierBuild('nobrowser');
    const r = await cli(['build', '--data', data, '--out', out], { PUPPETEER_EXECUTABLE_PATH: '/opt/nonexistent/chrome' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("PUPPETEER_EXECUTABLE_PATH=/opt/nonexistent/chrome: non c'è nessun browser qui");
    // Not the advice to set the variable that is already set.
    expect(r.stderr).not.toContain('indica dove si trova con PUPPETEER_EXECUTABLE_PATH');
    expect(r.stderr).toContain(`Non aggiornati, più vecchi dei dati (sono quelli di prima): ${PRINTED.join(', ')}.`);
    expect(PRINTED).toEqual(expect.arrayContaining(['anteprima.png', 'deck.pdf', 'handout.pdf']));
    expect(r.stderr).toMatch(
      /Creati comunque in .*2025: la presentazione \(deck\.html\), il resoconto per il sito \(report\.html e \d+ tabelle in dati\/\) e la pagina di revisione \(revisione\.html\)\./,
    );
    expect(r.stderr).not.toContain('Interrotto');
    printedKeptHtmlNew(out, before);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('no browser and no earlier build: the HTML is written and the PDFs are said to be missing', async () => {
    const out = path.join(work, 'nobrowser-first');
    const r = await cli(['build', '--year', '2025', '--out', out, '--json'], { PUPPETEER_EXECUTABLE_PATH: path.join(work, 'nessun-browser') });
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout) as { ok: boolean; files: string[]; missing: string[]; diagnostics: { code: string }[] };
    expect(summary).toMatchObject({ ok: false, diagnostics: [{ code: 'browser-assente' }] });
    expect([...summary.missing].sort()).toEqual(PRINTED);
    expect(summary.files).toContain('deck.html');
    expect(existsSync(path.join(out, '2025', 'deck.html'))).toBe(true);
    expect(existsSync(path.join(out, '2025', 'deck.pdf'))).toBe(false);
  });

  it('a browser that does not start: named, and the earlier PDFs kept', async () => {
    const { out, before, data } = await earlierBuild('nostart');
    const r = await cli(['build', '--data', data, '--out', out], { PUPPETEER_EXECUTABLE_PATH: '/bin/false' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('errore [browser-non-parte]');
    expect(r.stderr).toContain('Il browser /bin/false non è partito');
    printedKeptHtmlNew(out, before);
  });

  it('Chromium killed while printing: said as a crash the build can survive, not as a bug', async () => {
    const browser = launchBrowser('/usr/bin/chromium');
    // The moment printing opens its first page, the browser dies.
    (await browser).once('targetcreated', () => void browser.then((b) => b.process()!.kill('SIGKILL')));
    const e = await print({ deckHtml, handoutHtml: deckHtml, date: new Date(0), slideSources: new Map() }, { browser, want: { deck: true, handout: true, preview: true } }).catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(CannotPrintError);
    expect((e as CannotPrintError).diagnostics.map((d) => d.code)).toEqual(['browser-interrotto']);
    expect((e as CannotPrintError).diagnostics[0].message).toMatch(/^Il browser si è chiuso mentre stampava i PDF/);
  });

  it('a pipe to the browser failing after it is closed (EPIPE, ECONNRESET) is no crash', async () => {
    // What a loaded machine did in 4 of 46 builds stopped by a data error: the browser's pipes failed after
    // puppeteer had stopped listening to them, and Node printed an unhandled 'error' event's stack trace.
    const browser = await launchBrowser();
    const [, , , toBrowser, fromBrowser] = browser.process()!.stdio;
    await browser.close();
    const failure = (code: string, syscall: string) => Object.assign(new Error(`${syscall} ${code}`), { code, syscall });
    expect(() => toBrowser!.emit('error', failure('EPIPE', 'write'))).not.toThrow();
    expect(() => fromBrowser!.emit('error', failure('ECONNRESET', 'read'))).not.toThrow();
  });

  it("a chart's picture draws its text in the deck's font, not the system's", async () => {
    const faces = deckHtml.match(/@font-face\{[^}]*\}/g) ?? [];
    expect(faces.length).toBeGreaterThan(0);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="40"><text x="4" y="30" font-family="Titillium Web" font-size="24">Casalasco 4,5%</text></svg>';
    const picture = async (fontFaces?: string) => {
      const p = await print(
        { deckHtml, handoutHtml: deckHtml, date: new Date(0), slideSources: new Map(), pictures: [{ id: 't', svg }], fontFaces },
        { browser: launchBrowser(), want: { deck: false, handout: false, preview: false } },
      );
      return Buffer.from(p.pictures.get('t')!);
    };
    const inFont = await picture(faces.join('\n'));
    const fallback = await picture();
    // Titillium Web is not installed on the machine: without the deck's faces the text falls back to another font.
    expect(inFont.equals(fallback)).toBe(false);
    expect(inFont.equals(await picture(faces.join('\n')))).toBe(true);
  }, 120_000);

  it("a chart's picture (deck.pptx's PNG) is drawn at twice its size on a page that loads nothing from outside", async () => {
    const svg = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#336699"/>${inner}</svg>`;
    const want = { deck: false, handout: false, preview: false };
    const ok = await print(
      { deckHtml, handoutHtml: deckHtml, date: new Date(0), slideSources: new Map(), pictures: [{ id: 'mappa', svg: svg('') }] },
      { browser: launchBrowser('/usr/bin/chromium'), want },
    );
    const png = Buffer.from(ok.pictures.get('mappa')!);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([240, 120]);
    const outside = svg('<image href="https://example.org/confini.png" width="10" height="10"/>');
    const e = await print(
      { deckHtml, handoutHtml: deckHtml, date: new Date(0), slideSources: new Map(), pictures: [{ id: 'mappa', svg: outside }] },
      { browser: launchBrowser('/usr/bin/chromium'), want },
    ).catch((err: unknown) => err);
    expect((e as PrintError).diagnostics?.map((d) => d.code)).toEqual(['richiesta-esterna']);
  });

  it('a print time-out: the earlier PDFs kept, the time-out said', async () => {
    const { out, before, data } = await earlierBuild('timeout');
    const parsed = configFrom(['build', '--data', data, '--out', out], {}, ROOT, false);
    if (parsed === 'help') throw new Error('unexpected help');
    const e = await build(parsed, buildContext(parsed, { printTimeoutMs: 1 })).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(PartlyWrittenError);
    const { diagnostics, written } = e as PartlyWrittenError;
    expect(diagnostics.map((d) => d.code)).toEqual(['stampa-scaduta']);
    expect(written.stale).toEqual(PRINTED);
    printedKeptHtmlNew(out, before);
  });

  it('--only html remakes the deck and keeps every other output as it was, saying which are older than the data', async () => {
    const { out, before, data } = await earlierBuild('only-html');
    const r = await cli(['build', '--data', data, '--out', out, '--only', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Creati in .*2025 \([\d,]+ s\), con \d+ avvisi: la presentazione \(deck\.html\) e la pagina di revisione \(revisione\.html\)\.\n/);
    const others = Object.keys(before)
      .filter((n) => !['deck.html', 'revisione.html'].includes(n))
      .sort();
    expect(others).toEqual(expect.arrayContaining(['anteprima.png', 'deck.pdf', 'handout.pdf', 'report.html']));
    expect(r.stdout).toContain(`Non aggiornati, più vecchi dei dati (sono quelli di prima): ${others.join(', ')}.\n`);
    expect(filesIn(path.join(out, '2025'))).toEqual(Object.keys(before).sort());
    for (const n of Object.keys(before).filter((n) => !['deck.html', 'revisione.html'].includes(n))) {
      expect(readFileSync(path.join(out, '2025', n)).equals(before[n]), n).toBe(true);
    }
    expect(readFileSync(path.join(out, '2025', 'deck.html'), 'utf8')).toContain('Riprogettiamo il futuro insieme');
  });

  it('--only pdf remakes the PDFs and keeps the deck, the report and its files as they were', async () => {
    const { out, before, data } = await earlierBuild('only-pdf');
    const r = await cli(['build', '--data', data, '--out', out, '--only', 'pdf', '--quiet']);
    expect(r.code).toBe(0);
    expect(filesIn(path.join(out, '2025'))).toEqual(Object.keys(before).sort());
    for (const n of Object.keys(before).filter((n) => !['deck.pdf', 'handout.pdf', 'revisione.html'].includes(n))) {
      expect(readFileSync(path.join(out, '2025', n)).equals(before[n]), n).toBe(true);
    }
    // In reading order (no -layout): the title sits beside other text on its slide.
    const { stdout } = await run('pdftotext', [path.join(out, '2025', 'deck.pdf'), '-'], { maxBuffer: 1 << 26 });
    expect(stdout.replace(/\s+/g, ' ')).toContain('Riprogettiamo il futuro insieme');
    expect(r.stdout).toContain('deck.html');
  });

  it('a slide that spills out of its box fails the build, naming the slide and the field; the old output stays', async () => {
    const data = await overfullDataCopy(path.join(work, 'long-data'));
    const before = readFileSync(path.join(first, '2025', 'deck.pdf'));
    const out = path.join(work, 'long-out');
    await cp(first, out, { recursive: true });
    const r = await cli(['build', '--data', data, '--out', out, '--only', 'html,pdf']);
    expectOverfullMessage(r);
    expect(readFileSync(path.join(out, '2025', 'deck.pdf')).equals(before)).toBe(true);
    expect(readFileSync(path.join(out, '2025', 'deck.html'), 'utf8')).toBe(deckHtml);
  });
});

describe('a build killed while printing', () => {
  it('leaves the previous output exactly as it was and no browser behind', async () => {
    const out = path.join(work, 'killed');
    await cp(first, out, { recursive: true });
    const before = Object.fromEntries(filesIn(path.join(out, '2025')).map((n) => [n, readFileSync(path.join(out, '2025', n))]));
    // A changed figure, so that an output written by the killed build would show.
    const data = await dataCopy(path.join(work, 'killed-data'), {
      '2025.yaml': (t) => t.replace('titolo: Riprogettiamo il futuro', 'titolo: Riprogettiamo il futuro insieme'),
    });

    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'assemblea.js'), 'build', '--data', data, '--out', out, '--quiet'], { cwd: ROOT, stdio: 'ignore' });
    let browsers: number[] = [];
    // Generous bounds: on a busy shared machine the build takes many times its usual seconds.
    for (let i = 0; i < 2400 && !browsers.length; i++) {
      await sleep(25);
      browsers = childrenOf(child.pid!);
    }
    expect(browsers.length, 'the build never started a browser').toBeGreaterThan(0);
    // Printing starts once the HTML is staged beside the output.
    const staged = () => readdirSync(out).some((n) => n.startsWith('.2025-in-corso-'));
    for (let i = 0; i < 2400 && !staged(); i++) await sleep(25);
    expect(staged(), 'the build never got to printing').toBe(true);
    const family = [...browsers, ...browsers.flatMap(childrenOf)];
    await sleep(150);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    for (let i = 0; i < 200 && family.some(alive); i++) await sleep(50);
    expect(family.filter(alive)).toEqual([]);

    const after = filesIn(path.join(out, '2025'));
    expect(after).toEqual(Object.keys(before).sort());
    for (const n of after) expect(readFileSync(path.join(out, '2025', n)).equals(before[n]), n).toBe(true);

    // The next build sweeps what the killed one left half-done.
    const r = await cli(['build', '--data', data, '--out', out, '--only', 'html', '--quiet']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(readFileSync(path.join(out, '2025', 'deck.html'), 'utf8')).toContain('Riprogettiamo il futuro insieme');
  }, 240_000);
});

describe('the sharing image (anteprima.png)', () => {
  /** A browser whose pages log when each screenshot and each PDF starts and ends. */
  function recording(browser: Promise<Browser>, log: string[], shots: string[] = []): Promise<Browser> {
    let pages = 0;
    return browser.then(
      (b) =>
        new Proxy(b, {
          get(target, key, receiver) {
            if (key !== 'newPage') return Reflect.get(target, key, receiver);
            return async () => {
              const page = await target.newPage();
              const n = ++pages;
              // Which page is brought to the front and which is shot, in order (in `shots`).
              const toFront = page.bringToFront.bind(page);
              page.bringToFront = async () => {
                shots.push(`front ${n}`);
                return toFront();
              };
              const shoot = page.screenshot.bind(page) as (...a: unknown[]) => Promise<unknown>;
              (page as unknown as Record<string, unknown>).screenshot = async (...a: unknown[]) => {
                shots.push(`shot ${n}`);
                try {
                  return await shoot(...a);
                } finally {
                  shots.push(`shot ${n} end`);
                }
              };
              for (const method of ['screenshot', 'pdf'] as const) {
                const original = page[method].bind(page) as (...a: unknown[]) => Promise<unknown>;
                (page as unknown as Record<string, unknown>)[method] = async (...a: unknown[]) => {
                  log.push(`${method} start`);
                  try {
                    return await original(...a);
                  } finally {
                    log.push(`${method} end`);
                  }
                };
              }
              return page;
            };
          },
        }),
    );
  }

  /** Two PNGs of the same picture: the same size, and all but a few pixels (antialiasing at the edges of
   * text) within a few levels of each other in every channel. */
  function expectSamePicture(a: Uint8Array, b: Uint8Array): void {
    const [x, y] = [PNG.sync.read(Buffer.from(a)), PNG.sync.read(Buffer.from(b))];
    expect([x.width, x.height]).toEqual([y.width, y.height]);
    let off = 0;
    for (let i = 0; i < x.data.length; i += 4) {
      if ([0, 1, 2].some((c) => Math.abs(x.data[i + c] - y.data[i + c]) > 24)) off++;
    }
    expect(off / (x.width * x.height)).toBeLessThan(0.005);
  }

  it('is taken while no page prints (a screenshot during a print waited seconds for it), and shows the title slide as printed', async () => {
    const log: string[] = [];
    const shots: string[] = [];
    // The browser the build found (the one that drew the build's own anteprima.png).
    const browser = launchBrowser();
    const map = { id: 'mappa', svg: '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#3d1c5c"/></svg>' };
    const printed = await print(
      { deckHtml, handoutHtml: deckHtml, date: new Date(0), slideSources: new Map(), pictures: [map] },
      { browser: recording(browser, log, shots), want: { deck: true, handout: true, preview: true, fit: true } },
    );
    // One screenshot at a time, each of the page just brought to the front: Chromium draws frames only for
    // the page in front, and a shot of another page could wait for a frame until the protocol's ceiling.
    expect(shots).toHaveLength(6);
    for (let i = 0; i < shots.length; i += 3) {
      const n = /^front (\d+)$/.exec(shots[i])?.[1];
      expect(n, shots.join(', ')).toBeDefined();
      expect(shots.slice(i + 1, i + 3)).toEqual([`shot ${n}`, `shot ${n} end`]);
    }
    // Two PDFs and two screenshots (the sharing image, the map's picture for deck.pptx).
    expect(log.filter((l) => l === 'pdf start')).toHaveLength(2);
    expect(log.filter((l) => l === 'screenshot end')).toHaveLength(2);
    expect(log.lastIndexOf('screenshot end')).toBeLessThan(log.indexOf('pdf start'));
    expect(Buffer.from(printed.pictures.get('mappa')!).subarray(1, 4).toString()).toBe('PNG');

    // The same picture as the title slide of deck.html shot alone, in print media, in a browser doing nothing
    // else, and as the build's own: two browsers need not antialias alike, so the pixels are compared, not the bytes.
    const image = printed.files['anteprima.png'];
    expectSamePicture(image, readFileSync(path.join(first, '2025', 'anteprima.png')));
    const alone = await launchBrowser();
    try {
      const page = await alone.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setViewport({ width: 1280, height: 720 });
      await page.setContent(deckHtml, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      await page.emulateMediaType('print');
      const shot = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 1280, height: 720 } });
      expect(Buffer.from(image).readUInt32BE(16)).toBe(1280); // PNG width and height
      expect(Buffer.from(image).readUInt32BE(20)).toBe(720);
      expectSamePicture(image, shot);
    } finally {
      await alone.close();
    }
  }, 240_000);

  it('opens its pages while the build is still making what they print, and gives deck.pptx its go-ahead before any PDF is printed', async () => {
    const log: string[] = [];
    const started = launchBrowser();
    const browser = recording(started, log);
    const printer = openPrinter({ browser, want: { deck: true, handout: true, preview: true, fit: true } });
    const b = await started;
    // The deck's, the handout's and the pictures' pages, opened before there is anything to load into them.
    await expect.poll(async () => (await b.pages()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    expect(log).toEqual([]);
    const map = { id: 'mappa', svg: '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#3d1c5c"/></svg>' };
    const printing = printer.print({ deckHtml, handoutHtml: deckHtml, date: new Date(0), slideSources: new Map(), pictures: [map] });
    const fit = await printing.fitted;
    expect(fit.diagnostics).toEqual([]);
    expect(Buffer.from(fit.pictures.get('mappa')!).subarray(1, 4).toString()).toBe('PNG');
    expect(log.filter((l) => l === 'pdf end')).toEqual([]);
    const done = await printing.done;
    expect(Object.keys(done.files).sort()).toEqual(['anteprima.png', 'deck.pdf', 'handout.pdf']);
    expect(log.filter((l) => l === 'pdf end')).toHaveLength(2);
  }, 120_000);

  it('a build that stops before its pages are made closes the browser it started, blank pages and all', async () => {
    const browser = launchBrowser();
    const printer = openPrinter({ browser, want: { deck: true, handout: true, preview: true, fit: true } });
    const b = await browser;
    await expect.poll(async () => (await b.pages()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await printer.close();
    expect(b.connected).toBe(false);
    expect(b.process()?.exitCode ?? b.process()?.signalCode).not.toBeNull();
  }, 60_000);
});

describe('the browser that prints', () => {
  it('is a headless shell when one is installed: the same engine, about half the time and processor', async () => {
    expect(isHeadlessShell('/usr/bin/chromium-headless-shell')).toBe(true);
    expect(isHeadlessShell('C:\\chrome\\chrome-headless-shell.exe')).toBe(true);
    expect(isHeadlessShell('/usr/bin/chromium')).toBe(false);
    expect(isHeadlessShell('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome')).toBe(false);
    const found = await findBrowser(undefined, 'linux');
    expect(found).toBe(existsSync('/usr/bin/chromium-headless-shell') ? '/usr/bin/chromium-headless-shell' : '/usr/bin/chromium');
    // A path the user names is used as it is, shell or not.
    expect(await findBrowser('/usr/bin/chromium', 'linux')).toBe('/usr/bin/chromium');
  });
});
