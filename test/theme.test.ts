/** rete.yaml's `tema:` -> colours as CSS custom properties (checked for WCAG AA contrast) and a font file
 * from the data folder, which reaches deck.html, report.html, both PDFs (embedded) and deck.pptx (named).
 * Built end to end on the small two-years fixture, with a real TrueType file (Liberation Sans, shipped
 * with pdfjs-dist) as the network's font. */
import { execFile } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { contrast } from '../src/colour.js';
import { darkenedFor, themeCss } from '../src/theme.js';
import { type CliRun, fixtureDir, located, only, runCli } from './support.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const LIBERATION = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf');
const temps: string[] = [];

/** The two-years fixture as a project's data/ folder, with these lines added to rete.yaml and these files. */
function project(reteLines: string, files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assemblea-tema-'));
  temps.push(dir);
  cpSync(fixtureDir('two-years'), path.join(dir, 'data'), { recursive: true });
  appendFileSync(path.join(dir, 'data', 'rete.yaml'), reteLines);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, 'data', rel)), { recursive: true });
    writeFileSync(path.join(dir, 'data', rel), content);
  }
  return dir;
}

const lineOf = (dir: string, needle: string) =>
  readFileSync(path.join(dir, 'data', 'rete.yaml'), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;
const checkProject = (dir: string) => check({ dataDir: path.join(dir, 'data'), cwd: dir });

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('contrast', () => {
  it('is the WCAG ratio', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // The package's accent on white: well above AA.
    expect(contrast('#1f4e79', '#ffffff')).toBeGreaterThan(8);
    expect(contrast('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('suggests the same hue darkened to AA', () => {
    const dark = darkenedFor('#f08080', '#ffffff');
    expect(contrast(dark, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(darkenedFor('#1f4e79', '#ffffff'), '#1f4e79')).toBe(1);
  });

  it('leaves the stylesheets alone without a theme', () => {
    expect(themeCss({})).toBe('');
    expect(themeCss({ accent: '#7a1f3d' })).toContain('--accent: #7a1f3d');
    // The covers' rules and quieter text follow the accent, not the package's blue.
    expect(themeCss({ accent: '#7a1f3d' })).toContain('--on-accent-rule: color-mix(in srgb, #ffffff 30%, #7a1f3d)');
  });
});

describe('checking tema:', () => {
  const TEMA = 'tema:\n  colore_principale: "#e8a0b0"\n  colore_testo: "#909090"\n';

  it('warns where text would fall below WCAG AA, at the colour, with a darker one to use', async () => {
    const dir = project(TEMA);
    const r = await checkProject(dir);
    const accent = r.diagnostics.filter((d) => d.code === 'tema-contrasto' && d.field === 'tema › colore_principale');
    expect(accent.map(located)).toEqual([{ code: 'tema-contrasto', severity: 'warning', at: `data/rete.yaml:${lineOf(dir, 'colore_principale')}:22` }]);
    expect(accent[0].message).toContain('4,5:1');
    const suggested = /"(#[0-9a-f]{6})"/.exec(accent[0].hint ?? '')?.[1];
    expect(contrast(suggested!, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(r.diagnostics.filter((d) => d.code === 'tema-contrasto' && d.field === 'tema › colore_testo')).toHaveLength(1);
  });

  it('says nothing about readable colours', async () => {
    const r = await checkProject(project('tema:\n  colore_principale: "#7a1f3d"\n  colore_testo: "#222222"\n'));
    expect(r.diagnostics.filter((d) => d.code === 'tema-contrasto')).toEqual([]);
  });

  it('a missing font file is a located error', async () => {
    const dir = project('tema:\n  carattere:\n    file: caratteri/manca.woff2\n    nome: Mio\n');
    const d = only((await checkProject(dir)).diagnostics, 'carattere-assente');
    expect(located(d)).toEqual({ code: 'carattere-assente', severity: 'error', at: `data/rete.yaml:${lineOf(dir, 'manca.woff2')}:11` });
    expect(d.message).toContain('manca.woff2');
  });

  it('a file that is not a font is a located error, whatever its name says', async () => {
    const dir = project('tema:\n  carattere:\n    file: caratteri/finto.woff2\n    nome: Mio\n', { 'caratteri/finto.woff2': '<html>not a font</html>' });
    const d = only((await checkProject(dir)).diagnostics, 'carattere-illeggibile');
    expect(d.at?.line).toBe(lineOf(dir, 'finto.woff2'));
    const r = await runCli(['build', '--only', 'html'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`data/rete.yaml:${lineOf(dir, 'finto.woff2')}:11: errore [carattere-illeggibile] tema › carattere › file`);
  });

  it('a colour that is not a colour is a located error', async () => {
    const dir = project('tema:\n  colore_principale: rosso\n');
    const d = only((await checkProject(dir)).diagnostics, 'formato-non-valido');
    expect(d.at?.line).toBe(lineOf(dir, 'rosso'));
  });
});

/** The package's accent and ink (slides.css), given to two districts of the themed build. */
const DISTRICT_AS_ACCENT = '#1f4e79';
const DISTRICT_AS_INK = '#1a1a1a';

describe('a build with colours and a font of its own', () => {
  let dir: string;
  let built: CliRun;
  const out = (name: string) => path.join(dir, 'output', '2025', name);

  beforeAll(async () => {
    dir = project(
      'logo: immagini/logo-rete.svg\nlogo_alt: Auser della rete di prova\ntema:\n  colore_principale: "#7a1f3d"\n  colore_testo: "#222222"\n  carattere:\n    file: caratteri/LiberationSans-Regular.ttf\n    nome: Liberation Sans\n',
      {
        'immagini/logo-rete.svg':
          '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80" viewBox="0 0 200 80"><rect width="200" height="80" fill="#7a1f3d"/><text x="20" y="52" font-size="36" fill="#fff">Rete</text></svg>',
      },
    );
    mkdirSync(path.join(dir, 'data', 'caratteri'));
    copyFileSync(LIBERATION, path.join(dir, 'data', 'caratteri', 'LiberationSans-Regular.ttf'));
    // Two districts in the package's own accent and ink: their colour is theirs, whatever the theme says.
    const rete = path.join(dir, 'data', 'rete.yaml');
    writeFileSync(rete, readFileSync(rete, 'utf8').replace('"#2a6ab8"', `"${DISTRICT_AS_ACCENT}"`).replace('"#592a7e"', `"${DISTRICT_AS_INK}"`));
    built = await runCli(['build', '--quiet'], { cwd: dir });
  }, 300_000);

  it('builds', () => {
    expect(built.code, built.stderr).toBe(0);
  });

  it('deck.html and report.html embed the font and use it first, charts included', () => {
    for (const name of ['deck.html', 'report.html']) {
      const html = readFileSync(out(name), 'utf8');
      expect(html, name).toMatch(/@font-face\{font-family:'Liberation Sans';font-display:block;src:url\(data:font\/ttf;base64,AAEAAA/);
      expect(html, name).toContain("--font: 'Liberation Sans', 'Titillium Web'");
      expect(html, name).toContain('--accent: #7a1f3d');
      expect(html, name).toMatch(/<text[^>]*font-family="Liberation Sans, Titillium Web/);
    }
    expect(readFileSync(out('report.html'), 'utf8')).toContain('Carattere: Liberation Sans.');
  });

  it("shows the network's own logo in the report's masthead", () => {
    expect(readFileSync(out('report.html'), 'utf8')).toMatch(/<img class="masthead-logo" src="data:image\/svg\+xml;base64,[^"]+" alt="Auser della rete di prova">/);
  });

  it('both PDFs embed the font', async () => {
    for (const name of ['deck.pdf', 'handout.pdf']) {
      const { stdout } = await run('pdffonts', [out(name)]);
      expect(stdout, name).toMatch(/\+LiberationSans\s.*\byes\b/);
    }
  });

  it('covers are drawn in the accent colour (as printed in deck.pdf)', async () => {
    // The first section's divider ("Soci e volontari": this network has no cover), wherever it falls.
    let page = 1;
    while (page < 6 && !(await run('pdftotext', ['-f', String(page), '-l', String(page), out('deck.pdf'), '-'])).stdout.includes('Soci e volontari')) page++;
    await run('pdftoppm', ['-png', '-r', '20', '-f', String(page), '-l', String(page), '-singlefile', out('deck.pdf'), out('first')]);
    const png = PNG.sync.read(readFileSync(`${out('first')}.png`));
    const at = (x: number, y: number) => [0, 1, 2].map((c) => png.data[(y * png.width + x) * 4 + c]);
    // Below the date and the logo, above the footer: the cover's own background.
    const [r, g, b] = at(Math.round(png.width * 0.6), Math.round(png.height * 0.8));
    expect(Math.max(Math.abs(r - 0x7a), Math.abs(g - 0x1f), Math.abs(b - 0x3d))).toBeLessThanOrEqual(3);
  });

  it('deck.pptx names the font in its theme and its text, and no longer Titillium Web', async () => {
    const zip = await JSZip.loadAsync(readFileSync(out('deck.pptx')));
    const theme = await zip.file('ppt/theme/theme1.xml')!.async('string');
    expect(theme).toMatch(/<a:majorFont><a:latin typeface="Liberation Sans"/);
    const xml = (
      await Promise.all(
        Object.keys(zip.files)
          .filter((n) => /^ppt\/(slides|slideMasters|charts)\/[^/]+\.xml$/.test(n))
          .map((n) => zip.file(n)!.async('string')),
      )
    ).join('');
    expect(xml).toContain('typeface="Liberation Sans"');
    expect(xml).not.toContain('Titillium Web');
  });

  it("deck.pptx draws with the network's colours, not the package's blue and ink, and leaves a district's colour alone", async () => {
    const zip = await JSZip.loadAsync(readFileSync(out('deck.pptx')));
    const parts = (re: RegExp) =>
      Promise.all(
        Object.keys(zip.files)
          .filter((n) => re.test(n))
          .map((n) => zip.file(n)!.async('string')),
      );
    const masters = (await parts(/^ppt\/(slideMasters|slideLayouts)\/[^/]+\.xml$/)).join('');
    const slides = (await parts(/^ppt\/slides\/[^/]+\.xml$/)).join('');
    for (const xml of [masters, slides]) {
      expect(xml).toContain('<a:srgbClr val="7A1F3D"/>');
      expect(xml).toContain('<a:srgbClr val="222222"/>');
    }
    expect(masters).not.toMatch(/val="1F4E79"|val="1A1A1A"/i);
    // The districts coloured like the package's accent and ink keep their colours in every per-district
    // chart (the members' two years, a panel per district: Cremasco #1f4e79, Casalasco #1a1a1a, the later year
    // in the district's own colour), and nothing else takes them.
    const charts = await parts(/^ppt\/charts\/chart\d+\.xml$/);
    const pointsOf = (district: string) => {
      const panel = charts.find((c) => c.includes(`<c:v>${district}</c:v>`) && c.includes('<c:dPt>'))!;
      expect(panel, district).toBeDefined();
      return [...panel.matchAll(/<c:dPt>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"\/>[\s\S]*?<\/c:dPt>/g)].map((m) => m[1]);
    };
    expect(pointsOf('Cremasco')[1]).toBe('1F4E79');
    expect(pointsOf('Cremonese')[1]).toBe('D87A30');
    expect(pointsOf('Casalasco')[1]).toBe('1A1A1A');
    for (const c of charts) expect(c).not.toContain('7A1F3D');
  });

  it("deck.pptx embeds the network's font, as PowerPoint embeds one", async () => {
    const zip = await JSZip.loadAsync(readFileSync(out('deck.pptx')));
    const presentation = await zip.file('ppt/presentation.xml')!.async('string');
    expect(presentation).toMatch(/<p:embeddedFontLst><p:embeddedFont><p:font typeface="Liberation Sans"[^>]*\/><p:regular r:id="[^"]+"\/><\/p:embeddedFont><\/p:embeddedFontLst>/);
    const fonts = Object.keys(zip.files).filter((n) => n.startsWith('ppt/fonts/'));
    expect(fonts).toEqual(['ppt/fonts/font1.fntdata']);
  });
});
