/** The year against the one before, as the deck tells it (derive.ts trendOf, HEADLINES, brief; the titles of
 * templates/slides.yaml): the words for a rise, a fall and no change, a figure last year lacks, a network's
 * first year, the year in brief's rule, and the real deck's titles stating their findings everywhere. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { type Config, configFrom } from '../src/config.js';
import { inMemory } from '../src/context.js';
import { brief, change, type HeadlineKey, type Move, STABLE_RATIO, trendOf } from '../src/derive.js';
import { entryHeading } from '../src/report.js';
import { DATA, fixtureDir } from './support.js';

describe('trendOf: which way a change went, as a title says it', () => {
  it.each([
    [100, 110, 'up'],
    [100, 90, 'down'],
    [79614, 79331, 'flat'], // −0,4%: the services of 2025
    [7370, 7478, 'up'], // +1,5%
    [100, 100, 'flat'],
    [0, 5, 'up'],
    [5, 0, 'down'],
    [1000, 1009, 'flat'],
    [1000, 1010, 'up'], // exactly 1%: a move
  ] as const)('%d -> %d: %s', (from, to, trend) => {
    expect(trendOf(from, to)).toBe(trend);
    expect(change(from, to).trend).toBe(trend);
  });

  it('stable means less than 1% either way', () => {
    expect(STABLE_RATIO).toBe(0.01);
  });
});

describe('brief: the year in brief, by its documented rule', () => {
  const move = (key: string, previous: number, current: number, districts: [string, number, number][] = []): Move => ({
    key: key as HeadlineKey,
    previous,
    current,
    previousYear: 2024,
    change: change(previous, current),
    districts: districts.map(([district, p, c]) => ({ district, colour: '#000000', previous: p, current: c, change: change(p, c) })),
  });
  const keysOf = (ms: Move[]) => ms.map((m) => (m.district ? `${m.key}:${m.district.district}` : m.key));
  const all = (...ms: Move[]) => Object.fromEntries(ms.map((m) => [m.key, m])) as Record<HeadlineKey, Move | undefined>;

  it('the biggest relative moves first, at most six, the smallest left out', () => {
    const ms = [
      move('members', 1000, 1010),
      move('volunteers', 900, 1200),
      move('hours', 1000, 1100),
      move('km', 1000, 1200),
      move('people', 1000, 1040),
      move('services', 1000, 1020),
      move('fleet', 1000, 1030),
    ];
    expect(keysOf(brief(all(...ms)))).toEqual(['volunteers', 'km', 'hours', 'people', 'fleet', 'services']);
  });

  it('a fall is never left out: the largest takes the last place when six bigger rises fill the list', () => {
    const rises = ['members', 'volunteers', 'hours', 'km', 'people', 'services'].map((k, i) => move(k, 1000, 1100 + i * 100));
    const chosen = brief(all(...rises, move('fleet', 1000, 960)));
    expect(chosen).toHaveLength(6);
    expect(keysOf(chosen)).toContain('fleet');
    expect(chosen.find((m) => m.key === 'fleet')!.change.trend).toBe('down');
  });

  it('with fewer than six moves, the stable ones fill in; a tiny base (2 conventions becoming 3) is not news', () => {
    const chosen = brief(all(move('members', 1000, 1100), move('services', 79614, 79331), move('conventions', 2, 3)));
    expect(keysOf(chosen)).toEqual(['members', 'services']);
    expect(chosen[1].change.trend).toBe('flat');
  });

  it('one district that went against its headline follows it, with its own figures', () => {
    const km = move('km', 872115, 1001248, [
      ['Cremonese', 361612, 476016],
      ['Casalasco', 64376, 52844],
    ]);
    const members = move('members', 7370, 7478, [['Casalasco', 719, 696]]);
    const chosen = brief(all(km, members, move('volunteers', 922, 1217)));
    expect(keysOf(chosen)).toEqual(['volunteers', 'km', 'km:Casalasco', 'members']);
    expect(chosen[2]).toMatchObject({ previous: 64376, current: 52844, change: { diff: -11532, trend: 'down' } });
  });

  it('without the year before there is no brief', () => {
    expect(brief(all())).toEqual([]);
  });
});

describe('titles from the changes, on a small network', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** deck.html's slide titles by id, for the two-years fixture with the year files given (text by name). */
  async function titles(files: Record<string, string | null>): Promise<Record<string, string>> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assemblea-story-'));
    dirs.push(dir);
    const data = path.join(dir, 'data');
    cpSync(fixtureDir('two-years'), data, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      if (text === null) rmSync(path.join(data, name));
      else writeFileSync(path.join(data, name), text);
    }
    const config = configFrom(['build', '--only', 'html', '--data', data], {}, dir, false) as Config;
    const deck = String((await build(config, inMemory(config))).pages!['deck.html']);
    const out: Record<string, string> = {};
    for (const m of deck.matchAll(/<section class="slide [^"]*" id="([^"]+)"[\s\S]*?<h2 class="[a-z-]*title">([\s\S]*?)<\/h2>/g)) out[m[1]] = m[2].replace(/<[^>]+>/g, '').replace(/\u00a0/g, ' ');
    return out;
  }
  const year2025 = (soci: [number, number, number], extra = '') =>
    `anno: 2025\nsoci:\n  per_ambito:\n    Cremasco: ${soci[0]}\n    Cremonese: ${soci[1]}\n    Casalasco: ${soci[2]}\nkm_percorsi:\n  per_ambito:\n    Cremasco: 1000\n    Cremonese: 2000\n    Casalasco: 500\ntotali:\n  prestazioni: 900\n  assistiti: 100\n${extra}`;

  it('a rise says "crescono", with its percentage', async () => {
    const t = await titles({ '2025.yaml': year2025([110, 55, 12]) });
    expect(t['soci-crescita']).toBe('I soci crescono: +10,6% in un anno');
  });

  it('a fall says "calano", never "crescono", and the brief marks it as a fall', async () => {
    const t = await titles({ '2025.yaml': year2025([90, 45, 9]) });
    expect(t['soci-crescita']).toBe('I soci calano: −10,0% in un anno');
    expect(Object.values(t).join(' ')).not.toContain('crescono');
    expect(t['in-breve']).toBe('Il 2025 in breve');
  });

  it('less than 1% either way is "stable"; no change at all too', async () => {
    expect((await titles({ '2025.yaml': year2025([1000, 50, 10], '').replace('Cremasco: 1000\n    Cremonese: 50', 'Cremasco: 100\n    Cremonese: 51') }))['soci-crescita']).toBe(
      'I soci restano stabili: +0,6% in un anno',
    );
    const same = await titles({ '2025.yaml': year2025([100, 50, 10]) });
    expect(same.km).toBe('I km percorsi restano stabili: 0,0% in un anno');
    // Services and people on one slide: each with its own word for the way it went.
    expect(same['prestazioni-assistiti']).toBe('Prestazioni stabili (0,0%) e assistiti stabili (0,0%) in un anno');
    const mixed = await titles({ '2025.yaml': year2025([100, 50, 10]).replace('prestazioni: 900', 'prestazioni: 1000') });
    expect(mixed['prestazioni-assistiti']).toBe('Più prestazioni (+11,1%) e assistiti stabili (0,0%) in un anno');
  });

  it('a figure last year lacks gets no change and no invented comparison', async () => {
    // Volunteers and hours this year; the year before has neither (the fixture's 2024.yaml).
    const t = await titles({ '2025.yaml': year2025([110, 55, 12], 'volontari:\n  totale: 40\nore_volontariato:\n  per_ambito:\n    Cremasco: 300\n    Cremonese: 200\n    Casalasco: 100\n') });
    expect(t['ore-volontariato']).toBe('Ore di volontariato nel 2025');
  });

  it('a district that went against the total is said in the title with its figures, the others in the lead', async () => {
    const hours = (a: number, b: number, c: number) => `ore_volontariato:\n  per_ambito:\n    Cremasco: ${a}\n    Cremonese: ${b}\n    Casalasco: ${c}\n`;
    const before = readFileSync(path.join(fixtureDir('two-years'), '2024.yaml'), 'utf8');
    const t = await titles({ '2024.yaml': `${before}\n${hours(300, 200, 100)}`, '2025.yaml': year2025([110, 55, 12], hours(400, 190, 110)) });
    expect(t['ore-volontariato']).toBe('Ore di volontariato: +16,7% in un anno, ma Cremonese −10 (−5,0%)');
    const rising = await titles({ '2024.yaml': `${before}\n${hours(300, 200, 100)}`, '2025.yaml': year2025([110, 55, 12], hours(400, 210, 110)) });
    expect(rising['ore-volontariato']).toBe('Ore di volontariato: +20,0% in un anno');
  });

  it("a network's first year: no comparison anywhere, no year in brief, no word of a year before", async () => {
    const t = await titles({ '2024.yaml': null, '2025.yaml': year2025([110, 55, 12]) });
    expect(t['in-breve']).toBeUndefined();
    expect(t['soci-crescita']).toBeUndefined();
    expect(t.km).toBe('Km percorsi nel 2025: 3.500');
    expect(Object.values(t).join(' ')).not.toMatch(/2024|crescono|calano|stabili/);
  });

  it("a title written by hand in the year file (titoli:) takes the outline's place", async () => {
    const t = await titles({ '2025.yaml': year2025([110, 55, 12], 'titoli:\n  soci-crescita: Dieci soci nuovi ogni cento\n') });
    expect(t['soci-crescita']).toBe('Dieci soci nuovi ogni cento');
  });
});

describe('the real deck of 2025: titles state their findings, the same in every output', () => {
  let dir: string;
  let deck: string;
  let report: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'assemblea-story-real-'));
    cpSync(DATA, path.join(dir, 'data'), { recursive: true });
    const config = configFrom(['build', '--only', 'html,report', '--data', path.join(dir, 'data'), '--year', '2025'], {}, dir, false) as Config;
    const pages = (await build(config, inMemory(config))).pages!;
    deck = String(pages['deck.html']);
    report = String(pages['report.html']);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const slides = () =>
    [...deck.matchAll(/<section class="slide slide--([a-z-]+)" id="([^"]+)"[\s\S]*?<h2 class="[a-z-]*title">([\s\S]*?)<\/h2>/g)].map((m) => ({
      kind: m[1],
      id: m[2],
      // (A title's lines are boxes of their own: their words only.)
      title: m[3].replace(/<[^>]+>/g, '').replace(/\u00a0/g, ' '),
    }));

  it('at least 80% of the content slides say their finding with a figure, in at most two lines', () => {
    const content = slides().filter((s) => !['title', 'section', 'closing', 'brief'].includes(s.kind));
    expect(content.length).toBeGreaterThan(20);
    const withFigure = content.filter((s) => /\d/.test(s.title.replace(/\b20\d\d\b/g, '')));
    expect(withFigure.length / content.length).toBeGreaterThanOrEqual(0.8);
    // At 44px a title line holds about 48 characters: two lines at most.
    for (const s of content) expect(s.title.length, s.id).toBeLessThanOrEqual(96);
  });

  it("the verbs follow the data: hours, km and people assisted rise, services are stable; Cremonese's fall in hours is said", () => {
    const t = Object.fromEntries(slides().map((s) => [s.id, s.title]));
    expect(t['ore-volontariato']).toBe('Ore di volontariato: +6,2% in un anno, ma Cremonese −615 (−0,9%)');
    expect(t.km).toBe('I km percorsi crescono: +14,8% in un anno');
    expect(t['prestazioni-assistiti']).toBe('Prestazioni stabili (−0,4%) e più assistiti (+4,0%) in un anno');
  });

  it('the summer slide gives its finding, the enrolled, as its big number, once: the title names the initiative', () => {
    const title = slides().find((s) => s.id === 'estate')!.title;
    expect(title).toBe('«E-state insieme all’Auser 2025»: le attività estive');
    const section = deck.slice(deck.indexOf('id="estate"'));
    const slide = section.slice(0, section.indexOf('</section>'));
    expect(/<p class="big-value">([^<]*)<\/p>/.exec(slide)?.[1]).toBe('267');
    expect(slide.match(/267/g)).toHaveLength(1);
    expect(slide).not.toContain('class="squares');
  });

  it('the big numbers of the social tourism slide are the figures its title speaks of: participants per initiative', () => {
    const section = deck.slice(deck.indexOf('id="turismo-sociale"'));
    const slide = section.slice(0, section.indexOf('</section>'));
    const facts = [...slide.matchAll(/<span class="fact-value">([^<]*)<\/span> <span class="fact-label">([^<]*)<\/span>/g)].map((m) => [Number(m[1].replace(/\./g, '')), m[2]] as const);
    expect(facts.map(([, label]) => label)).toEqual(['partecipanti', 'iniziative']);
    const title = slides().find((s) => s.id === 'turismo-sociale')!.title;
    expect(title).toBe(`Turismo sociale: in media ${Math.round(facts[0][0] / facts[1][0])} partecipanti per iniziativa`);
    expect(facts.map(([n]) => n)).toEqual([465, 11]);
  });

  it("the report gives each slide the same title (without its section's name in front, under that section), and opens with the year in brief", () => {
    const entries = [...report.matchAll(/<h3 class="entry-title" id="([^"]+)-titolo">([^<]*)<\/h3>/g)].map((m) => [m[1], m[2].replace(/\u00a0/g, ' ')]);
    const deckTitles = new Map(slides().map((s) => [s.id, s.title]));
    const sections = new Map([...deck.matchAll(/<section class="slide [^"]*" id="([^"]+)" data-section="([^"]*)"/g)].map((m) => [m[1], m[2].replace(/&#x27;/g, "'")]));
    expect(entries.length).toBeGreaterThan(20);
    for (const [id, title] of entries) expect(title, id).toBe(entryHeading(sections.get(id) ?? '', deckTitles.get(id) ?? ''));
    // The real deck has such titles («Officine dell’aiuto: 3 officine, …»): the rule is not vacuous.
    expect(entries.filter(([id, title]) => title !== deckTitles.get(id)).length).toBeGreaterThan(0);
    const main = report.slice(report.indexOf('<main'));
    expect(main.indexOf('id="in-breve"')).toBeGreaterThan(-1);
    expect(main.indexOf('id="in-breve"')).toBeLessThan(main.indexOf('id="rete"'));
    expect(main).toMatch(/class="move move-down move-district"[\s\S]*?Casalasco[\s\S]*?52\.844/);
  });

  it("the year in brief says each move with last year's figure, the fall of Casalasco's km beside its total", () => {
    const section = deck.slice(deck.indexOf('id="in-breve"'), deck.indexOf('id="rete"'));
    const rows = [...section.matchAll(/<tr class="move ([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) =>
      m[2]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .replace(/\u00a0/g, ' ')
        .trim(),
    );
    expect(rows).toEqual([
      'Volontari 1.217 +295 (+32,0%) nel 2024: 922',
      'Km percorsi 1.001.248 +129.133 (+14,8%) nel 2024: 872.115',
      'Casalasco 52.844 −11.532 (−17,9%) nel 2024: 64.376',
      'Ore di volontariato 178.967 +10.391 (+6,2%) nel 2024: 168.576',
      'Assistiti 8.754 +338 (+4,0%) nel 2024: 8.416',
      'Soci 7.478 +108 (+1,5%) nel 2024: 7.370',
      'Prestazioni 79.331 stabile, −283 (−0,4%) nel 2024: 79.614',
    ]);
    expect(readFileSync(path.join(DATA, '2024.yaml'), 'utf8')).toContain('volontari');
  });
});
