/** `sito:` in rete.yaml -> absolute addresses in deck.html and report.html (canonical, og:image) and a QR
 * code to the web report on the handout's first page (the slide layouts: on the last page, see handoutPages), read back from a render of the printed PDF (jsQR);
 * without it, none of those, and never a relative one. A malformed address is a located error. */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { check } from '../src/check.js';
import { isError } from '../src/diagnostics.js';
import { siteBase, siteLinks } from '../src/publish.js';
import { handoutPages } from '../src/render.js';
import { type CliRun, ROOT, runCli, seedFolder } from './support.js';

const run = promisify(execFile);
// jsqr is CommonJS with an ES-style default export: Node hands the module object over as the default.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQRAny = jsQRModule as unknown as { default: Decode | { default: Decode } };
const jsQR: Decode = typeof jsQRAny.default === 'function' ? jsQRAny.default : jsQRAny.default.default;
const temps: string[] = [];

/** A copy of the real data (the folder as it was for the 2025 deck) with these lines added to rete.yaml; the project folder. */
async function project(reteLines = ''): Promise<string> {
  const dir = await seedFolder({ 'rete.yaml': (t) => t + reteLines });
  temps.push(dir);
  return dir;
}

const SITE = 'https://auser-cremona.example.it/assemblea/{anno}/';
const REPORT = 'https://auser-cremona.example.it/assemblea/2025/report.html';

/** The page's head, as the tags a sharing preview reads. */
function head(html: string) {
  const attr = (re: RegExp) => re.exec(html)?.[1];
  return {
    canonical: attr(/<link rel="canonical" href="([^"]*)"/),
    image: attr(/<meta property="og:image" content="([^"]*)"/),
    url: attr(/<meta property="og:url" content="([^"]*)"/),
  };
}

/** The QR codes jsQR finds on one page of a PDF rendered at 150 dpi (as a phone camera would see a print). */
async function qrOnPage(pdf: string, page: number): Promise<string | undefined> {
  const prefix = path.join(path.dirname(pdf), `qr-${page}`);
  await run('pdftoppm', ['-png', '-r', '150', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
  const png = PNG.sync.read(readFileSync(`${prefix}.png`));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

const pages = async (pdf: string) => Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [pdf])).stdout)?.[1]);
const pageText = async (pdf: string, page: number) => (await run('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'])).stdout;

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('the site address', () => {
  it('is the year folder, {anno} filled in and ending in /', () => {
    expect(siteBase(SITE, 2025)).toBe('https://auser-cremona.example.it/assemblea/2025/');
    expect(siteBase('https://auser.example.it/assemblea', 2025)).toBe('https://auser.example.it/assemblea/');
  });

  it('gives absolute links, and none without an address', async () => {
    const links = await siteLinks(SITE, 2025);
    expect(links).toMatchObject({ report: REPORT, deck: 'https://auser-cremona.example.it/assemblea/2025/deck.html', image: 'https://auser-cremona.example.it/assemblea/2025/anteprima.png' });
    expect(links!.qrSvg).toMatch(/^<svg role="img" aria-label="[^"]+" xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(await siteLinks(undefined, 2025)).toBeUndefined();
  });

  it.each([
    ['http://auser.example.it/', 'an address without https'],
    ['auser.example.it/assemblea', 'an address without https://'],
    ['https://', 'no host'],
  ])(
    '%s (%s) is a located error in rete.yaml',
    async (address) => {
      const dir = await project(`sito: "${address}"\n`);
      const r = await runCli(['check'], { cwd: dir });
      expect(r.code).toBe(1);
      const line =
        readFileSync(path.join(dir, 'data', 'rete.yaml'), 'utf8')
          .split('\n')
          .findIndex((l) => l.startsWith('sito:')) + 1;
      expect(r.stderr).toContain(`data/rete.yaml:${line}:7: errore [formato-non-valido] sito`);
      expect(r.stderr).toContain('https://');
    },
    60_000,
  );
});

describe("the editor's schema for sito:", () => {
  it('accepts an https address, {anno} included, and refuses the others, as the build does', async () => {
    const { Ajv } = await import('ajv');
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(path.join(ROOT, 'data', 'schema', 'rete.schema.json'), 'utf8')));
    const rete = (sito: string) =>
      validate({
        organizzazione: 'Auser',
        territorio: { nome: 'provincia di prova', confini: 'geo/comuni.topo.json', attribuzione: 'Confini di prova' },
        ambiti: [
          { nome: 'A', colore: '#1f5fa8' },
          { nome: 'B', colore: '#d87a30' },
        ],
        sito,
      });
    expect(rete(SITE)).toBe(true);
    expect(rete('https://auser.example.it')).toBe(true);
    for (const bad of ['http://auser.example.it/', 'auser.example.it/assemblea', 'https://']) expect(rete(bad), bad).toBe(false);
  });
});

describe('a build with and without sito:', () => {
  let withSite: { dir: string; run: CliRun };
  let without: { dir: string; run: CliRun };
  const out = (p: { dir: string }, name: string) => path.join(p.dir, 'output', '2025', name);

  beforeAll(async () => {
    const build = async (dir: string) => ({ dir, run: await runCli(['build', '--only', 'html,report,pdf', '--quiet'], { cwd: dir }) });
    [withSite, without] = await Promise.all([project(`sito: "${SITE}"\n`).then(build), project().then(build)]);
    expect(withSite.run.code, withSite.run.stderr).toBe(0);
    expect(without.run.code, without.run.stderr).toBe(0);
  }, 300_000);

  it('names absolute addresses under the site in deck.html and report.html', () => {
    expect(head(readFileSync(out(withSite, 'report.html'), 'utf8'))).toEqual({ canonical: REPORT, image: 'https://auser-cremona.example.it/assemblea/2025/anteprima.png', url: REPORT });
    const deck = head(readFileSync(out(withSite, 'deck.html'), 'utf8'));
    expect(deck.canonical).toBe('https://auser-cremona.example.it/assemblea/2025/deck.html');
    expect(deck.image).toBe('https://auser-cremona.example.it/assemblea/2025/anteprima.png');
  });

  it("prints a QR code to the web report on the handout's first page, under the year in brief, with the address written out", async () => {
    const pdf = out(withSite, 'handout.pdf');
    expect(await qrOnPage(pdf, 1)).toBe(REPORT);
    expect((await pageText(pdf, 1)).replace(/\s+/g, ' ')).toContain(REPORT);
    // Only there: the next page and the last have no code.
    expect(await qrOnPage(pdf, 2)).toBeUndefined();
    expect(await qrOnPage(pdf, await pages(pdf))).toBeUndefined();
  }, 60_000);

  it('leaves all of it out without an address, never writing a relative one', async () => {
    for (const name of ['deck.html', 'report.html']) {
      const html = readFileSync(out(without, name), 'utf8');
      expect(head(html), name).toEqual({ canonical: undefined, image: undefined, url: undefined });
      expect(html).not.toMatch(/og:image|rel="canonical"/);
    }
    const pdf = out(without, 'handout.pdf');
    expect(await qrOnPage(pdf, 1)).toBeUndefined();
    expect(await pageText(pdf, 1)).not.toContain('Inquadra il codice');
  }, 60_000);
});

describe('without sito:, a warning', () => {
  const warningOf = async (dir: string) => {
    const r = await check({ dataDir: path.join(dir, 'data'), cwd: dir });
    expect(r.diagnostics.filter(isError)).toEqual([]);
    return r.diagnostics.filter((d) => d.code === 'sito-mancante');
  };
  const rete = (dir: string) => readFileSync(path.join(dir, 'data', 'rete.yaml'), 'utf8');

  it('is at organizzazione: in rete.yaml, naming sito, what the handout and the report lack, and the line to add', async () => {
    const dir = await project();
    const [d, ...others] = await warningOf(dir);
    expect(others).toEqual([]);
    const line =
      rete(dir)
        .split('\n')
        .findIndex((l) => l.startsWith('organizzazione:')) + 1;
    expect(d).toMatchObject({ severity: 'warning', field: 'sito', at: { file: 'data/rete.yaml', line, col: 1 } });
    expect(d.message).toBe(
      "In rete.yaml manca l'indirizzo del sito («sito»). Finché non c'è, la prima pagina della dispensa stampata non ha l'indirizzo del resoconto né il codice QR per aprirlo con il telefono e il resoconto non ha il suo indirizzo completo (serve a WhatsApp e ai social per mostrarne l'anteprima).",
    );
    expect(d.hint).toContain('aggiungi sotto «organizzazione:» la riga sito:');
    expect(d.example).toMatch(/^sito: https:\/\/\S+$/);

    // The example line, written where the hint says: a valid address, and the warning is gone.
    const filled = await seedFolder({ 'rete.yaml': (t) => t.replace(/^(organizzazione: .*\n)/m, `$1${d.example}\n`) });
    temps.push(filled);
    expect(rete(filled)).toContain(`\n${d.example}\n`);
    expect(await warningOf(filled)).toEqual([]);
  }, 60_000);

  it("is not given when the network's own handout and report show no site; names only what does show it", async () => {
    const noSite = (rel: string) => readFileSync(path.join(ROOT, 'templates', rel), 'utf8').replace(/\{\{\{?[^}]*\bsite\.[^}]*\}\}\}?/g, '');
    const own = async (files: string[]) => {
      const dir = await project();
      for (const rel of files) {
        mkdirSync(path.dirname(path.join(dir, 'data', 'modelli', rel)), { recursive: true });
        writeFileSync(path.join(dir, 'data', 'modelli', rel), noSite(rel));
      }
      return dir;
    };
    expect(await warningOf(await own(['print/handout.html.hbs', 'pages/report.html.hbs']))).toEqual([]);
    const [d] = await warningOf(await own(['pages/report.html.hbs']));
    expect(d.message).toContain('la prima pagina della dispensa stampata non ha');
    expect(d.message).not.toContain('WhatsApp');
  }, 60_000);
});

describe("the README's publishing workflows", () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Pubblicare sul sito'), readme.indexOf('\n## ', readme.indexOf('## Pubblicare sul sito') + 5));
  const blocks = [...section.matchAll(/```yaml\n([^]*?)```/g)].map((m) => m[1]);
  const parsed = blocks.map((text) => {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    return doc.toJS() as Record<string, any>;
  });

  it('are two YAML files that parse: GitHub Pages, then GitLab Pages', () => {
    expect(blocks).toHaveLength(2);
  });

  it('GitHub Pages: builds with Chrome on the runner and publishes the year folder without the review page', () => {
    const gh = parsed[0];
    expect(gh.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    const build = gh.jobs.costruisci;
    expect(build.env.PUPPETEER_EXECUTABLE_PATH).toMatch(/chrom/);
    const runs = build.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npx assemblea build');
    expect(runs).toContain('rm -f "output/$anno/revisione.html"');
    expect(build.steps.map((s: { uses?: string }) => s.uses)).toEqual(expect.arrayContaining(['actions/checkout@v4', 'actions/setup-node@v4', 'actions/upload-pages-artifact@v3']));
    expect(gh.jobs.pubblica.needs).toBe('costruisci');
    expect(gh.jobs.pubblica.steps[0].uses).toBe('actions/deploy-pages@v4');
  });

  it('GitLab Pages: installs Chromium, builds, and publishes public/', () => {
    const gl = parsed[1].pages;
    expect(gl.before_script.join('\n')).toContain('install -y --no-install-recommends chromium');
    expect(gl.variables.PUPPETEER_EXECUTABLE_PATH).toBe('/usr/bin/chromium');
    expect(gl.script).toEqual(expect.arrayContaining(['npm ci', 'npx assemblea build --quiet', 'rm -f "output/$anno/revisione.html"']));
    expect(gl.artifacts.paths).toEqual(['public']);
  });
});

describe("the QR code's page in the handout", () => {
  const slides = (n: number) => [{ kind: 'section', title: 'Parte' }, ...Array.from({ length: n }, (_, i) => ({ kind: 'chart', title: `Diapositiva ${i + 1}` }))];
  const qrPages = (h: ReturnType<typeof handoutPages>) => h.pages.filter((p) => p.qr).map((p) => ({ number: p.number, entries: p.entries.length }));

  it('is the last page when it has room', () => {
    expect(qrPages(handoutPages(slides(3), 2, true))).toEqual([{ number: 2, entries: 1 }]);
    expect(qrPages(handoutPages(slides(4), 1, true))).toEqual([{ number: 4, entries: 1 }]);
    expect(qrPages(handoutPages(slides(5), 6, true))).toEqual([{ number: 1, entries: 5 }]);
  });

  it('is a page of its own after a full last page', () => {
    const h = handoutPages(slides(4), 2, true);
    expect(h.pages).toHaveLength(3);
    expect(qrPages(h)).toEqual([{ number: 3, entries: 0 }]);
  });

  it('is nowhere without a site', () => {
    expect(qrPages(handoutPages(slides(3), 2, false))).toEqual([]);
  });
});
