/** Any number of districts from 2 to 8, on real boundaries: a network of 2 on the province of Lodi and one
 * of 8 on the wide province of Sondrio (openpolis's files of test/fixtures/networks), their real
 * municipalities grouped into districts of the test's own (neighbours together, west to east or north to
 * south), with long names and, in the 8, a district that starts in the year built. Every per-district
 * section filled; each built once by the real command, every output (the browser's overflow check in
 * deck.pdf, the report, deck.pptx); then every chart, legend, table and list of the deck has each
 * district, in its colour, and the handout's grey check holds for the colours it proposes. */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greySafePalette, lightness, lightnessGap } from '../../src/colour.js';
import { msg } from '../../src/messages.js';
import { fixtureDir, ROOT } from '../support.js';

const run = promisify(execFile);

/** The two cases: which real province, how its municipalities are grouped, the districts' names, and the
 * one (if any) that starts in 2025. */
const CASES = {
  2: {
    province: 'lodi',
    territory: 'provincia di Lodi',
    boundaries: 'geo/limits_P_98_municipalities.topo.json',
    // North to south: the Adda's side of the province, then the lower plain towards the Po.
    order: 'north-south',
    names: ['Lodigiano Settentrionale e Alto Adda', 'Basso Lodigiano e Codognese'],
    from2025: undefined,
  },
  8: {
    province: 'sondrio',
    territory: 'provincia di Sondrio',
    boundaries: 'geo/limits_P_14_municipalities.topo.json',
    // West to east, along the valleys.
    order: 'west-east',
    names: [
      'Valchiavenna e Valle Spluga',
      'Costiera dei Cech e Val Masino',
      'Bassa Valtellina di Morbegno',
      'Sondrio e Valmalenco',
      'Media Valtellina e Val Fontana',
      'Tiranese e Valle di Poschiavo',
      'Grosio e Valgrosina',
      'Alta Valtellina Bormio e Livigno',
    ],
    from2025: 'Grosio e Valgrosina',
  },
} as const;
type Case = keyof typeof CASES;

/** n colours of the grey-safe palette, darkest to lightest, as the hint proposes them. */
const coloursFor = (n: number) => greySafePalette(n).map((c) => c.hex);

interface Topology {
  arcs: [number, number][][];
  transform: { scale: [number, number]; translate: [number, number] };
  objects: Record<string, { geometries: { arcs: unknown; properties: { name: string } }[] }>;
}

/** Each municipality of a boundaries file with the mean of its outline's points (near enough its middle
 * to tell west from east and north from south). */
function municipalitiesOf(file: string): { name: string; x: number; y: number }[] {
  const topo = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  const points = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * topo.transform.scale[0] + topo.transform.translate[0], y * topo.transform.scale[1] + topo.transform.translate[1]];
    });
  });
  const indices = (a: unknown): number[] => (Array.isArray(a) ? a.flatMap(indices) : [a as number]);
  return Object.values(topo.objects)[0].geometries.map((g) => {
    const pts = indices(g.arcs).flatMap((i) => points[i < 0 ? ~i : i]);
    return { name: g.properties.name, x: pts.reduce((a, p) => a + p[0], 0) / pts.length, y: pts.reduce((a, p) => a + p[1], 0) / pts.length };
  });
}

/** A data folder for the case of n districts: the province's boundaries, rete.yaml, 2024 and 2025 with
 * every per-district table; in each district, every third of its municipalities has a convention. */
async function network(dir: string, n: Case): Promise<{ names: string[]; colours: string[]; municipalities: string[] }> {
  const c = CASES[n];
  const names: string[] = [...c.names];
  const colours = coloursFor(n);
  const fixture = fixtureDir(path.join('networks', c.province));
  await mkdir(dir, { recursive: true });
  await cp(path.join(fixture, 'geo'), path.join(dir, 'geo'), { recursive: true });
  const places = municipalitiesOf(path.join(fixture, c.boundaries)).sort((a, b) => (c.order === 'west-east' ? a.x - b.x : b.y - a.y));
  const districtOf = (i: number) => names[Math.floor((i * n) / places.length)];
  const withConvention = (d: string) => places.filter((_p, i) => districtOf(i) === d && i % 3 === 0).map((p) => p.name);
  await writeFile(
    path.join(dir, 'rete.yaml'),
    `organizzazione: Auser di prova\nterritorio:\n  nome: ${c.territory}\n  confini: ${c.boundaries}\n  attribuzione: "Confini comunali: openpolis / ISTAT, CC BY 4.0"\nambiti:\n${names
      .map((d, i) => `  - nome: ${d}\n    colore: "${colours[i]}"\n${d === c.from2025 ? '    dal: 2025\n' : ''}`)
      .join('')}`,
  );
  for (const year of [2024, 2025]) {
    // A district that starts in 2025 has no figures in 2024's file.
    const active = names.filter((d) => year === 2025 || d !== c.from2025);
    await writeFile(path.join(dir, `${year}.yaml`), yearFile(year, active, names, withConvention));
  }
  return { names, colours, municipalities: names.flatMap(withConvention) };
}

/** One year's file: every per-district table over `active` (figures by the district's place in `all`). */
function yearFile(year: number, active: string[], all: string[], withConvention: (d: string) => string[]): string {
  const names = active;
  const idx = (d: string) => all.indexOf(d);
  const per = (base: number, indent = 4) => names.map((d) => `${' '.repeat(indent)}${d}: ${base * (idx(d) + 2) + (year - 2024) * (idx(d) + 1)}`).join('\n');
  const table = (base: number) => `  per_ambito:\n${per(base)}`;
  const assoc = names.reduce((a, d) => a + 3 * (idx(d) + 2) + (year - 2024) * (idx(d) + 1), 0);
  const conventions = names.flatMap(withConvention).length;
  return `anno: ${year}
assemblea:
  titolo: Assemblea ${year + 1}
  data: ${year + 1}-05-09
rete:
  associazioni:
${table(3).replace(/^/gm, '  ')}
  provinciali: 1
  aps: ${Math.floor((assoc + 1) / 2)}
  odv: ${assoc + 1 - Math.floor((assoc + 1) / 2)}
convenzioni:
  controparti:
    - nome: Enti locali
      numero: ${conventions + names.length}
  per_ambito:
${names
  .map((d) => {
    const mine = withConvention(d);
    return `    ${d}:\n      numero: ${mine.length + 1}\n      comuni:\n${mine.map((m) => `        - "${m}"`).join('\n')}`;
  })
  .join('\n')}
soci:
${table(150)}
organismi_dirigenti:
  presidenti:
${per(2)}
  comitati_direttivi:
${per(9)}
volontari:
${table(40)}
ore_volontariato:
${table(2100)}
automezzi:
  proprieta:
${table(3).replace(/^/gm, '  ')}
  comodato:
${table(2).replace(/^/gm, '  ')}
  attrezzate:
${table(1).replace(/^/gm, '  ')}
mobilita_sociale:
  interventi: 9120
  accessi_strutture_ospedaliere: 4310
  assistiti_per_ambito:
${per(60)}
  interventi_per_ambito:
${per(700)}
km_percorsi:
${table(21000)}
aiuto_alla_persona:
  consegne:
${per(90)}
  compagnia:
${per(45)}
  segretariato_sociale:
${per(30)}
  persone_raggiunte:
${per(25)}
  assistiti_per_ambito:
${per(70)}
totali:
  prestazioni: ${18000 + year - 2024}
  assistiti: ${2300 + year - 2024}
volontariato_civico:
  ore:
${table(800).replace(/^/gm, '  ')}
  volontari:
${table(9).replace(/^/gm, '  ')}
centri_sociali:
  per_ambito:
${names.map((d) => `    ${d}:\n      centri: ${idx(d) + 1}\n      ore_apertura: ${1000 * (idx(d) + 1)}\n      volontari: ${10 * (idx(d) + 1)}\n      affluenza: ${2000 * (idx(d) + 1)}`).join('\n')}
chiusura:
  titolo: Grazie
`;
}

let work: string;
const built = new Map<number, { names: string[]; colours: string[]; municipalities: string[]; out: string; stdout: string }>();

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'assemblea-ambiti-'));
  for (const n of [2, 8] as const) {
    const data = path.join(work, `dati-${n}`);
    const out = path.join(work, `uscita-${n}`);
    const net = await network(data, n);
    // Every output, as a new network builds them: deck.pdf runs the browser's check that no slide
    // overflows, deck.pptx lays out every slide too, the report draws each chart for a phone.
    const r = await run(process.execPath, ['bin/assemblea.js', 'build', '--data', data, '--out', out], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    built.set(n, { ...net, out, stdout: r.stdout + r.stderr });
  }
}, 900_000);
afterAll(() => rm(work, { recursive: true, force: true }));

const slidesOf = (html: string) =>
  html
    .split('<section class="slide')
    .slice(1)
    .map((s) => ({ id: /id="([^"]+)"/.exec(s)![1], html: s }));

describe.each([2, 8])('a network of %i districts', (n) => {
  it('builds the deck, its PDFs, the report and the PowerPoint on the first try: no error, no slide overflowing, no colour warning', () => {
    const b = built.get(n)!;
    for (const name of ['deck.html', 'deck.pdf', 'handout.pdf', 'report.html', 'deck.pptx']) expect(existsSync(path.join(b.out, '2025', name)), name).toBe(true);
    expect(b.stdout).not.toMatch(/errore|diapositiva-troppo-piena|confini-di-un-altro|comune-sconosciuto/);
    expect(b.stdout).not.toMatch(/colori-simili-in-grigio|colore-ripetuto|quasi lo stesso grigio/);
    expect(b.stdout).toContain('deck.pdf');
    expect(b.stdout).toContain('deck.pptx');
  });

  it('names every district in each per-district chart, in its own colour', () => {
    const b = built.get(n)!;
    const html = readFileSync(path.join(b.out, '2025', 'deck.html'), 'utf8');
    const ids = [
      'rete',
      'soci-crescita',
      'presidenti',
      'comitati',
      'volontari-ambiti',
      'ore-volontariato',
      'automezzi',
      'mobilita-assistiti',
      'km',
      'consegne',
      'assistiti-ambiti',
      'volontariato-civico',
      'centri-sociali',
      'convenzioni-ambiti',
    ];
    const slides = slidesOf(html).filter((s) => ids.includes(s.id));
    expect(slides.map((s) => s.id).sort()).toEqual([...ids].sort());
    for (const s of slides) {
      for (const [i, name] of b.names.entries()) {
        expect(s.html, `${s.id}: ${name}`).toContain(name);
        expect(s.html.toLowerCase(), `${s.id}: ${name}'s colour`).toContain(b.colours[i]);
      }
    }
  });

  it("gives every district a row of the charts' tables, and the map a list each", () => {
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
    // A district that starts in 2025 has only its 2025 figure.
    const started = CASES[n as Case].from2025;
    expect(both).toBe(n > 4 ? n - (started ? 1 : 0) : 0);
    if (started && n > 4) expect(svg).toMatch(/>2025: [\d.]+</);
  });

  it('lists each real municipality with a convention under its district in the report', () => {
    const b = built.get(n)!;
    const report = readFileSync(path.join(b.out, '2025', 'report.html'), 'utf8');
    const entry = report.slice(report.indexOf('id="convenzioni-ambiti"'));
    const lists = entry
      .slice(entry.indexOf('class="district-lists"'), entry.indexOf('</article>'))
      .replace(/&#x27;|’/g, "'")
      .replace(/\u00a0/g, ' ');
    expect(b.municipalities.length).toBeGreaterThan(n * 2);
    for (const m of b.municipalities) expect(lists, m).toContain(m);
    for (const d of b.names) expect(lists, d).toContain(d);
  });

  it('draws each district in its colour in the PowerPoint charts', async () => {
    const b = built.get(n)!;
    const zip = await JSZip.loadAsync(readFileSync(path.join(b.out, '2025', 'deck.pptx')));
    const charts = (
      await Promise.all(
        Object.keys(zip.files)
          .filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))
          .map((f) => zip.file(f)!.async('string')),
      )
    )
      .join('')
      .toUpperCase();
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
