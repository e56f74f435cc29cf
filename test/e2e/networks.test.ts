/** A network other than Cremona, built end to end by changing the data folder only: the real command
 * (`node bin/assemblea.js build --data <dir> --out <dir>`) on test/fixtures/networks/valmora, a made-up
 * province with synthetic boundaries of 10 municipalities, four districts of its own (one started in
 * 2025), its own attribution and its own outline (modelli/slides.yaml). Checked as a user would: the province, the count of municipalities,
 * the districts and their colours, the credit under the map, and not a word of Cremona anywhere. */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser.js';
import { NO_CONVENTION } from '../../src/chart-shapes.js';
import { contrast, WHITE } from '../../src/colour.js';
import { fixtureDir, paintedTexts, ROOT } from '../support.js';

const run = promisify(execFile);

const NETWORK = fixtureDir(path.join('networks', 'valmora'));
const ATTRIBUTION = 'Confini comunali: Comune di prova, dati sintetici, CC0';
const DISTRICTS = { Valle: '#2c2c54', Colline: '#1d5c3a', Pianura: '#e8622c', Lago: '#e0a020' };
/** Cremona's names, its districts and its count of municipalities: none may reach another network's outputs. */
const CREMONA = /cremon|cremasc|casalasc/i;
/** Cremona's count of municipalities, where a reader would see it (not an SVG coordinate). */
const CREMONA_COUNT = /\b113 comuni|su 113\b/;

let work: string;
let out: string;
let build: { stdout: string; stderr: string };
let checked: { stdout: string; stderr: string };
let checkedWithDefaultOutline: { stdout: string; stderr: string };
const file = (name: string) => path.join(out, '2025', name);
const text = (name: string) => readFileSync(file(name), 'utf8');
/** A page's text without its embedded files (fonts, images as data: URIs), where any letters may occur. */
const withoutDataUris = (html: string) => html.replace(/data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+/g, '');
const pdfText = async (name: string) => (await run('pdftotext', ['-layout', file(name), '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
/** The slide section of deck.html with this id. */
const slideHtml = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  expect(start, `slide ${id}`).toBeGreaterThan(0);
  // Up to the next slide: a slide may hold sections of its own (the map's district lists).
  const next = html.indexOf('<section class="slide', start);
  return html.slice(start, next < 0 ? undefined : next);
};
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0|\u202f/g, ' ')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  // Anywhere on disk, as another office's data folder would be: nothing of the project's data/ is near.
  work = await mkdtemp(path.join(os.tmpdir(), 'assemblea-rete-'));
  const data = path.join(work, 'dati-valmora');
  out = path.join(work, 'uscita');
  await cp(NETWORK, data, { recursive: true });
  build = await run(process.execPath, ['bin/assemblea.js', 'build', '--data', data, '--out', out, '--quiet'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  checked = await run(process.execPath, ['bin/assemblea.js', 'check', '--json', '--data', data], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  // The same network with the package's outline (no modelli/slides.yaml of its own).
  const plain = path.join(work, 'senza-modelli');
  await cp(NETWORK, plain, { recursive: true });
  await rm(path.join(plain, 'modelli'), { recursive: true });
  checkedWithDefaultOutline = await run(process.execPath, ['bin/assemblea.js', 'check', '--json', '--data', plain], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
}, 600_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('a second network (provincia di Valmora), built by changing its data folder only', () => {
  it('makes every output', () => {
    for (const name of ['deck.html', 'deck.pdf', 'handout.pdf', 'deck.pptx', 'report.html', 'revisione.html', 'anteprima.png']) expect(existsSync(file(name)), name).toBe(true);
    expect(readdirSync(file('dati')).filter((n) => n.endsWith('.csv')).length).toBeGreaterThan(5);
  });

  it('names its own province and counts its own municipalities', () => {
    const share = plain(slideHtml(text('deck.html'), 'convenzioni-comuni'));
    expect(share).toContain('dei comuni della provincia di Valmora ha almeno una convenzione');
    // 6 municipalities of 10 have a convention: 60%, and ten squares, six filled.
    expect(share).toContain('6 comuni su 10');
    expect(share).toContain('60%');
    const squares = slideHtml(text('deck.html'), 'convenzioni-comuni').match(/<span( class="on")?><\/span>/g) ?? [];
    expect([squares.length, squares.filter((s) => s.includes('on')).length]).toEqual([10, 6]);
  });

  it('makes a noun agree with the count before it, in the deck and in the PowerPoint alike (1 comune, 1 associazione provinciale)', async () => {
    const html = text('deck.html');
    const map = plain(slideHtml(html, 'convenzioni-ambiti'));
    expect(map).toContain('Lago 1 convenzione, 1 comune');
    expect(map).toContain('Colline 2 convenzioni, 1 comune');
    expect(map).toContain('Valle 3 convenzioni, 2 comuni');
    expect(plain(slideHtml(html, 'rete'))).toContain('1 associazione provinciale');
    expect(plain(html)).not.toMatch(/\b1 (convenzioni|comuni|associazioni)\b/);
    const zip = await JSZip.loadAsync(readFileSync(file('deck.pptx')));
    const slides = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    const pptx = slides
      .map((x) => (x.match(/<a:t>[^<]*<\/a:t>/g) ?? []).join(' '))
      .join(' ')
      .replace(/<\/?a:t>/g, '')
      .replace(/\u00a0/g, ' ');
    expect(pptx).toContain('Lago 1 convenzione, 1 comune');
    expect(pptx).toContain('associazione provinciale');
    expect(pptx).not.toMatch(/\b1 (convenzioni|comuni)\b|associazioni provinciali/);
  });

  it('draws its map from its own boundaries, with its districts, their colours and its own credit', () => {
    const slide = slideHtml(text('deck.html'), 'convenzioni-ambiti');
    expect(plain(slide)).toContain(ATTRIBUTION);
    expect(slide).toContain('6 comuni su 10 hanno almeno una convenzione (Valle 2, Colline 1, Pianura 2, Lago 1)');
    // Ten municipalities on the map: one shape each.
    const svg = slide.slice(slide.indexOf('<svg'), slide.indexOf('</svg>'));
    const shapes = [...svg.matchAll(/<path aria-label="legendGroup: ([^"]+)"[^>]*aria-roledescription="geoshape"[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => [m[1], m[2]]);
    expect(shapes).toHaveLength(10);
    // Filled in the district's colour where there is a convention, grey elsewhere.
    for (const [group, fill] of shapes) expect(fill, group).toBe(DISTRICTS[group as keyof typeof DISTRICTS] ?? NO_CONVENTION);
    expect(shapes.filter(([g]) => g === 'Senza convenzione')).toHaveLength(4);
    for (const [name, colour] of Object.entries(DISTRICTS)) {
      expect(plain(slide), name).toMatch(new RegExp(`${name} \\d+ convenzion`));
      expect(slide.toLowerCase(), `${name}'s colour on the map and in its list`).toContain(colour);
    }
  });

  it("writes a history's district names beside its last column on a phone, not over it, with two years as with six", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 360, height: 800 });
      await page.goto(`file://${file('report.html')}`);
      const covered = await page.evaluate(() => {
        const out: string[] = [];
        for (const svg of document.querySelectorAll('#soci-storico .chart-narrow svg')) {
          const marks = [...svg.querySelectorAll('.mark-rect path')].map((m) => ({ fill: m.getAttribute('fill'), box: m.getBoundingClientRect() }));
          for (const t of svg.querySelectorAll('.mark-text text')) {
            const box = t.getBoundingClientRect();
            const fill = t.getAttribute('fill');
            for (const m of marks) {
              const apart = box.right <= m.box.left + 0.5 || m.box.right <= box.left + 0.5 || box.bottom <= m.box.top + 0.5 || m.box.bottom <= box.top + 0.5;
              if (!apart && m.fill === fill) out.push(`«${t.textContent}» on a column of its own colour ${fill}`);
            }
          }
        }
        return out;
      });
      expect(covered).toEqual([]);
      const names = await page.evaluate(() => [...document.querySelectorAll('#soci-storico .chart-narrow .mark-text text')].map((t) => t.textContent));
      for (const d of Object.keys(DISTRICTS)) expect(names).toContain(d);
    } finally {
      await browser.close();
    }
  });

  it("writes the map's key beside it, each district with its counts, and no legend inside the drawing (desktop or phone)", () => {
    const slide = slideHtml(text('deck.html'), 'convenzioni-ambiti');
    expect(slide).not.toContain('role-legend');
    expect(plain(slide)).toContain('Valle 3 convenzioni, 2 comuni');
    expect(plain(slide)).toContain('Senza convenzione 4 comuni');
    const report = text('report.html');
    const at = report.indexOf('chart-narrow', report.indexOf('id="convenzioni-ambiti"'));
    expect(report.slice(at, report.indexOf('</svg>', at))).not.toContain('role-legend');
  });

  it('credits its boundaries in the report and in the PowerPoint, and nowhere the bundled ones', async () => {
    expect(plain(text('report.html'))).toContain(ATTRIBUTION);
    const zip = await JSZip.loadAsync(readFileSync(file('deck.pptx')));
    const slides = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    expect(slides.filter((s) => s.includes(ATTRIBUTION))).toHaveLength(1);
    expect(slides.some((s) => s.includes('openpolis'))).toBe(false);
    expect(slides.filter((s) => s.replace(/\u00a0/g, ' ').includes('Di cui 140 nel nuovo ambito Lago (attivo dal 2025). A parità di ambiti: +45 iscritti (+1,8%).'))).toHaveLength(1);
    // Each district's colour in the native charts.
    const charts = (
      await Promise.all(
        Object.keys(zip.files)
          .filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
          .map((n) => zip.file(n)!.async('string')),
      )
    ).join('');
    for (const colour of Object.values(DISTRICTS)) expect(charts.toUpperCase()).toContain(colour.slice(1).toUpperCase());
    expect(await pdfText('deck.pdf')).toContain(ATTRIBUTION);
  });

  it('keeps a district out of the years before it started: no zero in the history, "—" in its table', () => {
    // Lago starts in 2025 (rete.yaml: dal: 2025).
    const csv = readFileSync(file('dati/soci-storico.csv'), 'utf8').replace(/^\uFEFF/, '');
    expect(csv.split('\r\n')).toContain('Lago;;140');
    expect(csv.split('\r\n')).toContain('Totale;2557;2742');
    const history = slideHtml(text('deck.html'), 'soci-storico');
    expect(history).toContain('Soci per ambito 2024–2025: in totale da 2.557 (2024) a 2.742 (2025)');
    // Its table: "—" for the year before Lago, no 0.
    expect(plain(history)).toContain('Lago — 140');
    // The comparison of the two years: Lago only on 2025's side.
    expect(text('report.html')).toMatch(/Lago 140 \(nel 2024 non c(’|')era\)/);
    // Its members are in the growth of the network, and said apart under the title.
    const growth = plain(slideHtml(text('deck.html'), 'soci-crescita'));
    expect(growth).toMatch(/Soci 2025: \+185\s+iscritti/);
    expect(growth).toContain('Di cui 140 nel nuovo ambito Lago (attivo dal 2025). A parità di ambiti: +45 iscritti (+1,8%).');
    expect(plain(text('report.html'))).toContain('Di cui 140 nel nuovo ambito Lago (attivo dal 2025). A parità di ambiti: +45 iscritti (+1,8%).');
  });

  it('keeps that district out of 2024 in deck.pptx too: an empty slot in the comparison and the history charts, no bar and no "0"', async () => {
    const zip = await JSZip.loadAsync(readFileSync(file('deck.pptx')));
    const charts = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    // Each series named Lago, as its points: the category index and the value written there.
    const lago = charts.flatMap((xml) =>
      [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)]
        .filter((m) => /<c:tx>[\s\S]*?<c:v>Lago<\/c:v>/.exec(m[1]))
        .map((m) => {
          const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(m[1])![1];
          return {
            count: Number(/<c:ptCount val="(\d+)"/.exec(val)![1]),
            points: [...val.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v>/g)].map((p) => `${p[1]}:${p[2]}`),
            gap: /<c:dispBlanksAs val="gap"\/>/.test(xml),
          };
        }),
    );
    // soci-ambiti (its own panel 2024 | 2025) and soci-storico (a stack per year): 2024 has no point at all.
    const twoYears = lago.filter((s) => s.count === 2);
    expect(twoYears.length).toBeGreaterThanOrEqual(2);
    for (const s of twoYears) {
      expect(s.points).toEqual([expect.stringMatching(/^1:\d+$/)]);
      expect(s.gap).toBe(true);
    }
    expect(twoYears.map((s) => s.points[0])).toContain('1:140');
  });

  it('follows its own outline (modelli/slides.yaml): its titles, its order, only the slides it has data for', () => {
    const ids = [...text('deck.html').matchAll(/<section class="slide[^"]*" id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.slice(0, 5)).toEqual(['copertina', 'rete', 'convenzioni', 'convenzioni-comuni', 'convenzioni-ambiti']);
    expect(plain(slideHtml(text('deck.html'), 'rete'))).toContain('La rete Auser nella provincia di Valmora');
    // Its outline asks only for what it has: not one slide left out, no warning but the one for the site
    // address its rete.yaml does not give.
    expect((JSON.parse(checked.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual(['sito-mancante']);
  });

  it("has no slide and no warning about sections it does not have (Unipop, Rete Auser Cultura, hospitals), even with the package's outline", () => {
    const html = text('deck.html');
    for (const id of ['unipop', 'rete-cultura', 'ospedali-pubblici', 'ospedali-dettaglio', 'strutture-private']) expect(html).not.toContain(`id="${id}"`);
    // The package's outline lists them: its other slides that wait for data are warned about, these are not.
    const fields = (JSON.parse(checkedWithDefaultOutline.stdout) as { diagnostics: { code: string; field?: string }[] }).diagnostics
      .filter((d) => d.code === 'diapositiva-omessa')
      .map((d) => d.field ?? '');
    expect(fields.length).toBeGreaterThan(5);
    expect(fields.filter((f) => /unipop|rete_auser_cultura|ospedal|strutture_private/.test(f))).toEqual([]);
    expect(plain(text('revisione.html'))).not.toMatch(/unipop|auser cultura|accessi_per_ospedale|ospedali_pubblici/i);
  });

  it("prints the handout's cover in ink on the white paper: every text of page 1, the venue too, 4.5:1 or more", async () => {
    // The text drawn on page 1 by its fill colour, read from the PDF's operators with pdf.js.
    const byColour = new Map<string, string>();
    for (const r of await paintedTexts(file('handout.pdf'), 1)) byColour.set(r.fill, (byColour.get(r.fill) ?? '') + r.text);
    const onPaper = (hex: string) => contrast(hex, WHITE); // against the white paper
    expect([...byColour.values()].join(' ')).toContain('Borgo Alto');
    const faint = [...byColour].filter(([hex]) => onPaper(hex) < 4.5).map(([hex, t]) => `${hex} (${onPaper(hex).toFixed(1)}:1): ${t.slice(0, 40)}`);
    expect(faint).toEqual([]);
  });

  it('has not a word of Cremona, its districts or its 113 municipalities in any output', async () => {
    const pages = ['deck.html', 'report.html', 'revisione.html'].map((n) => [n, withoutDataUris(text(n))] as const);
    const csvs = readdirSync(file('dati')).map((n) => [`dati/${n}`, text(`dati/${n}`)] as const);
    const pdfs = await Promise.all(['deck.pdf', 'handout.pdf'].map(async (n) => [n, await pdfText(n)] as const));
    const zip = await JSZip.loadAsync(readFileSync(file('deck.pptx')));
    const parts = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /\.(xml|rels)$/.test(n))
        .map(async (n) => [`deck.pptx:${n}`, await zip.file(n)!.async('string')] as const),
    );
    const found = [...pages, ...csvs, ...pdfs, ...parts].flatMap(([name, t]) => {
      const m = CREMONA.exec(t) ?? CREMONA_COUNT.exec(name.endsWith('.html') ? plain(t) : t);
      return m ? [`${name}: …${t.slice(Math.max(0, m.index - 40), m.index + 40)}…`] : [];
    });
    expect(found).toEqual([]);
    expect(build.stdout + build.stderr).not.toMatch(CREMONA);
  });
});
