/** The real data built into a temporary folder -> report.html (and deck.html) checked as a reader meets
 * them: in headless Chromium from file:// (axe-core, keyboard, no network, phone width, print) and with
 * the Nu HTML Checker. reportFiles, the pure part, is checked on its own first. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser.js';
import { type BuildResult, build } from '../../src/build.js';
import type { Chart } from '../../src/charts.js';
import { contrast, WHITE } from '../../src/colour.js';
import { type Config, configFrom } from '../../src/config.js';
import { csvPath, entryHeading, reportFiles } from '../../src/report.js';
import { ROOT } from '../support.js';

// The code inside page.evaluate runs in the browser; the project compiles without the DOM library.
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;

const require = createRequire(import.meta.url);
const run = promisify(execFile);

describe('reportFiles', () => {
  const chart = (id: string, csv: string) => ({ id, csv }) as Chart;

  it('gives one CSV per chart under dati/, named by the chart, with a byte order mark for spreadsheets', () => {
    const files = reportFiles([chart('soci-storico', 'Ambito;2024\r\nCremasco;3458\r\n'), chart('rete-ambiti', 'Ambito;2025\r\n')]);
    expect(Object.keys(files)).toEqual(['dati/soci-storico.csv', 'dati/rete-ambiti.csv']);
    expect(files['dati/soci-storico.csv']).toBe('\uFEFFAmbito;2024\r\nCremasco;3458\r\n');
    expect(csvPath('km-ambiti')).toBe('dati/km-ambiti.csv');
  });

  it('gives nothing when there are no charts', () => {
    expect(reportFiles([])).toEqual({});
  });
});

describe('entryHeading', () => {
  it("drops the section's name in front of a title, the rest capitalised, under that section's heading", () => {
    expect(entryHeading('Officine dell’aiuto', 'Officine dell’aiuto: 3 officine, 17 volontari')).toBe('3 officine, 17 volontari');
    expect(entryHeading('I servizi offerti', 'I servizi offerti: sei aree di attività')).toBe('Sei aree di attività');
    // The same words, whatever the case and the apostrophe.
    expect(entryHeading("Officine dell'aiuto", 'officine dell’aiuto: 3 officine')).toBe('3 officine');
  });

  it('keeps any other title whole: another section, a name that only begins the same, nothing after the colon', () => {
    expect(entryHeading('Volontari', 'I volontari crescono: +32,0% in un anno')).toBe('I volontari crescono: +32,0% in un anno');
    expect(entryHeading('Volontariato civico e attività culturali', 'Volontariato civico: 83 ore a testa')).toBe('Volontariato civico: 83 ore a testa');
    expect(entryHeading('Soci', 'Soci:')).toBe('Soci:');
    expect(entryHeading('', 'Turismo sociale: 465 partecipanti')).toBe('Turismo sociale: 465 partecipanti');
  });
});

let outDir: string;
let result: BuildResult;
let folder: string;
let url: string;
let browser: Browser;
const opened: Page[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'assemblea-report-'));
  // The real data's 2025 report, whichever year is the latest in data/.
  const config = configFrom(['build', '--year', '2025', '--out', outDir, '--only', 'html,report', '--quiet'], {}, ROOT, false) as Config;
  [result, browser] = await Promise.all([build(config), launchBrowser()]);
  folder = result.outputDir;
  url = pathToFileURL(path.join(folder, 'report.html')).href;
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close().catch(() => {})));
  await browser?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function open(width: number): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage();
  opened.push(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  // Without motion, focus and anchors scroll at once (the page scrolls smoothly otherwise).
  await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  await page.setViewport({ width, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return { page, requests };
}

const openAllDetails = (page: Page) => page.evaluate(() => document.querySelectorAll('details').forEach((d: any) => (d.open = true)));

describe('report.html on disk', () => {
  it('is written with its sharing image and a CSV for every chart', () => {
    expect(result.files).toContain('report.html');
    expect(result.files).toContain('anteprima.png');
    expect(result.files.filter((f) => f.startsWith('dati/')).length).toBeGreaterThan(10);
  });

  it('links only to files of its own folder, and every one of them exists', () => {
    const html = readFileSync(path.join(folder, 'report.html'), 'utf8');
    const refs = [...html.matchAll(/\s(?:href|src|content)="([^"#][^"]*)"/g)].map((m) => m[1]).filter((r) => /\.(csv|png|html|css|js|woff2?)$/.test(r));
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref, ref).not.toMatch(/^(https?:|\/)/);
      expect(existsSync(path.join(folder, ref)), ref).toBe(true);
    }
  });
});

describe('report.html in the browser', () => {
  it('loads nothing but itself from file://', async () => {
    const { page, requests } = await open(1280);
    await openAllDetails(page);
    expect(requests.filter((r) => !r.startsWith('data:'))).toEqual([url]);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').filter((e: any) => !e.name.startsWith('data:')).length)).toBe(0);
    // The embedded font is the one in use, not a fallback.
    expect(await page.evaluate(() => [...document.fonts].some((f: any) => f.family.replace(/["']/g, '') === 'Titillium Web' && f.status === 'loaded'))).toBe(true);
  });

  it('says in its head what it is, in Italian', async () => {
    const { page } = await open(1280);
    const head = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      title: document.title,
      description: document.querySelector('meta[name="description"]')?.content,
      image: document.querySelector('meta[property="og:image"]')?.content,
      imageAlt: document.querySelector('meta[property="og:image:alt"]')?.content,
    }));
    expect(head.lang).toBe('it');
    expect(head.title).toContain(`I dati dell’anno ${result.year}`);
    expect(head.description).toMatch(/^I numeri dell'anno \d{4} della rete /);
    // data/rete.yaml names no site: a sharing image needs an absolute address, so there is none (see publish.test.ts).
    expect(head.image).toBeUndefined();
    expect(head.imageAlt).toBeUndefined();
  });

  it('has a heading per section, listed in the contents, and a title per slide', async () => {
    const { page } = await open(1280);
    const s = await page.evaluate(() => ({
      h1: [...document.querySelectorAll('h1')].map((h: any) => h.textContent.trim()),
      parts: [...document.querySelectorAll('main h2.part-title')].map((h: any) => ({ id: h.id, text: h.textContent.trim() })),
      toc: [...document.querySelectorAll('nav.toc a')].map((a: any) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })),
      // Every entry is named by a heading: its own, or its section's when the title is the section's name.
      entries: [...document.querySelectorAll('main section.entry')].filter((e: any) => document.getElementById(e.getAttribute('aria-labelledby'))?.matches('h2, h3')).length,
      sections: document.querySelectorAll('main section.entry').length,
    }));
    expect(s.h1).toEqual([`I dati dell’anno ${result.year}`]);
    expect(s.parts.map((p) => p.text)).toEqual(expect.arrayContaining(['La rete', 'Soci', 'Volontari', 'Aiuto alla persona']));
    expect(s.toc).toEqual(s.parts.map((p) => ({ href: `#${p.id}`, text: p.text })));
    expect(s.sections).toBeGreaterThan(20);
    expect(s.entries).toBe(s.sections);
  });

  it('puts every chart in a figure with a caption, its data in a table with headers, and a CSV that matches it', async () => {
    const { page } = await open(1280);
    const charts = await page.evaluate(() =>
      // The phone drawing of each chart is aria-hidden: it repeats the wide one, which carries the text alternative.
      [...document.querySelectorAll('main svg:not([aria-hidden="true"])')].map((svg: any) => {
        const figure = svg.closest('figure');
        const entry = svg.closest('section.entry');
        const data = entry?.querySelector('.chart-data');
        const table = data?.querySelector('details table') ?? entry?.querySelector('.slide-table table');
        return {
          entry: entry?.id,
          inFigure: !!figure,
          caption: figure?.querySelector(':scope > figcaption')?.textContent.trim(),
          heading: document.getElementById(entry?.getAttribute('aria-labelledby'))?.textContent.trim(),
          label: svg.getAttribute('aria-label'),
          csv: data?.querySelector('a.csv-link')?.getAttribute('href'),
          head: table ? [...table.querySelectorAll('thead th')].map((th: any) => [th.textContent.trim(), th.getAttribute('scope')]) : [],
          rowHeads: table ? [...table.querySelectorAll('tbody tr')].map((tr: any) => `${tr.firstElementChild.tagName}:${tr.firstElementChild.getAttribute('scope')}`) : [],
        };
      }),
    );
    expect(charts.length).toBeGreaterThan(10);
    for (const c of charts) {
      expect(c.inFigure, c.entry).toBe(true);
      // A caption that would only repeat the entry's heading is left out; the heading names the figure then.
      expect(c.caption || c.heading, c.entry).toBeTruthy();
      expect(c.label, c.entry).toBeTruthy();
      expect(c.csv, c.entry).toMatch(/^dati\/[a-z0-9-]+\.csv$/);
      expect(c.head.length, c.entry).toBeGreaterThan(1);
      expect(
        c.head.every(([, scope]) => scope === 'col'),
        c.entry,
      ).toBe(true);
      expect(new Set(c.rowHeads), c.entry).toEqual(new Set(['TH:row']));
      const csv = readFileSync(path.join(folder, c.csv!), 'utf8');
      expect(csv.startsWith('\uFEFF'), c.csv).toBe(true);
      // The CSV's head is the table's, a share's column marked "(%)" since its cells are plain numbers;
      // the page sets ’ where the CSV, data for spreadsheets, keeps the plain apostrophe.
      expect(
        csv
          .slice(1)
          .split('\r\n')[0]
          .replace(/ \(%\)/g, ''),
        c.csv,
      ).toBe(c.head.map(([text]) => text.replace(/’/g, "'")).join(';'));
      expect(csv.slice(1).trimEnd().split('\r\n').length, c.csv).toBe(c.rowHeads.length + 1);
    }
  });

  it('shows the conventions map with its municipalities listed by district, and credits the boundaries', async () => {
    const { page } = await open(1280);
    const map = await page.evaluate(() => ({
      svg: !!document.querySelector('#convenzioni-ambiti figure svg'),
      lists: [...document.querySelectorAll('#convenzioni-ambiti .district-list h3')].map((h: any) => h.textContent.trim()),
      colophon: document.querySelector('footer.colophon')?.textContent,
    }));
    expect(map.svg).toBe(true);
    expect(map.lists.length).toBe(result.figures.districts.length);
    expect(map.colophon).toContain('Confini comunali: openpolis / ISTAT, CC BY 4.0');
  });

  it('never tells a district by colour alone: where a district colour fills a shape, the chart names the district', async () => {
    const { page } = await open(1280);
    const districts = result.figures.districts.map((d) => ({ name: d.name, colour: d.colour.toLowerCase() }));
    const missing = await page.evaluate((ds: { name: string; colour: string }[]) => {
      const out: string[] = [];
      for (const svg of document.querySelectorAll('main svg')) {
        const fills = new Set([...svg.querySelectorAll('[fill]')].map((e: any) => e.getAttribute('fill').toLowerCase()));
        // The map's names are its key, beside the drawing (a list, not a legend inside it).
        const key = svg.closest('section')?.querySelector('.map-key')?.textContent ?? '';
        const text = [...svg.querySelectorAll('text')].map((t: any) => t.textContent).join(' ') + key;
        for (const d of ds) if (fills.has(d.colour) && !text.includes(d.name)) out.push(`${svg.closest('section')?.id}: ${d.name}`);
      }
      return out;
    }, districts);
    expect(missing).toEqual([]);
  });

  for (const width of [360, 1280]) {
    it(`has no WCAG 2.1 A/AA violation for axe-core at ${width} px, with the tables closed and open`, async () => {
      const { page } = await open(width);
      await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
      const audit = () =>
        page.evaluate(async () => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
          return { passed: r.passes.length, violations: r.violations.map((v: any) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target.join(' ')})`) };
        });
      const closed = await audit();
      expect(closed.violations).toEqual([]);
      expect(closed.passed).toBeGreaterThan(10); // the rules did run on something
      await openAllDetails(page);
      expect((await audit()).violations).toEqual([]);
    });
  }

  /** Every chart text that can be seen, with its size on screen: font size times the SVG's scale. */
  const chartText = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('main svg text')]
        .filter((t: any) => t.textContent.trim() && t.closest('svg').getBoundingClientRect().width > 10 && t.getClientRects().length)
        .map((t: any) => {
          const m = t.getScreenCTM();
          const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
          return { chart: t.closest('section')?.id, text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, narrow: !!t.closest('.chart-narrow') };
        }),
    );

  it('draws the charts for a 360 px phone: no chart text under 12 px as shown, every chart there', async () => {
    const { page } = await open(360);
    const texts = await chartText(page);
    const charts = await page.evaluate(() => document.querySelectorAll('main figure svg[role="img"]').length);
    // Every chart with words has them measured (the map has none: its key is a list beside it).
    expect(new Set(texts.map((t) => t.chart)).size).toBe(
      new Set(await page.evaluate(() => [...document.querySelectorAll('main figure svg')].filter((s: any) => s.querySelector('text')).map((s: any) => s.closest('section').id))).size,
    );
    expect(charts).toBeGreaterThan(10);
    // What shows is the phone drawing, not the wide one shrunk.
    expect(texts.every((t) => t.narrow)).toBe(true);
    const small = texts.filter((t) => t.px < 12);
    expect(small.map((t) => `${t.chart}: «${t.text}» ${t.px.toFixed(1)} px`)).toEqual([]);
    // The text alternative is still there for a screen reader: the wide drawing is visually hidden, not removed.
    const wide = await page.evaluate(() => [...document.querySelectorAll('.chart-wide')].map((w: any) => getComputedStyle(w).display));
    expect(wide.length).toBe(charts);
    expect(wide.every((d) => d !== 'none')).toBe(true);
  });

  it('keeps every figure of a phone drawing readable at 360 px: no two chart texts overlap', async () => {
    const { page } = await open(360);
    const clashes = await page.evaluate(() => {
      const out: string[] = [];
      for (const svg of document.querySelectorAll('main figure .chart-narrow svg')) {
        const texts = [...svg.querySelectorAll('text')]
          .filter((t: any) => t.textContent.trim())
          .map((t: any) => ({ text: t.textContent, box: t.getBoundingClientRect() }))
          .filter((t: any) => t.box.width > 0);
        texts.forEach((a: any, i: number) =>
          texts.slice(i + 1).forEach((b: any) => {
            const apart = a.box.right <= b.box.left + 0.5 || b.box.right <= a.box.left + 0.5 || a.box.bottom <= b.box.top + 0.5 || b.box.bottom <= a.box.top + 0.5;
            if (!apart) out.push(`${svg.closest('section').id}: «${a.text}» × «${b.text}»`);
          }),
        );
      }
      return out;
    });
    expect(clashes).toEqual([]);
  });

  it("writes every figure of a stacked history on a phone: each district's in each year on its segment, or just after its bar where the segment is too short", async () => {
    const { page } = await open(360);
    const found = await page.evaluate(() =>
      ['soci-storico', 'ore-volontariato'].map((id) => {
        const section = document.getElementById(id)!;
        const svg = section.querySelector('.chart-narrow svg')!;
        // The figures, from the chart's own table: a row per district, a column per year.
        const table = [...section.querySelectorAll('.chart table tbody tr')].map((tr: any) => [...tr.querySelectorAll('th, td')].map((c: any) => c.textContent.trim()));
        const figures = table.filter((r) => !/^totale$/i.test(r[0])).flatMap((r) => r.slice(1).filter((v) => v && v !== '—'));
        const segments = [...svg.querySelectorAll('.mark-rect path')].map((b: any) => b.getBoundingClientRect()).filter((r: any) => r.width > 0 && r.height > 0);
        const texts = [...svg.querySelectorAll('text')].map((t: any) => ({ text: t.textContent.trim(), box: t.getBoundingClientRect() }));
        const problems = figures.flatMap((figure) => {
          const t = texts.find((x: any) => x.text === figure);
          if (!t) return [`«${figure}» not written`];
          const mid = (t.box.top + t.box.bottom) / 2;
          const row = segments.filter((r: any) => r.top <= mid && r.bottom >= mid);
          if (!row.length) return [`«${figure}» beside no bar`];
          const on = row.some((r: any) => t.box.left >= r.left - 0.5 && t.box.right <= r.right + 0.5);
          const end = Math.max(...row.map((r: any) => r.right));
          const after = t.box.left >= end && t.box.left - end <= 40;
          return on || after ? [] : [`«${figure}» neither on its segment nor after its bar`];
        });
        return { id, figures: figures.length, problems };
      }),
    );
    // Three districts in six years, and in three.
    expect(found.map((f) => f.figures)).toEqual([18, 9]);
    expect(found.flatMap((f) => f.problems.map((p) => `${f.id}: ${p}`))).toEqual([]);
  });

  it('shows the wide drawing on a laptop, its text no smaller than on the phone', async () => {
    const { page } = await open(1280);
    const texts = await chartText(page);
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.some((t) => t.narrow)).toBe(false);
    expect(Math.min(...texts.map((t) => t.px))).toBeGreaterThanOrEqual(12);
  });

  for (const width of [768, 1280]) {
    it(`keeps the wide drawing's labels no larger than the body text at ${width} px (the slide's 24 px labels at most at 18 px)`, async () => {
      const { page } = await open(width);
      const body = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize));
      const texts = (await chartText(page)).filter((t) => !t.narrow);
      expect(texts.length).toBeGreaterThan(100);
      // The slides' chart labels are 24 px; the map's legend and the largest totals too.
      const largest = Math.max(...texts.map((t) => t.px));
      expect(largest, texts.find((t) => t.px === largest)?.chart).toBeLessThanOrEqual(Math.max(body, 18) + 0.5);
    });
  }

  it('says each heading once: no entry title repeats its section or opens with it, no caption repeats its entry title', async () => {
    const { page } = await open(1280);
    const words = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .replace(/\b\d{4}\b/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    const headings = await page.evaluate(() =>
      [...document.querySelectorAll('main section.entry')].map((e: any) => {
        let part = e.previousElementSibling;
        while (part && !part.matches('h2.part-title')) part = part.previousElementSibling;
        return {
          id: e.id,
          part: part?.textContent.trim() ?? '',
          title: e.querySelector('h3.entry-title')?.textContent.trim() ?? '',
          captions: [...e.querySelectorAll('figcaption')].filter((c: any) => c.getClientRects().length).map((c: any) => c.textContent.trim()),
        };
      }),
    );
    expect(headings.length).toBeGreaterThan(20);
    const repeats = headings.flatMap((h) => [
      ...(h.title && words(h.title) === words(h.part) ? [`${h.id}: «${h.title}» under «${h.part}»`] : []),
      // Nor opens with it: «Officine dell’aiuto: 3 officine» under «Officine dell’aiuto» says it twice.
      ...(h.title && words(h.title).startsWith(`${words(h.part)} `) ? [`${h.id}: «${h.title}» opens with «${h.part}»`] : []),
      ...h.captions.filter((c) => words(c) === words(h.title) || words(c) === words(h.part)).map((c) => `${h.id}: caption «${c}»`),
    ]);
    expect(repeats).toEqual([]);
    // The real deck has such titles (Volontari, Automezzi, …): the test is not vacuous.
    expect(headings.filter((h) => !h.title).length).toBeGreaterThan(0);
  });

  it('sets the header and the credits as the slides are set: typographic apostrophes, a date that never breaks', async () => {
    const { page } = await open(360);
    const text = await page.evaluate(() => ({
      masthead: document.querySelector('.masthead').textContent,
      colophon: document.querySelector('.colophon').textContent,
      title: document.title,
      // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text as laid out and seen, which the test is about
      body: document.body.innerText,
    }));
    expect(text.masthead).toContain('dell’anno');
    expect(text.colophon).toContain('dell’anno');
    expect(text.title).toContain('dell’anno');
    expect(text.body).not.toMatch(/\p{L}'|'\p{L}/u);
    // Day, month and year joined by no-break spaces, wherever the assembly's date is written.
    const dates = [...text.body.matchAll(/\d{1,2}\s+(maggio|giugno|aprile)\s+\d{4}/g)].map((m) => m[0]);
    expect(dates.length).toBeGreaterThanOrEqual(2);
    expect(dates.filter((d) => /[^\S\u00a0]/.test(d))).toEqual([]);
  });

  for (const width of [360, 768, 1280]) {
    it(`shows every figure of a card alike at ${width} px: its number first, big, then its label`, async () => {
      const { page } = await open(width);
      const figures = await page.evaluate(() =>
        [...document.querySelectorAll('main .card .card-figure')].map((f: any) => {
          const dt = f.querySelector('dt');
          const dd = f.querySelector('dd');
          return {
            text: f.textContent.trim(),
            numberAbove: dd.getBoundingClientRect().bottom <= dt.getBoundingClientRect().top + 1,
            size: parseFloat(getComputedStyle(dd).fontSize),
            weight: getComputedStyle(dd).fontWeight,
            labelSize: parseFloat(getComputedStyle(dt).fontSize),
          };
        }),
      );
      expect(figures.length).toBeGreaterThanOrEqual(9);
      expect(figures.filter((f) => !f.numberAbove).map((f) => f.text)).toEqual([]);
      expect(new Set(figures.map((f) => `${f.size} ${f.weight}`)).size).toBe(1);
      expect(figures[0].size).toBeGreaterThan(figures[0].labelSize * 1.3);
    });
  }

  it('names a workshop in a hamlet on two lines, the hamlet then its municipality, read with a comma between', async () => {
    const { page } = await open(360);
    const titles = await page.evaluate(() =>
      [...document.querySelectorAll('main .card .card-title')].map((h: any) => {
        const [place, town] = [...h.querySelectorAll(':scope > span')].map((s: any) => s.getBoundingClientRect());
        return { read: h.textContent, below: town ? town.top > (place.top + place.bottom) / 2 : undefined };
      }),
    );
    const hamlet = titles.find((t) => t.below !== undefined);
    expect(hamlet, 'a card of a hamlet (Ca’ d’Andrea, in Torre de’ Picenardi)').toBeDefined();
    expect(hamlet?.below).toBe(true);
    expect(hamlet?.read).toMatch(/\p{L}, \p{L}/u);
  });

  for (const width of [360, 768, 1280]) {
    it(`sets every data table at 15-16 px at ${width} px (13 px on a phone was too small), open or in its entry`, async () => {
      const { page } = await open(width);
      await openAllDetails(page);
      const sizes = await page.evaluate(() =>
        [...document.querySelectorAll('main table.data-table')]
          .filter((t: any) => t.getClientRects().length && t.getBoundingClientRect().width > 10)
          .flatMap((t: any) => [...t.querySelectorAll('th, td')].map((c: any) => ({ id: t.closest('section')?.id, px: parseFloat(getComputedStyle(c).fontSize) }))),
      );
      expect(new Set(sizes.map((s) => s.id)).size).toBeGreaterThan(10);
      expect(sizes.filter((s) => s.px < 15 || s.px > 16).map((s) => `${s.id}: ${s.px} px`)).toEqual([]);
    });
  }

  it("draws every bullet of its lists in one colour, the accent (a project's places too)", async () => {
    const { page } = await open(1280);
    const markers = await page.evaluate(() =>
      [...document.querySelectorAll('main li')]
        .filter((li: any) => getComputedStyle(li).display === 'list-item' && getComputedStyle(li).listStyleType !== 'none' && li.getClientRects().length)
        .map((li: any) => ({ list: li.parentElement.className, colour: getComputedStyle(li, '::marker').color })),
    );
    expect(markers.length).toBeGreaterThan(10);
    expect(new Set(markers.map((m) => m.list))).toContain('project-sites');
    const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
    const rgb = `rgb(${[1, 3, 5].map((i) => parseInt(accent.slice(i, i + 2), 16)).join(', ')})`;
    expect([...new Set(markers.filter((m) => m.colour !== rgb).map((m) => `${m.list}: ${m.colour}`))]).toEqual([]);
  });

  for (const width of [360, 1280]) {
    it(`sets a part («di cui ...») in under its whole in a table at ${width} px`, async () => {
      const { page } = await open(width);
      await openAllDetails(page);
      const rows = await page.evaluate(() =>
        [...document.querySelectorAll('main .chart-data tbody tr')].map((tr: any) => {
          const th = tr.querySelector('th');
          const range = document.createRange();
          range.selectNodeContents(th);
          return { text: th.textContent, part: tr.classList.contains('part'), left: range.getBoundingClientRect().left };
        }),
      );
      const parts = rows.map((r, i) => ({ ...r, whole: rows.slice(0, i).findLast((w) => !w.part) })).filter((r) => r.part);
      expect(parts.map((p) => p.text)).toEqual(expect.arrayContaining(['di cui negli ospedali pubblici', 'di cui in altre strutture']));
      expect(parts.filter((p) => !/^di cui/.test(p.text) || p.left < p.whole!.left + 12).map((p) => `${p.text}: ${Math.round(p.left - p.whole!.left)} px`)).toEqual([]);
      // Only the parts: every other row's name starts at its table's left.
      expect(rows.filter((r) => !r.part && /^di cui/.test(r.text)).map((r) => r.text)).toEqual([]);
    });
  }

  for (const width of [360, 1280]) {
    it(`keeps one rhythm in an entry at ${width} px: its words, its lead, its list, its chart 1rem apart, none run into the next`, async () => {
      const { page } = await open(width);
      const gaps = await page.evaluate(() =>
        [...document.querySelectorAll('main .entry .slide-main, main .entry .slide-body')].flatMap((box: any) => {
          // (A project keeps its own rhythm, headings close to their lists; a map's credit sits under it.)
          const shown = [...box.children].filter((c: any) => c.getClientRects().length && getComputedStyle(c).position !== 'absolute' && !c.closest('.project'));
          return shown.slice(1).flatMap((c: any, i: number) =>
            c.classList.contains('attribution')
              ? []
              : [
                  {
                    entry: box.closest('.entry').id,
                    pair: `${shown[i].tagName.toLowerCase()}.${shown[i].classList[0] ?? ''} → ${c.tagName.toLowerCase()}.${c.classList[0] ?? ''}`,
                    gap: c.getBoundingClientRect().top - shown[i].getBoundingClientRect().bottom,
                  },
                ],
          );
        }),
      );
      // Words before a chart, a lead before its list: both are in the real report.
      expect(gaps.map((g) => g.pair)).toEqual(expect.arrayContaining(['p.slide-text → figure.chart', 'p.slide-lead → ul.item-list']));
      // (Side by side on a laptop, a column of figures beside its chart or list starts level with it: no gap to keep.)
      expect(gaps.filter((g) => g.gap > -1 && Math.abs(g.gap - 16) > 1).map((g) => `${g.entry}: ${g.pair} ${Math.round(g.gap)} px`)).toEqual([]);
    });
  }

  for (const width of [768, 1280]) {
    it(`sets every chart flush with its entry's text at ${width} px, its caption too: none floats in the column's middle`, async () => {
      const { page } = await open(width);
      const off = await page.evaluate(() =>
        [...document.querySelectorAll('main .entry figure.chart')].flatMap((f: any) => {
          const left = f.closest('.entry').querySelector('.entry-title').getBoundingClientRect().left;
          const shown = [...f.querySelectorAll('svg.marks, figcaption')].filter((e: any) => e.getClientRects().length && e.getBoundingClientRect().width > 2);
          return shown
            .filter((e: any) => Math.abs(e.getBoundingClientRect().left - left) > 1 && (e.tagName !== 'FIGCAPTION' || getComputedStyle(e).textAlign !== 'left'))
            .map((e: any) => `${f.closest('.entry').id}: ${e.tagName.toLowerCase()} at ${Math.round(e.getBoundingClientRect().left - left)} px`);
        }),
      );
      expect(off).toEqual([]);
    });
  }

  it('sets a total apart in its table (bold, a rule over it), and no other row: not a year or a district that comes last', async () => {
    const { page } = await open(1280);
    await openAllDetails(page);
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('main .chart-data tbody tr')].map((tr: any) => ({
        name: tr.querySelector('th').textContent.trim(),
        last: !tr.nextElementSibling,
        bold: Number(getComputedStyle(tr.querySelector('td')).fontWeight) >= 700,
        rule: Number.parseFloat(getComputedStyle(tr.querySelector('th')).borderTopWidth) >= 2,
      })),
    );
    expect(rows.filter((r) => r.name === 'Totale').length).toBeGreaterThan(5);
    // The services' table ends with a year (2025), the map's with a district: both are in the report.
    expect(rows.some((r) => r.last && r.name !== 'Totale')).toBe(true);
    expect(rows.filter((r) => (r.bold || r.rule) !== (r.name === 'Totale')).map((r) => `${r.name}${r.bold ? ' bold' : ''}${r.rule ? ' ruled' : ''}`)).toEqual([]);
  });

  it('on a phone, a table wider than its box says so: a shadow on its right edge until its last column is in view', async () => {
    const { page } = await open(360);
    await openAllDetails(page);
    const wide = await page.evaluate(() => [...document.querySelectorAll('main .chart-data details')].filter((d: any) => d.scrollWidth > d.clientWidth + 1).map((d: any) => d.closest('section').id));
    expect(wide, 'the members over six years is wider than a phone').toContain('soci-storico');
    // The darkest pixel of the box's last 6 px of width, along the table's rows, with the table's text and
    // rules made transparent: what is left is the box's own background.
    await page.addStyleTag({ content: '.chart-data .data-table * { color: transparent !important; border-color: transparent !important; }' });
    const edge = async (id: string) => {
      const box = await page.evaluate((id: string) => {
        const d = document.querySelector(`#${id} .chart-data details`);
        const r = d.getBoundingClientRect();
        const rows = d.querySelector('tbody').getBoundingClientRect();
        // In the page's coordinates, as a screenshot's clip is.
        return { x: r.right - 6 + window.scrollX, y: rows.top + window.scrollY, width: 6, height: rows.height };
      }, id);
      const png = PNG.sync.read(Buffer.from(await page.screenshot({ clip: box, captureBeyondViewport: true })));
      let darkest = 255;
      for (let i = 0; i < png.data.length; i += 4) darkest = Math.min(darkest, Math.round((png.data[i] + png.data[i + 1] + png.data[i + 2]) / 3));
      return darkest;
    };
    for (const id of wide) {
      await page.evaluate((id: string) => document.querySelector(`#${id}`).scrollIntoView(), id);
      const start = await edge(id);
      await page.evaluate((id: string) => {
        const d = document.querySelector(`#${id} .chart-data details`);
        d.scrollLeft = d.scrollWidth;
      }, id);
      const end = await edge(id);
      expect(start, `${id}: the shadow at the start`).toBeLessThan(235);
      expect(end, `${id}: no shadow at the end`).toBeGreaterThan(start + 10);
    }
  });

  it('draws every phone chart across the column at 360 px: at least 90% of its width', async () => {
    const { page } = await open(360);
    const charts = await page.evaluate(() => {
      const column = document.querySelector('main.report').getBoundingClientRect();
      const style = getComputedStyle(document.querySelector('main.report'));
      const inner = column.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return [...document.querySelectorAll('main .chart-narrow svg')].map((svg: any) => {
        // What is drawn, not the drawing's box: every mark and text.
        const drawn = [...svg.querySelectorAll('path, rect, text, line')].map((e: any) => e.getBoundingClientRect()).filter((r: any) => r.width || r.height);
        const left = Math.min(...drawn.map((r: any) => r.left));
        const right = Math.max(...drawn.map((r: any) => r.right));
        return { id: svg.closest('section').id, share: (right - left) / inner };
      });
    });
    expect(charts.length).toBeGreaterThan(10);
    expect(charts.filter((c) => c.share < 0.9).map((c) => `${c.id}: ${Math.round(c.share * 100)}%`)).toEqual([]);
  });

  it.each([360, 1280])('draws a whole split in its parts (the associations by type) as one bar at %i px: each part as wide as its share, its figure inside it, 3:1 on white', async (width) => {
    const { page } = await open(width);
    const splits = await page.evaluate(() =>
      [...document.querySelectorAll('main .split')].map((split: any) => {
        const bar = split.querySelector('.split-bar').getBoundingClientRect();
        const parts = [...split.querySelectorAll('.split-part')].map((part: any) => {
          const box = part.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(part);
          const text = range.getBoundingClientRect();
          return {
            figure: part.textContent.trim(),
            left: box.left,
            right: box.right,
            width: box.width,
            height: box.height,
            background: getComputedStyle(part).backgroundColor,
            text: { left: text.left, right: text.right },
          };
        });
        return { width: bar.width, parts };
      }),
    );
    expect(splits.length).toBeGreaterThan(0);
    const hex = (rgb: string) =>
      `#${(rgb.match(/\d+/g) ?? [])
        .slice(0, 3)
        .map((n) => Number(n).toString(16).padStart(2, '0'))
        .join('')}`;
    for (const { width: barWidth, parts } of splits) {
      const total = parts.reduce((sum, p) => sum + Number(p.figure.replace(/\./g, '')), 0);
      parts.forEach((p, i) => {
        expect(p.height, p.figure).toBeGreaterThan(20);
        expect(p.background, `${p.figure}: a part is filled`).not.toMatch(/^rgba\(.*,\s*0\)$|^transparent$/);
        expect(contrast(hex(p.background), WHITE), `${p.figure} on ${p.background}`).toBeGreaterThanOrEqual(3);
        // As wide as its share of the bar (the gaps between parts aside).
        expect(Math.abs(p.width / barWidth - Number(p.figure.replace(/\./g, '')) / total), p.figure).toBeLessThan(0.04);
        expect(p.text.left).toBeGreaterThanOrEqual(p.left);
        expect(p.text.right).toBeLessThanOrEqual(p.right);
        if (i > 0) expect(p.left).toBeGreaterThanOrEqual(parts[i - 1].right);
      });
    }
  });

  it('draws a visible bar on a phone for every row of a bar chart, the provincial associations (no district, no colour of their own) too', async () => {
    const { page } = await open(360);
    const found = await page.evaluate(() =>
      ['rete', 'convenzioni'].map((id) => {
        const section = document.getElementById(id)!;
        const rows = [...section.querySelectorAll('.chart table tbody tr')]
          .map((tr: any) => [...tr.querySelectorAll('th, td')].map((c: any) => c.textContent.trim()))
          .filter((r) => !/^totale$/i.test(r[0]));
        const bars = [...section.querySelectorAll('.chart-narrow svg .mark-rect path')].filter((b: any) => {
          const r = b.getBoundingClientRect();
          const fill = getComputedStyle(b).fill;
          return r.width > 0 && r.height > 0 && fill !== 'none' && !/rgba\(0, 0, 0, 0\)|transparent/.test(fill);
        });
        return { id, rows: rows.length, bars: bars.length };
      }),
    );
    expect(found).toEqual([
      { id: 'rete', rows: 4, bars: 4 },
      { id: 'convenzioni', rows: 3, bars: 3 },
    ]);
  });

  it("writes the names of horizontal bars above them on a phone, each bar starting at the column's left edge", async () => {
    const { page } = await open(360);
    const found = await page.evaluate(() => {
      const out: { id: string; bars: number; problems: string[] }[] = [];
      for (const svg of document.querySelectorAll('main .chart-narrow svg')) {
        const rects = [...svg.querySelectorAll('.mark-rect path')].map((b: any) => b.getBoundingClientRect()).filter((r: any) => r.width > 0 && r.height > 0);
        // A segment that goes on from where another ends, on its row, is a part of that bar (a whole drawn
        // with its parts inside it): the bar starts where its first segment does.
        const bars = rects.filter((r: any) => !rects.some((o: any) => o !== r && Math.abs(o.right - r.left) < 1.5 && o.top < r.bottom && r.top < o.bottom));
        if (bars.length < 2) continue;
        const lefts = new Set(bars.map((b: any) => Math.round(b.left)));
        // Horizontal bars start at one edge; columns do not.
        if (lefts.size !== 1 || bars.some((b: any) => b.height > 40)) continue;
        const left = bars[0].left;
        const texts = [...svg.querySelectorAll('text')].filter((t: any) => t.textContent.trim()).map((t: any) => ({ text: t.textContent.trim(), box: t.getBoundingClientRect() }));
        const problems = texts.filter((t: any) => t.box.right <= left + 1).map((t: any) => `«${t.text}» left of the bars`);
        const column = document.querySelector('main.report').getBoundingClientRect();
        if (left > column.left + 2) problems.push(`bars start ${Math.round(left - column.left)} px in`);
        out.push({ id: svg.closest('section').id, bars: bars.length, problems });
      }
      return out;
    });
    // The deck's horizontal bar charts: the network, the conventions, the members' and the km's years, the journeys.
    // The small multiples' panels too (vehicles, civic volunteering, social centres) and the stacked histories, drawn as horizontal stacks on a phone.
    expect(found.map((f) => f.id)).toEqual(
      expect.arrayContaining(['rete', 'convenzioni', 'soci-crescita', 'km', 'mobilita-totali', 'automezzi', 'volontariato-civico', 'centri-sociali', 'soci-storico', 'ore-volontariato']),
    );
    expect(found.flatMap((f) => f.problems.map((p) => `${f.id}: ${p}`))).toEqual([]);
  });

  for (const width of [360, 390, 768, 1280]) {
    it(`cuts no chart text at ${width} px: none shortened with «…», none outside its drawing, its box or the window`, async () => {
      const { page } = await open(width);
      const cut = await page.evaluate(() => {
        const out: string[] = [];
        for (const svg of document.querySelectorAll('main figure svg')) {
          const box = svg.getBoundingClientRect();
          if (box.width < 2 || !svg.getClientRects().length) continue;
          // The boxes that clip what overflows them (the drawing's figure and its ancestors).
          const clips = [];
          for (let el = svg.parentElement; el && el !== document.body; el = el.parentElement) {
            const cs = getComputedStyle(el);
            if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') clips.push(el.getBoundingClientRect());
          }
          for (const t of svg.querySelectorAll('text')) {
            const text = t.textContent ?? '';
            if (!text.trim()) continue;
            const r = t.getBoundingClientRect();
            const where = `${svg.closest('section')?.id}: «${text}»`;
            if (text.includes('…')) out.push(`${where} cut`);
            if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) out.push(`${where} outside its drawing`);
            for (const c of clips) if (r.left < c.left - 1 || r.right > c.right + 1) out.push(`${where} clipped by its box`);
            if (r.left < -1 || r.right > window.innerWidth + 1) out.push(`${where} outside the window`);
          }
        }
        return out;
      });
      expect(cut).toEqual([]);
    });
  }

  it('fits a 360 px phone without scrolling sideways, tables open included', async () => {
    const { page } = await open(360);
    await openAllDetails(page);
    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(widest).toBeLessThanOrEqual(360);
  });

  it('reaches every control with Tab, in order, each with a visible focus ring; the skip link shows up', async () => {
    const { page } = await open(1280);
    // A name for a control that survives the trip out of the browser: tag, target and slide.
    await page.addScriptTag({ content: "window.keyOf = (el) => el.tagName + (el.getAttribute('href') ?? '') + (el.closest('section.entry')?.id ?? '');" });
    // The controls a reader can see, in document order (one inside something hidden is not one).
    const controls: string[] = await page.evaluate(() =>
      [...document.querySelectorAll('a[href], summary, button, input, select, textarea, [tabindex]:not([tabindex="-1"])')]
        .filter((el: any) => el.getClientRects().length > 0)
        .map((el: any) => window.keyOf(el) as string),
    );
    expect(controls.length).toBeGreaterThan(30);
    const visited: { key: string; ring: boolean; onScreen: boolean }[] = [];
    for (let i = 0; i < controls.length; i++) {
      await page.keyboard.press('Tab');
      visited.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          const cs = getComputedStyle(el);
          const r = el.getBoundingClientRect();
          return {
            key: window.keyOf(el) as string,
            ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
            onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight,
          };
        }),
      );
    }
    expect(visited.map((v) => v.key)).toEqual(controls);
    expect(visited[0].key).toBe('A#contenuto');
    expect(visited.filter((v) => !v.ring)).toEqual([]);
    expect(visited.filter((v) => !v.onScreen)).toEqual([]);
  });

  it('opens a data table from the keyboard', async () => {
    const { page } = await open(1280);
    await page.focus('.chart-data summary');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.querySelector('.chart-data details').open)).toBe(true);
    expect(await page.evaluate(() => document.querySelector('.chart-data details table').getBoundingClientRect().height)).toBeGreaterThan(50);
  });

  it('prints on A4 without the contents list and the controls', async () => {
    const { page } = await open(1280);
    await page.emulateMediaType('print');
    const shown = await page.evaluate(() => ({
      toc: getComputedStyle(document.querySelector('.toc')).display,
      data: getComputedStyle(document.querySelector('.chart-data')).display,
      charts: [...document.querySelectorAll('main figure svg')].filter((s: any) => s.getBoundingClientRect().height > 0).length,
    }));
    expect(shown.toc).toBe('none');
    expect(shown.data).toBe('none');
    expect(shown.charts).toBeGreaterThan(10);
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    // A4 portrait is 595 x 842 points.
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(box && [Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([595, 842]);
  });
});

describe('valid HTML (Nu HTML Checker)', () => {
  const VNU = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

  /** vnu's error messages for files, as "file:line: message". */
  async function vnuErrors(files: string[]): Promise<string[]> {
    // vnu exits 1 when it finds errors; its report is on stderr either way.
    const out = await run('java', ['-jar', VNU, '--format', 'json', ...files], { maxBuffer: 32 * 1024 * 1024 }).catch((e: { stderr: string }) => e);
    const { messages } = JSON.parse(out.stderr) as { messages: { type: string; url: string; lastLine?: number; message: string }[] };
    return messages.filter((m) => m.type !== 'info').map((m) => `${path.basename(m.url)}:${m.lastLine ?? 0}: ${m.message}`);
  }

  it('finds no error in report.html nor in deck.html', async () => {
    expect(await vnuErrors([path.join(folder, 'report.html'), path.join(folder, 'deck.html')])).toEqual([]);
  }, 180_000);
});
