/** Photos, a logo and speaker notes from the data folder, as the office adds them: in the deck as
 * self-contained pictures with their descriptions, and every slip with a picture a located error. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCopy, runCli } from './support.js';

/** A 1x1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'assemblea-assets-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A copy of the real data with text appended to 2025.yaml (and to rete.yaml), built to HTML. */
async function buildWith(name: string, year: string, network = ''): Promise<{ code: number; stderr: string; deck: () => Promise<string>; data: string }> {
  const data = await dataCopy(path.join(work, name, 'data'), { '2025.yaml': (t) => t + year, 'rete.yaml': (t) => t + network });
  await mkdir(path.join(data, 'foto'), { recursive: true });
  await writeFile(path.join(data, 'foto', 'sede.png'), PNG);
  await writeFile(path.join(data, 'logo.png'), PNG);
  const out = path.join(work, name, 'output');
  const { code, stderr } = await runCli(['build', '--data', data, '--out', out, '--only', 'html']);
  return { code, stderr, data, deck: () => readFile(path.join(out, '2025', 'deck.html'), 'utf8') };
}

/** The HTML of one slide of the deck. */
const slide = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  return html.slice(start, html.indexOf('</section>', start));
};

describe('pictures and notes from the data folder', () => {
  it('puts a photo on its slide, inline, with its description; the logo on the cover; notes for the presenter', async () => {
    const r = await buildWith(
      'ok',
      '\nfoto:\n  - file: foto/sede.png\n    alt: La sede provinciale di via Brescia\n    slide: rete\n  - file: foto/sede.png\n    alt: Il salone delle assemblee\n    slide: copertina\nnote:\n  rete: Ringraziare i presidenti presenti in sala.\n',
      'logo: logo.png\nlogo_alt: Auser Cremona\n',
    );
    expect(r.stderr).not.toMatch(/errore/);
    expect(r.code).toBe(0);
    const html = await r.deck();
    // Handlebars escapes '=' in attributes as &#x3D;, which the browser reads back as '='.
    const rete = slide(html, 'rete').replaceAll('&#x3D;', '=');
    expect(rete).toContain(`src="data:image/png;base64,${PNG.toString('base64')}"`);
    expect(rete).toContain('alt="La sede provinciale di via Brescia"');
    expect(rete).toContain('Ringraziare i presidenti presenti in sala.');
    expect(slide(html, 'copertina')).toMatch(/<img[^>]+alt="Auser Cremona"/);
    // the logo closes the deck too, and the cover's photo fills its free half
    expect(slide(html, 'chiusura')).toMatch(/<img[^>]+alt="Auser Cremona"/);
    expect(slide(html, 'copertina')).toMatch(/class="cover-side"[\s\S]*<img[^>]+alt="Il salone delle assemblee"/);
    // Nothing points outside the file.
    expect(html).not.toMatch(/src="(?!data:)/);
  });

  const cases: [string, string, string, RegExp][] = [
    ['missing', '\nfoto:\n  - file: foto/Sede.png\n    alt: La sede\n    slide: rete\n', 'immagine-assente', /Non trovo l'immagine «foto\/Sede\.png»/],
    ['outside', '\nfoto:\n  - file: ../../segreto.png\n    alt: La sede\n    slide: rete\n', 'immagine-fuori-cartella', /fuori dalla cartella dei dati/],
    ['type', '\nfoto:\n  - file: foto/sede.bmp\n    alt: La sede\n    slide: rete\n', 'immagine-tipo', /non è un tipo di immagine/],
  ];
  for (const [name, yaml, code, message] of cases) {
    it(`a photo that is ${name} stops the build at the line that names it`, async () => {
      const r = await buildWith(name, yaml);
      expect(r.code).toBe(1);
      const lines = (await readFile(path.join(r.data, '2025.yaml'), 'utf8')).split('\n');
      const line = lines.findIndex((l) => l.includes('  - file:')) + 1;
      expect(r.stderr).toMatch(new RegExp(`2025\\.yaml:${line}:\\d+: errore \\[${code}\\]`));
      expect(r.stderr).toMatch(message);
    });
  }

  it('check finds a missing photo too, before anyone builds', async () => {
    const r = await buildWith('check-missing', '\nfoto:\n  - file: foto/manca.jpg\n    alt: La sede\n    slide: rete\n');
    const c = await runCli(['check', '--data', r.data]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/2025\.yaml:\d+:\d+: errore \[immagine-assente\] foto › voce 1/);
  });

  it('a note or a photo for a slide that does not exist is a warning at its line, with the closest slide', async () => {
    const r = await buildWith('unknown-slide', '\nfoto:\n  - file: foto/sede.png\n    alt: La sede\n    slide: retee\nnote:\n  soci-storco: Ricordare la pandemia.\n');
    expect(r.code).toBe(0);
    // The build names them in its grouped summary; check gives each one in full, at its line.
    expect(r.stderr).toContain("  1 foto per una diapositiva che non c'è: retee\n");
    expect(r.stderr).toContain("  1 nota per una diapositiva che non c'è: soci-storco\n");
    const c = await runCli(['check', '--data', r.data]);
    const lines = (await readFile(path.join(r.data, '2025.yaml'), 'utf8')).split('\n');
    const at = (text: string) => `${lines.findIndex((l) => l.includes(text)) + 1}`;
    expect(c.stderr).toMatch(new RegExp(`2025\\.yaml:${at('slide: retee')}:\\d+: avviso \\[foto-senza-diapositiva\\]`));
    expect(c.stderr).toMatch(new RegExp(`2025\\.yaml:${at('soci-storco:')}:\\d+: avviso \\[nota-senza-diapositiva\\]`));
    expect(c.stderr).toContain('«rete»');
    expect(c.stderr).toContain('«soci-storico»');
  });

  it('a photo without a description is refused', async () => {
    const r = await buildWith('noalt', '\nfoto:\n  - file: foto/sede.png\n    slide: rete\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2025\.yaml:\d+:\d+: errore/);
    expect(r.stderr).toContain('alt');
  });

  it('a logo without a description is refused, naming logo_alt', async () => {
    const r = await buildWith('logo', '', 'logo: logo.png\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rete\.yaml:\d+:\d+: errore \[logo-senza-descrizione\] logo_alt/);
  });
});
