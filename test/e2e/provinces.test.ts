/** Two real provinces as new networks set them up, on the first try and with no override: Lodi
 * (test/fixtures/networks/lodi: openpolis's boundaries of province 098, 60 municipalities, four districts
 * with long names, one of them from 2024) and Sondrio (province 014, 77 municipalities, a wide shape,
 * five districts). Each is built once, every output, by the real command; then checked as a user would:
 * no name or figure cut anywhere (deck, report at 360, 390 and 1280 px, deck.pptx), the map large with
 * its key apart from it, the lists of municipalities in the report, the figures in deck.pptx whole. */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser.js';
import { fixtureDir, libreOfficeProfile, ROOT, SOFFICE } from '../support.js';

const run = promisify(execFile);

const PROVINCES = {
  lodi: {
    districts: ['Lodi e Lodigiano Centrale', 'Alto Lodigiano', 'Basso Lodigiano', 'Lodigiano Occidentale'],
    someMunicipalities: ['Codogno', 'Zelo Buon Persico', "Sant'Angelo Lodigiano"],
  },
  sondrio: {
    districts: ['Valchiavenna', 'Bassa Valtellina', 'Media Valtellina e Valmalenco', 'Tiranese', 'Alta Valtellina'],
    someMunicipalities: ['Morbegno', 'Chiesa in Valmalenco', 'Livigno'],
  },
} as const;
type Province = keyof typeof PROVINCES;

let work: string;
let browser: Browser;
const built = new Map<Province, { out: string; stdout: string }>();
const file = (p: Province, name: string) => path.join(built.get(p)!.out, '2025', name);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'assemblea-province-'));
  for (const p of Object.keys(PROVINCES) as Province[]) {
    const data = path.join(work, `dati-${p}`);
    const out = path.join(work, `uscita-${p}`);
    await cp(fixtureDir(path.join('networks', p)), data, { recursive: true });
    const r = await run(process.execPath, ['bin/assemblea.js', 'build', '--data', data, '--out', out], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    built.set(p, { out, stdout: r.stdout + r.stderr });
  }
  browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await rm(work, { recursive: true, force: true });
});

/** Every chart text on the page that is cut («Basso Lo…») or drawn outside its drawing or the window. */
async function clippedTexts(url: string, width: number, selector: string): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width, height: 900 });
    await page.goto(url);
    return await page.evaluate((sel: string) => {
      const out: string[] = [];
      for (const svg of document.querySelectorAll(sel)) {
        const box = svg.getBoundingClientRect();
        if (!box.width) continue;
        for (const t of svg.querySelectorAll('text')) {
          const text = t.textContent ?? '';
          if (!text.trim()) continue;
          const r = t.getBoundingClientRect();
          const where = `${svg.closest('[id]')?.id}: «${text}»`;
          if (text.includes('…')) out.push(`${where} cut`);
          if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) out.push(`${where} outside its drawing`);
          if (r.left < -1 || r.right > window.innerWidth + 1) out.push(`${where} outside the window`);
        }
      }
      return out;
    }, selector);
  } finally {
    await page.close();
  }
}

describe.each(Object.keys(PROVINCES) as Province[])('the %s network, built on the first try', (p) => {
  it('makes every output with no error and no override', () => {
    for (const name of ['deck.html', 'deck.pdf', 'handout.pdf', 'report.html', 'deck.pptx', 'revisione.html']) expect(existsSync(file(p, name)), name).toBe(true);
    expect(existsSync(path.join(fixtureDir(path.join('networks', p)), 'modelli'))).toBe(false);
    expect(built.get(p)!.stdout).not.toMatch(/errore|diapositiva-troppo-piena/);
  });

  it('writes every district name whole in the deck: no chart text cut', async () => {
    expect(await clippedTexts(`file://${file(p, 'deck.html')}`, 1280, '.deck > .slide svg.marks')).toEqual([]);
    const html = readFileSync(file(p, 'deck.html'), 'utf8');
    const slide = html.slice(html.indexOf('id="rete"'), html.indexOf('<section class="slide', html.indexOf('id="rete"')));
    const texts = [...slide.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1].replace(/<\/tspan><tspan[^>]*>/g, ' ').replace(/<[^>]+>/g, ''));
    for (const d of PROVINCES[p].districts) expect(texts, d).toContain(d);
  });

  it('on a phone (360 and 390 px) and a laptop, no chart text of the report is cut or runs out of its drawing', async () => {
    const url = `file://${file(p, 'report.html')}`;
    expect(await clippedTexts(url, 360, '.chart-narrow svg')).toEqual([]);
    expect(await clippedTexts(url, 390, '.chart-narrow svg')).toEqual([]);
    expect(await clippedTexts(url, 1280, '.chart-wide svg')).toEqual([]);
  });

  it('draws the map large, its key (each district with its counts) apart from it, and no list of municipalities on the slide', async () => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 720 });
      await page.goto(`file://${file(p, 'deck.html')}#convenzioni-ambiti`);
      const m = await page.evaluate(() => {
        const slide = document.getElementById('convenzioni-ambiti')!;
        const map = slide.querySelector('svg.marks')!.getBoundingClientRect();
        const key = slide.querySelector('.map-key')!.getBoundingClientRect();
        const gap = Math.max(key.left - map.right, map.left - key.right, key.top - map.bottom, map.top - key.bottom);
        // What the room reads: the slide without its text alternatives (the drawing's data table, visually hidden).
        const seen = slide.querySelector('.slide-inner')!.cloneNode(true) as HTMLElement;
        for (const hidden of seen.querySelectorAll('table, .visually-hidden, svg')) hidden.remove();
        return { width: map.width, height: map.height, gap, text: seen.textContent!.replace(/\s+/g, ' '), legend: slide.querySelectorAll('.role-legend').length };
      });
      expect(m.gap).toBeGreaterThanOrEqual(24);
      expect(m.legend).toBe(0);
      // A wide province keeps a wide map (Sondrio was drawn 190x130 beside its lists), a compact one a tall map.
      expect(m.width * m.height).toBeGreaterThan(150_000);
      for (const d of PROVINCES[p].districts) expect(m.text).toMatch(new RegExp(`${d} \\d+ convenzioni, \\d+ comuni`));
      for (const name of PROVINCES[p].someMunicipalities) expect(m.text).not.toContain(name);
    } finally {
      await page.close();
    }
  });

  it('lists every municipality with a convention, by district, in the report', () => {
    const report = readFileSync(file(p, 'report.html'), 'utf8');
    const entry = report.slice(report.indexOf('id="convenzioni-ambiti"'));
    const lists = entry.slice(entry.indexOf('class="district-lists"'), entry.indexOf('</article>'));
    for (const name of PROVINCES[p].someMunicipalities) expect(lists.replace(/&#x27;|’/g, "'")).toContain(name);
    for (const d of PROVINCES[p].districts) expect(lists).toContain(d);
  });

  it('deck.pptx: no text cut, no figure broken across lines (data labels do not wrap), names in full', async () => {
    const zip = await JSZip.loadAsync(readFileSync(file(p, 'deck.pptx')));
    const parts = Object.keys(zip.files).filter((f) => /^ppt\/(slides\/slide|charts\/chart)\d+\.xml$/.test(f));
    const xml = await Promise.all(parts.map((f) => zip.file(f)!.async('string')));
    expect(xml.filter((x) => x.includes('…'))).toEqual([]);
    const charts = xml.filter((x) => x.includes('<c:chartSpace'));
    for (const c of charts) for (const d of c.match(/<c:dLbls>[\s\S]*?<\/c:dLbls>/g) ?? []) if (d.includes('<c:txPr>')) expect(d).toContain('<a:bodyPr wrap="none"/>');
    for (const d of PROVINCES[p].districts) expect(charts.join('')).toContain(`<c:v>${d}</c:v>`);
  });
});

describe('deck.pptx as LibreOffice draws it (Lodi: four districts, six-digit km)', () => {
  const soffice = SOFFICE;
  it.runIf(soffice || process.env.CI)(
    'writes each six-digit figure of the km chart on one line',
    async () => {
      expect(soffice, 'LibreOffice Impress is needed: apt-get install libreoffice-impress').toBeDefined();
      const profile = await libreOfficeProfile(work, 'it-IT');
      const pdfDir = path.join(work, 'lo');
      await run(soffice!, [profile, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, file('lodi', 'deck.pptx')], { timeout: 170_000 });
      const { stdout } = await run('pdftotext', ['-layout', path.join(pdfDir, 'deck.pdf'), '-']);
      // The km slide, by its title («I km percorsi crescono: …»).
      const km = stdout.split('\f').find((page) => /\bkm percorsi (crescono|calano|restano)/i.test(page))!;
      // Lodi e Lodigiano Centrale's km, 2024 and 2025 (fixture's 2024.yaml and 2025.yaml).
      for (const figure of ['215.600', '220.500']) expect(km).toContain(figure);
    },
    200_000,
  );
});
