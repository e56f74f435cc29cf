/** The territory in rete.yaml: the boundaries file it names, checked when loaded (each problem a located
 * error at territorio › confini), openpolis's files as they come, no fallback; a leftover file of another
 * territory said once; the shape's proportions; districts with their years (dal / fino_al). */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { check } from '../src/check.js';
import { configFrom } from '../src/config.js';
import { inMemory } from '../src/context.js';
import { derive } from '../src/derive.js';
import { boundariesMismatch, projectedAspect, type Topology, territoryOf } from '../src/territory.js';
import { checkFixture, DATA, fixtureDir, located, only } from './support.js';

const VALMORA = fixtureDir(path.join('networks', 'valmora'));

let work: string;
let n = 0;
/** A copy of the Valmora network with some files replaced (text), checked from the copy's folder. */
type Edits = Record<string, string | ((old: string) => string) | null>;
/** A copy of Valmora's data folder with these files replaced, edited or removed. */
async function dataWith(files: Edits): Promise<string> {
  const dir = path.join(work, `rete-${++n}`);
  await cp(VALMORA, dir, { recursive: true });
  for (const [name, f] of Object.entries(files)) {
    const p = path.join(dir, name);
    if (f === null) await rm(p);
    else await writeFile(p, typeof f === 'string' ? f : f(await readFile(p, 'utf8')));
  }
  return dir;
}
async function checkWith(files: Edits) {
  const dir = await dataWith(files);
  return check({ dataDir: dir, cwd: dir });
}
const errors = (r: Awaited<ReturnType<typeof check>>) => r.diagnostics.filter((d) => d.severity === 'error');

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'assemblea-territorio-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the boundaries file named in rete.yaml', () => {
  it('is read from the data folder: the municipalities of that network, not the bundled ones', async () => {
    const r = await checkWith({});
    expect(errors(r)).toEqual([]);
    expect(r.dataset!.municipalities.map((m) => m.name)).toContain('Borgo Alto');
    expect(r.dataset!.municipalities).toHaveLength(10);
    expect(r.dataset!.territory.name).toBe('provincia di Valmora');
  });

  it('missing: an error at territorio › confini, saying where it looked and where boundaries come from', async () => {
    const r = await checkWith({ 'geo/valmora-comuni.topo.json': null });
    const d = only(r.diagnostics, 'confini-assenti');
    expect(located(d)).toEqual({ code: 'confini-assenti', severity: 'error', at: 'rete.yaml:7:12' });
    expect(d.field).toBe('territorio › confini');
    expect(d.message).toBe("Il file dei confini «geo/valmora-comuni.topo.json» non c'è (cercato in geo/valmora-comuni.topo.json).");
    expect(d.hint).toContain('github.com/openpolis/geojson-italy');
    expect(r.dataset).toBeUndefined();
  });

  it("never falls back to Cremona's boundaries: a year naming a municipality of Cremona is an error", async () => {
    const r = await checkWith({ '2025.yaml': (t) => t.replace('        - Montefosco', '        - Crema') });
    const d = only(r.diagnostics, 'comune-sconosciuto');
    expect(d.message).toBe('«Crema» non è il nome ufficiale di un comune della provincia di Valmora.');
    expect(d.hint).toBe("Scrivi il nome come nell'elenco ISTAT dei 10 comuni (l'editor lo propone mentre scrivi).");
  });

  it('a misspelt municipality is told the one of this network', async () => {
    const r = await checkWith({ '2025.yaml': (t) => t.replace('        - Montefosco', '        - Monte Fosco') });
    expect(only(r.diagnostics, 'comune-sconosciuto').hint).toBe("Forse intendevi «Montefosco»? Scrivi il nome come nell'elenco ISTAT.");
  });

  it('a folder where the file should be: located error saying so', async () => {
    const r = await checkWith({ 'rete.yaml': (t) => t.replace('confini: geo/valmora-comuni.topo.json', 'confini: geo') });
    const d = only(r.diagnostics, 'confini-illeggibili');
    expect(located(d).at).toBe('rete.yaml:7:12');
    expect(d.message).toBe('Il file dei confini «geo» non si può leggere (è una cartella, non un file).');
    expect(d.hint).toMatch(/^Scaricalo di nuovo e salvalo senza modificarlo\. I confini di ogni provincia/);
  });

  it('not JSON (a web page saved instead): located error', async () => {
    const r = await checkWith({ 'geo/valmora-comuni.topo.json': '<!DOCTYPE html><html><body>GitHub</body></html>' });
    const d = only(r.diagnostics, 'confini-non-json');
    expect(located(d).at).toBe('rete.yaml:7:12');
    expect(d.message).toBe('Il file dei confini «geo/valmora-comuni.topo.json» non è un file JSON: forse è una pagina web salvata al posto del file, o è stato modificato.');
  });

  it('GeoJSON instead of TopoJSON: says which format it is and which is needed', async () => {
    const r = await checkWith({ 'geo/valmora-comuni.topo.json': JSON.stringify({ type: 'FeatureCollection', features: [] }) });
    const d = only(r.diagnostics, 'confini-non-topojson');
    expect(d.message).toBe('Il file dei confini «geo/valmora-comuni.topo.json» è in formato GeoJSON: serve il formato TopoJSON.');
    expect(located(d).at).toBe('rete.yaml:7:12');
  });

  it('JSON that is not TopoJSON', async () => {
    const r = await checkWith({ 'geo/valmora-comuni.topo.json': '{"comuni": []}' });
    expect(only(r.diagnostics, 'confini-non-topojson').message).toContain('non è in formato TopoJSON');
  });

  it('no polygons in its first object (the province outline, or points): located error naming the object', async () => {
    const topo = { type: 'Topology', arcs: [], objects: { limits_P_99: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 0], properties: { name: 'X' } }] } } };
    const r = await checkWith({ 'geo/valmora-comuni.topo.json': JSON.stringify(topo) });
    const d = only(r.diagnostics, 'confini-senza-poligoni');
    expect(d.message).toBe('Nel file dei confini «geo/valmora-comuni.topo.json» il primo oggetto («limits_P_99») non contiene poligoni: ci vuole un poligono per ogni comune.');
    expect(located(d).at).toBe('rete.yaml:7:12');
  });

  it('municipalities without a name: how many, and the first', async () => {
    const r = await checkWith({
      'geo/valmora-comuni.topo.json': (t) => {
        const topo = JSON.parse(t);
        const [g] = Object.values(topo.objects) as { geometries: { properties: Record<string, unknown> }[] }[];
        delete g.geometries[2].properties.name;
        g.geometries[5].properties.name = ' ';
        return JSON.stringify(topo);
      },
    });
    const d = only(r.diagnostics, 'confini-senza-nomi');
    expect(d.message).toBe('Nel file dei confini «geo/valmora-comuni.topo.json» 2 comuni su 10 non hanno il nome (la proprietà "name"; il primo è il poligono n. 3).');
  });

  it('rete.yaml without territorio: an error that says what to add, with an example', async () => {
    const r = await checkWith({ 'rete.yaml': (t) => t.replace(/territorio:\n( {2}.*\n)+/, '') });
    const d = only(r.diagnostics, 'territorio-mancante');
    // At the mapping it is missing from: rete.yaml's top level, which starts at line 4 after the comments.
    expect(located(d)).toEqual({ code: 'territorio-mancante', severity: 'error', at: 'rete.yaml:4:1' });
    expect(d.message).toBe('In rete.yaml manca il territorio della rete: il suo nome, il file con i confini dei comuni e chi li ha fatti.');
    expect(d.hint).toContain('territorio:\n  nome: provincia di ...\n  confini: geo/comuni.topo.json\n  attribuzione: "Confini comunali: openpolis / ISTAT, CC BY 4.0"');
    expect(r.dataset).toBeUndefined();
  });

  it("openpolis's files as they come: the first object whatever its name, the ISTAT code when there", async () => {
    const topo = JSON.parse(await readFile(path.join(DATA, 'geo', 'cremona-comuni.topo.json'), 'utf8'));
    const renamed = { ...topo, objects: { limits_P_19_municipalities: topo.objects.municipalities, province: { type: 'GeometryCollection', geometries: [] } } };
    const { territory, problem } = territoryOf(renamed);
    expect(problem).toBeUndefined();
    expect(territory!.municipalities).toHaveLength(113);
    expect(territory!.municipalities.find((m) => m.name === 'Crema')?.istat).toBe('019035');
    // The map always finds it under one name; other objects are left out.
    expect(Object.keys(territory!.topology.objects)).toEqual(['municipalities']);
    // Without the code: fine.
    const valmora = JSON.parse(await readFile(path.join(VALMORA, 'geo', 'valmora-comuni.topo.json'), 'utf8'));
    for (const g of (Object.values(valmora.objects)[0] as { geometries: { properties: Record<string, unknown> }[] }).geometries) delete g.properties.com_istat_code;
    expect(territoryOf(valmora).territory!.municipalities[0]).toEqual({ name: 'Borgo Alto', istat: undefined });
  });
});

describe("the territory's shape, as the map draws it", () => {
  const topology = async (file: string) => territoryOf(JSON.parse(await readFile(file, 'utf8'))).territory!.topology as Topology;

  it('Sondrio is half as wide again as it is tall, Lodi about square (Mercator)', async () => {
    const sondrio = projectedAspect(await topology(path.join(fixtureDir('networks/sondrio'), 'geo', 'limits_P_14_municipalities.topo.json')));
    const lodi = projectedAspect(await topology(path.join(fixtureDir('networks/lodi'), 'geo', 'limits_P_98_municipalities.topo.json')));
    expect(sondrio).toBeGreaterThan(1.4);
    expect(sondrio).toBeLessThan(1.7);
    expect(lodi).toBeGreaterThan(0.8);
    expect(lodi).toBeLessThan(1.1);
  });
});

describe('a boundaries file of another territory, left in place', () => {
  const LODI = fixtureDir('networks/lodi');
  /** Lodi's data folder with Cremona's boundaries under Lodi's file name, as a new network might leave them. */
  async function lodiWithCremonasFile(): Promise<string> {
    const dir = path.join(work, `lodi-${++n}`);
    await cp(LODI, dir, { recursive: true });
    await cp(path.join(DATA, 'geo', 'cremona-comuni.topo.json'), path.join(dir, 'geo', 'limits_P_98_municipalities.topo.json'));
    return dir;
  }

  it('is said once, at territorio › confini, naming the province the file is of, instead of one error per municipality', async () => {
    const dir = await lodiWithCremonasFile();
    const r = await check({ dataDir: dir, cwd: dir });
    expect(errors(r).map(located)).toEqual([{ code: 'confini-di-un-altro-territorio', severity: 'error', at: 'rete.yaml:16:12' }]);
    const d = errors(r)[0];
    expect(d.field).toBe('territorio › confini');
    expect(d.message).toBe(
      'Il file dei confini «geo/limits_P_98_municipalities.topo.json» è della provincia di Cremona (113 comuni), ma il territorio della rete è «provincia di Lodi»: 27 dei 27 comuni scritti nei file degli anni non ci sono (per esempio «Lodi», «Lodi Vecchio», «Cornegliano Laudense»).',
    );
    expect(d.hint).toContain('Metti in geo/ il file della provincia di Lodi e scrivi il suo nome qui; poi togli quello vecchio.');
    expect(r.diagnostics.filter((x) => x.code === 'comune-sconosciuto')).toEqual([]);
  });

  it('a file without a province (a synthetic one) whose names are mostly absent: the same one message', () => {
    const territory = territoryOf({
      type: 'Topology',
      arcs: [
        [
          [0, 0],
          [1, 0],
          [0, 1],
        ],
      ],
      objects: { m: { type: 'GeometryCollection', geometries: ['Alfa', 'Beta', 'Gamma'].map((name) => ({ type: 'Polygon', arcs: [[0]], properties: { name } })) } },
    }).territory!;
    expect(boundariesMismatch('provincia di Prova', territory, ['Alfa', 'Uno', 'Due', 'Tre'])).toEqual({ missing: ['Uno', 'Due', 'Tre'], used: 4 });
    // Typing errors are no sign of another file: each is said at its own line.
    expect(boundariesMismatch('provincia di Prova', territory, ['Alfa', 'Alpha', 'Betta', 'Gama'])).toBeUndefined();
  });

  it('the right file with a few misspelt municipalities: no such message (each misspelling at its line)', async () => {
    const r = await checkFixture('unknown-municipality');
    expect(r.diagnostics.map((d) => d.code)).not.toContain('confini-di-un-altro-territorio');
    expect(r.diagnostics.filter((d) => d.code === 'comune-sconosciuto').length).toBeGreaterThan(1);
  });
});

describe('districts: from 2 to 8, and the years they existed', () => {
  it('one district, or nine: an error in rete.yaml', async () => {
    const one = await checkWith({ 'rete.yaml': (t) => t.replace(/ambiti:\n[\s\S]*$/, 'ambiti:\n  - nome: Valle\n    colore: "#2c2c54"\n') });
    expect(errors(one).map((d) => [d.code, d.field])).toEqual([['elenco-vuoto', 'ambiti']]);
    const nine = Array.from({ length: 9 }, (_, i) => `  - nome: Ambito ${i + 1}\n    colore: "#${String(i + 1).repeat(6)}"\n`).join('');
    const r = await checkWith({ 'rete.yaml': (t) => t.replace(/ambiti:\n[\s\S]*$/, `ambiti:\n${nine}`) });
    expect(errors(r).map((d) => d.code)).toContain('numero-troppo-grande');
  });

  it('a year file with a district before it started: a located error saying when it started', async () => {
    const r = await checkWith({ '2024.yaml': (t) => t.replace('    Pianura: 1290\n', '    Pianura: 1290\n    Lago: 120\n') });
    const d = only(r.diagnostics, 'ambito-fuori-periodo');
    expect(located(d)).toEqual({ code: 'ambito-fuori-periodo', severity: 'error', at: '2024.yaml:24:5' });
    expect(d.message).toBe("L'ambito «Lago» nel 2024 non c'era: in rete.yaml esiste dal 2025.");
    expect(d.hint).toBe("Togli il dato di «Lago» da questo file, oppure correggi in rete.yaml l'anno dopo «dal:» dell'ambito.");
  });

  it('a district that ended: later years need not give it, and naming it there is an error', async () => {
    const ended = (t: string) => t.replace('  - nome: Colline\n    colore: "#1d5c3a"\n', '  - nome: Colline\n    colore: "#1d5c3a"\n    fino_al: 2024\n');
    const without = (t: string) => t.replace(/ {4}Colline:\n {6}numero: 2\n {6}comuni:\n {8}- Montefosco\n/, '').replace(/^ {4,6}Colline:.*\n/gm, '');
    const ok = await checkWith({ 'rete.yaml': ended, '2025.yaml': without });
    expect(errors(ok)).toEqual([]);
    const r = await checkWith({ 'rete.yaml': ended });
    const d = r.diagnostics.find((x) => x.code === 'ambito-fuori-periodo')!;
    expect(d.message).toBe("L'ambito «Colline» nel 2025 non c'era: in rete.yaml esiste fino al 2024.");
    expect(d.hint).toContain("l'anno dopo «fino_al:»");
  });

  it('a district new this year, or gone, is named apart from the growth it is part of', async () => {
    // Valmora: Lago starts in 2025, so its 140 members are in 2025's +185 without being growth.
    const started = derive((await checkWith({})).dataset!);
    expect(started.members?.change?.diff).toBe(185);
    expect(started.members?.arrived).toEqual([{ district: 'Lago', current: 140 }]);
    expect(started.members?.departed).toEqual([]);
    // Like for like: Valle, Colline and Pianura, 2557 in 2024 and 2602 in 2025.
    expect(started.members?.likeForLike?.diff).toBe(45);
    expect(started.members?.likeForLike?.ratio).toBeCloseTo(45 / 2557, 10);
    // Colline ends in 2024: its 455 members of 2024 leave the change.
    const ended = (t: string) => t.replace('  - nome: Colline\n    colore: "#1d5c3a"\n', '  - nome: Colline\n    colore: "#1d5c3a"\n    fino_al: 2024\n');
    const without = (t: string) => t.replace(/ {4}Colline:\n {6}numero: 2\n {6}comuni:\n {8}- Montefosco\n/, '').replace(/^ {4,6}Colline:.*\n/gm, '');
    const dir = await dataWith({ 'rete.yaml': ended, '2025.yaml': without });
    const gone = derive((await check({ dataDir: dir, cwd: dir })).dataset!);
    expect(gone.members?.departed).toEqual([{ district: 'Colline', previous: 455 }]);
    expect(gone.members?.change?.diff).toBe(185 - 470);
    // Valle and Pianura: 2102 in 2024, 2132 in 2025.
    expect(gone.members?.likeForLike?.diff).toBe(30);
    // The growth slide says so under its title.
    const config = configFrom(['build', '--only', 'html', '--data', dir], {}, dir, false);
    if (config === 'help') throw new Error('help');
    const deck = String((await build(config, inMemory(config))).pages!['deck.html']);
    const at = deck.indexOf('id="soci-crescita"');
    const slide = deck.slice(at, deck.indexOf('</section>', at)).replace(/[\u00a0\u202f]/g, ' ');
    expect(slide).toContain('Soci 2025: −285 iscritti');
    expect(slide).toContain('Di cui 140 nel nuovo ambito Lago (attivo dal 2025). L’ambito Colline, che nel 2024 aveva 455 soci, dal 2025 non c’è più. A parità di ambiti: +30 iscritti (+1,4%).');
  });

  it('dal after fino_al: an error at fino_al', async () => {
    const r = await checkWith({ 'rete.yaml': (t) => t.replace('    dal: 2025\n', '    dal: 2025\n    fino_al: 2023\n') });
    const d = only(r.diagnostics, 'ambito-anni-invertiti');
    expect(located(d).at).toBe('rete.yaml:20:14');
    expect(d.message).toBe("L'ambito «Lago» finisce (fino_al: 2023) prima di cominciare (dal: 2025).");
  });
});
