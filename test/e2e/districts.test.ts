/** Any number of districts from 2 to 8: a network of 2 and one of 8 (on Valmora's boundaries), with every
 * per-district section filled, built by the real command with the browser's overflow check (deck.pdf)
 * and the PowerPoint; then every chart, legend, table and list of the deck has each district once, in
 * its colour, and the handout's grey check holds for the colours it proposes. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greySafePalette, lightness, lightnessGap } from '../../src/colour.js';
import { msg } from '../../src/messages.js';
import { ROOT, fixtureDir } from '../support.js';

const run = promisify(execFile);
const NAMES = ['Valle', 'Colline', 'Pianura', 'Lago', 'Monti', 'Fiume', 'Bassa', 'Alta'];
const MUNICIPALITIES = ['Borgo Alto', 'Pratoverde', 'San Felice sul Lago', 'Castelnuovo Rio', 'Rocca di Sotto', 'Valdisole', 'Montefosco', 'Pieve Ardente', "Ca' Nova", 'Serralunga Vecchia'];

/** n colours of the grey-safe palette, darkest to lightest, as the hint proposes them. */
const coloursFor = (n: number) => greySafePalette(n).map((c) => c.hex);

/** A data folder for a network of n districts: rete.yaml, 2024 and 2025 with every per-district table. */
async function network(dir: string, n: number): Promise<{ names: string[]; colours: string[] }> {
  const names = NAMES.slice(0, n);
  const colours = coloursFor(n);
  await mkdir(dir, { recursive: true });
  await cp(path.join(fixtureDir(path.join('networks', 'valmora')), 'geo'), path.join(dir, 'geo'), { recursive: true });
  await writeFile(
    path.join(dir, 'rete.yaml'),
    `organizzazione: Auser di prova\nterritorio:\n  nome: provincia di Valmora\n  confini: geo/valmora-comuni.topo.json\n  attribuzione: "Confini: dati sintetici"\nambiti:\n${names.map((d, i) => `  - nome: ${d}\n    colore: "${colours[i]}"\n`).join('')}`,
  );
  const per = (base: number, year: number, indent = 4) => names.map((d, i) => `${' '.repeat(indent)}${d}: ${base * (i + 2) + (year - 2024) * (i + 1)}`).join('\n');
  const table = (base: number, year: number) => `  per_ambito:\n${per(base, year)}`;
  for (const year of [2024, 2025]) {
    const assoc = names.reduce((a, _, i) => a + 3 * (i + 2) + (year - 2024) * (i + 1), 0);
    const yaml = `anno: ${year}
assemblea:
  titolo: Assemblea ${year + 1}
  data: ${year + 1}-05-09
rete:
  associazioni:
${table(3, year).replace(/^/gm, '  ')}
  provinciali: 1
  aps: ${Math.floor((assoc + 1) / 2)}
  odv: ${assoc + 1 - Math.floor((assoc + 1) / 2)}
convenzioni:
  controparti:
    - nome: Enti locali
      numero: ${MUNICIPALITIES.length + 2}
  per_ambito:
${names
  .map((d, i) => {
    const mine = MUNICIPALITIES.filter((_, m) => m % n === i);
    return `    ${d}:\n      numero: ${mine.length + 1}\n      comuni:\n${mine.map((m) => `        - ${m}`).join('\n')}`;
  })
  .join('\n')}
soci:
${table(150, year)}
organismi_dirigenti:
  presidenti:
${per(2, year)}
  comitati_direttivi:
${per(9, year)}
volontari:
${table(40, year)}
ore_volontariato:
${table(2100, year)}
automezzi:
  proprieta:
${table(3, year).replace(/^/gm, '  ')}
  comodato:
${table(2, year).replace(/^/gm, '  ')}
  attrezzate:
${table(1, year).replace(/^/gm, '  ')}
mobilita_sociale:
  interventi: 9120
  accessi_strutture_ospedaliere: 4310
  assistiti_per_ambito:
${per(60, year)}
  interventi_per_ambito:
${per(700, year)}
km_percorsi:
${table(21000, year)}
aiuto_alla_persona:
  consegne:
${per(90, year)}
  compagnia:
${per(45, year)}
  segretariato_sociale:
${per(30, year)}
  persone_raggiunte:
${per(25, year)}
  assistiti_per_ambito:
${per(70, year)}
totali:
  prestazioni: ${18000 + year - 2024}
  assistiti: ${2300 + year - 2024}
volontariato_civico:
  ore:
${table(800, year).replace(/^/gm, '  ')}
  volontari:
${table(9, year).replace(/^/gm, '  ')}
centri_sociali:
  per_ambito:
${names.map((d, i) => `    ${d}:\n      centri: ${i + 1}\n      ore_apertura: ${1000 * (i + 1)}\n      volontari: ${10 * (i + 1)}\n      affluenza: ${2000 * (i + 1)}`).join('\n')}
chiusura:
  titolo: Grazie
`;
    await writeFile(path.join(dir, `${year}.yaml`), yaml);
  }
  return { names, colours };
}

let work: string;
const built = new Map<number, { names: string[]; colours: string[]; out: string; stdout: string }>();

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'assemblea-ambiti-'));
  for (const n of [2, 8]) {
    const data = path.join(work, `dati-${n}`);
    const out = path.join(work, `uscita-${n}`);
    const net = await network(data, n);
    // deck.pdf runs the browser's check that no slide overflows; deck.pptx lays out every slide too.
    const r = await run(process.execPath, ['bin/assemblea.js', 'build', '--data', data, '--out', out, '--only', 'html,pdf,pptx'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    built.set(n, { ...net, out, stdout: r.stdout + r.stderr });
  }
}, 900_000);
afterAll(() => rm(work, { recursive: true, force: true }));

const slidesOf = (html: string) => html.split('<section class="slide').slice(1).map((s) => ({ id: /id="([^"]+)"/.exec(s)![1], html: s }));

describe.each([2, 8])('a network of %i districts', (n) => {
  it('builds the deck, its PDFs and the PowerPoint, no slide overflowing, no colour warning', () => {
    const b = built.get(n)!;
    expect(b.stdout).not.toMatch(/colori-simili-in-grigio|colore-ripetuto|quasi lo stesso grigio/);
    expect(b.stdout).toContain('deck.pdf');
    expect(b.stdout).toContain('deck.pptx');
  });

  it('names every district in each per-district chart, in its own colour', () => {
    const b = built.get(n)!;
    const html = readFileSync(path.join(b.out, '2025', 'deck.html'), 'utf8');
    const ids = ['rete', 'soci-crescita', 'presidenti', 'comitati', 'volontari-ambiti', 'ore-volontariato', 'automezzi', 'mobilita-assistiti', 'km', 'consegne', 'assistiti-ambiti', 'volontariato-civico', 'centri-sociali', 'convenzioni-ambiti'];
    const slides = slidesOf(html).filter((s) => ids.includes(s.id));
    expect(slides.map((s) => s.id).sort()).toEqual([...ids].sort());
    for (const s of slides) {
      for (const [i, name] of b.names.entries()) {
        expect(s.html, `${s.id}: ${name}`).toContain(name);
        expect(s.html.toLowerCase(), `${s.id}: ${name}'s colour`).toContain(b.colours[i]);
      }
    }
  });

  it('gives every district a row of the charts\' tables, and the map a list each', () => {
    const b = built.get(n)!;
    const html = readFileSync(path.join(b.out, '2025', 'deck.html'), 'utf8');
    const map = slidesOf(html).find((s) => s.id === 'convenzioni-ambiti')!;
    // The key: each district with its counts, and the municipalities without a convention.
    expect(map.html.match(/<li class="map-key-entry">/g)).toHaveLength(n + 1);
    const history = slidesOf(html).find((s) => s.id === 'soci-storico')!;
    for (const name of b.names) expect(history.html).toMatch(new RegExp(`<th[^>]*>${name}</th>`));
  });

  it('compares two years as columns up to four districts, as bars with both figures and the change on one line beyond', () => {
    const b = built.get(n)!;
    const html = readFileSync(path.join(b.out, '2025', 'deck.html'), 'utf8');
    const svg = slidesOf(html).find((s) => s.id === 'soci-crescita')!.html;
    const both = (svg.match(/>2024: [\d.]+ · 2025: [\d.]+ · [+−]?[\d.]+</g) ?? []).length;
    expect(both).toBe(n > 4 ? n : 0);
  });

  it('draws each district in its colour in the PowerPoint charts', async () => {
    const b = built.get(n)!;
    const zip = await JSZip.loadAsync(readFileSync(path.join(b.out, '2025', 'deck.pptx')));
    const charts = (await Promise.all(Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')))).join('').toUpperCase();
    for (const c of b.colours) expect(charts).toContain(c.slice(1).toUpperCase());
  });
});

describe("the handout's grey check, for any number of districts", () => {
  it('asks 12 points of lightness between colours up to 6 districts, less when more cannot fit', () => {
    expect([2, 3, 6, 7, 8].map(lightnessGap)).toEqual([12, 12, 12, 11, 9]);
  });

  it('the colours its hint proposes for 8 districts are that far apart', () => {
    const levels = coloursFor(8).map(lightness);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeGreaterThanOrEqual(lightnessGap(8));
    expect(msg.coloursSameGrey('A', 'B', 40, 45, 8).hint).toBe(
      'Scegli per uno dei due un colore più chiaro o più scuro, in modo che le luminosità differiscano di almeno 9; per esempio, per 8 ambiti: "#31106c" (viola, 16), "#003e73" (blu, 26), "#00621a" (verde, 36), "#bc4140" (rosso, 45), "#079cd7" (azzurro, 61), "#ec994f" (arancio, 70), "#abd462" (verde chiaro, 80), "#f5e570" (giallo, 90).',
    );
  });
});
