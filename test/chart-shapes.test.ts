/** Chart kinds as data: a new kind is a spec file and an entry in templates/charts/kinds.yaml, no
 * TypeScript. Each test works on a copy of templates/. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NO_CONVENTION, shapeChart } from '../src/chart-shapes.js';
import { charts } from '../src/charts.js';
import { contrast, luminance } from '../src/colour.js';
import { derive, type Figures } from '../src/derive.js';
import { formatNumber } from '../src/format.js';
import { hiddenLabels } from '../src/pptx.js';
import { loadChartTemplates, TemplateError } from '../src/templates.js';
import type { Topology } from '../src/territory.js';
import { checkRealData, ROOT } from './support.js';

let figures: Figures;
let geo: Topology;
beforeAll(async () => {
  const checked = await checkRealData();
  figures = derive(checked.dataset!);
  geo = checked.dataset!.territory.topology;
});

const copies: string[] = [];
afterEach(async () => {
  await Promise.all(copies.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A copy of templates/ with some files replaced or added (paths relative to templates/). */
async function templatesWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'assemblea-kinds-'));
  copies.push(dir);
  await cp(path.join(ROOT, 'templates'), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

/** A kind the package does not have: one dot per district, on a line, with its value above. */
const DOTS_SPEC = JSON.stringify({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  description: 'One value per district: a dot each, in the district colours.',
  data: { name: 'rows' },
  width: '$width',
  height: '$height',
  encoding: {
    x: { field: 'district', type: 'nominal', sort: '$districts', title: null },
    y: { field: 'value', type: 'quantitative', title: null, axis: null, scale: { domainMax: '$domainMax' } },
  },
  layer: [
    { mark: { type: 'point', filled: true, size: 400 }, encoding: { color: { field: 'district', type: 'nominal', scale: { domain: '$districts', range: '$colours' }, legend: null } } },
    { mark: { type: 'text', dy: -24, fontSize: 24 }, encoding: { text: { field: 'label', type: 'nominal' } } },
  ],
});

const kindsYaml = () => readFile(path.join(ROOT, 'templates', 'charts', 'kinds.yaml'), 'utf8');

describe('a new kind of chart', () => {
  it('is a spec and an entry in kinds.yaml: drawn as SVG, with its table, CSV and native columns', async () => {
    const dir = await templatesWith({
      'charts/district-dots.vl.json': DOTS_SPEC,
      'charts/kinds.yaml': `${await kindsYaml()}district-dots:\n  shape: district-table\n  native: columns\n`,
      'charts.yaml': 'soci-punti:\n  kind: district-dots\n  source: members.current\n  title: Soci per ambito\n  size: half\n',
    });
    const made = await charts(figures, await loadChartTemplates(dir), geo);
    const chart = made.charts.get('soci-punti')!;
    const districts = figures.districts.map((d) => d.name);
    const members = figures.members!.current;
    expect(chart.title).toBe(`Soci per ambito ${figures.year}`);
    // One dot per district, in its colour.
    const dots = [...chart.svg.matchAll(/<path[^>]*aria-roledescription="point"[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(dots).toEqual(figures.districts.map((d) => d.colour));
    expect(chart.table.head).toEqual(['Ambito', String(figures.year), 'Quota']);
    expect(chart.table.raw.map((r) => r[0])).toEqual([...districts, 'Totale']);
    expect(chart.csv.split('\r\n')[1]).toBe(`${districts[0]};${members.rows[0].value};${String(Math.round(members.rows[0].share * 1000) / 10).replace('.', ',')}`);
    expect(chart.alt).toContain(`totale ${formatNumber(members.total)}`);
    // deck.pptx gets vertical columns, as the entry says, with the district colours.
    expect(chart.native).toEqual([expect.objectContaining({ direction: 'col', grouping: 'clustered', categories: districts, pointColours: figures.districts.map((d) => d.colour) })]);
    expect(chart.native![0].series[0].values).toEqual(members.rows.map((r) => r.value));
  });

  it('that cannot be drawn is said by charts(), once at its place, and the other charts are still drawn', async () => {
    const broken = DOTS_SPEC.replace('"field":"label"', '"field":"etichetta"');
    expect(broken).not.toBe(DOTS_SPEC);
    const dots = (id: string) => `${id}:\n  kind: district-dots\n  source: members.current\n  title: Soci\n  size: half\n`;
    const dir = await templatesWith({
      'charts/district-dots.vl.json': broken,
      'charts/kinds.yaml': `${await kindsYaml()}district-dots:\n  shape: district-table\n  native: columns\n`,
      'charts.yaml': `${dots('soci-punti')}${dots('soci-punti-bis')}soci-ambiti:\n  kind: district-bars\n  source: members.current\n  title: Soci per ambito\n  size: half\n`,
    });
    const made = await charts(figures, await loadChartTemplates(dir), geo);
    // The two charts drawn by the broken spec meet the same mistake: one error, at the spec's line, naming the first.
    expect(made.diagnostics).toHaveLength(1);
    const [d] = made.diagnostics;
    expect(d).toMatchObject({ code: 'grafico-errato', severity: 'error', at: { file: path.relative(ROOT, path.join(dir, 'charts/district-dots.vl.json')), line: 1 } });
    expect(d.message).toContain('soci-punti');
    expect(d.message).toContain('"etichetta"');
    expect([...made.charts.keys()]).toEqual(['soci-ambiti']);
  });

  it('draws a map as a picture only: a native form for it is a located error', async () => {
    const kinds = (await kindsYaml()).replace(/map:\n {2}shape: municipalities\n {2}native: picture/, 'map:\n  shape: municipalities\n  native: bars');
    const dir = await templatesWith({ 'charts/kinds.yaml': kinds });
    // The line of `native:` under `map:` (1-based: map, shape, native).
    const line = kinds.split('\n').indexOf('map:') + 3;
    const err = await loadChartTemplates(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as TemplateError).message).toBe(`${path.relative(ROOT, path.join(dir, 'charts/kinds.yaml'))}:${line}: la forma "municipalities" si disegna solo come: picture`);
  });
});

describe('kinds.yaml and the chart definitions', () => {
  it('names the kinds when a chart asks for one that is not there', async () => {
    const dir = await templatesWith({ 'charts.yaml': 'soci:\n  kind: district-dots\n  source: members.current\n  title: Soci\n  size: half\n' });
    const err = (await loadChartTemplates(dir).catch((e: unknown) => e)) as TemplateError;
    expect(err).toBeInstanceOf(TemplateError);
    expect(err.line).toBe(2);
    expect(err.message).toContain('il tipo "district-dots" non c\'è in charts/kinds.yaml (tipi: district-bars, district-compare,');
  });

  it('refuses a spec without an entry, and an entry without a spec', async () => {
    const orphan = await templatesWith({ 'charts/district-dots.vl.json': DOTS_SPEC });
    await expect(loadChartTemplates(orphan)).rejects.toThrow(/la specifica charts\/district-dots\.vl\.json non ha una voce in questo file/);
    const missing = await templatesWith({ 'charts/kinds.yaml': `${await kindsYaml()}district-dots:\n  shape: district-table\n  native: bars\n` });
    await expect(loadChartTemplates(missing)).rejects.toThrow(/kinds\.yaml:\d+: manca la specifica charts\/district-dots\.vl\.json/);
  });

  it('refuses an unknown shape, naming the ones there are', async () => {
    const kinds = (await kindsYaml()).replace('shape: district-table', 'shape: district-dots');
    const dir = await templatesWith({ 'charts/kinds.yaml': kinds });
    const err = (await loadChartTemplates(dir).catch((e: unknown) => e)) as TemplateError;
    expect(err).toBeInstanceOf(TemplateError);
    // At the value itself, in a data file's words, with the kind's name.
    const line = kinds.split('\n').findIndex((l) => l.includes('shape: district-dots'));
    expect(err.diagnostics[0]).toMatchObject({
      code: 'valore-non-ammesso',
      field: 'district-bars › shape',
      message: 'Il valore «district-dots» non è ammesso qui.',
      at: { file: path.relative(ROOT, path.join(dir, 'charts/kinds.yaml')), line: line + 1, col: kinds.split('\n')[line].indexOf('district-dots') + 1 },
    });
    expect(err.diagnostics[0].hint).toContain('district-table');
  });

  it('gives each kind of the package its phone drawing as declared', async () => {
    const t = await loadChartTemplates();
    expect(
      Object.entries(t.kinds)
        .filter(([, k]) => k.phone)
        .map(([name, k]) => [name, k.phone!.file]),
    ).toEqual([
      ['district-bars', path.join('templates', 'charts', 'district-bars.phone.vl.json')],
      ['district-compare', path.join('templates', 'charts', 'district-compare.phone.vl.json')],
      ['district-history', path.join('templates', 'charts', 'district-history.phone.vl.json')],
      ['series', path.join('templates', 'charts', 'series.phone.vl.json')],
      ['categories', path.join('templates', 'charts', 'categories.phone.vl.json')],
      ['district-groups', path.join('templates', 'charts', 'district-groups.phone.vl.json')],
      ['series-groups', path.join('templates', 'charts', 'series-groups.phone.vl.json')],
    ]);
  });
});

describe('a stacked history chart', () => {
  it('leaves out the same segment labels on the deck and in deck.pptx', async () => {
    // 2024: the third district is 7,2% of the tallest stack: too short for its label on either.
    const table = (values: number[]) => ({
      rows: values.map((value, i) => ({ district: `A${i}`, colour: '#336699', value, share: value / values.reduce((a, b) => a + b) })),
      total: values.reduce((a, b) => a + b),
    });
    const figures = {
      year: 2025,
      h: [
        { year: 2024, table: table([500, 428, 72]) },
        { year: 2025, table: table([480, 400, 120]) },
      ],
    };
    const def = { id: 'storico', kind: 'district-history', source: 'h', title: 'Ore', size: 'full' as const };
    const built = shapeChart(def, { shape: 'history', native: 'stacked-columns' }, figures as unknown as Figures, geo)!;
    const labelled = (built.datasets.rows as { year: string; district: string; showLabel: boolean }[]).filter((r) => !r.showLabel).map((r) => `${r.year} ${r.district}`);
    expect(labelled).toEqual(['2024 A2']);
    const panel = built.native![0];
    expect(panel.totals).toEqual([1000, 1000]);
    const hidden = hiddenLabels(panel).map(([series, point]) => `${panel.categories[point]} ${panel.series[series].name}`);
    expect(hidden).toEqual(labelled);
  });
});

describe('labels above columns, as drawn (slide/report, phone, A4)', () => {
  /** A text mark's baseline (Vega writes it as the text's translate) and its font size; a bar's top. */
  const texts = (svg: string) =>
    [...svg.matchAll(/<text aria-label="([^"]*)"[^>]*transform="translate\([\d.-]+,([\d.-]+)\)"[^>]*font-size="([\d.]+)px"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
      label: m[1],
      y: Number(m[2]),
      size: Number(m[3]),
      text: m[4],
    }));
  // The column of the same year and value (panels side by side each draw their own years).
  const barTop = (svg: string, key: string) =>
    Math.min(...[...svg.matchAll(new RegExp(`<path aria-label="${key}[;"][^>]*aria-roledescription="bar" d="M[\\d.-]+,([\\d.-]+)`, 'g'))].map((m) => Number(m[1])));
  const drawings = (c: { svg: string; printSvg: string; responsiveSvg: string }) => ({
    wide: c.svg,
    print: c.printSvg,
    phone: /<div class="chart-narrow">([^]*?)<\/div>/.exec(c.responsiveSvg)![1],
  });

  it("writes a year's value 6 px or more above its column, and its change as far above the value (cap height 0.7 em), as deck.pptx does", async () => {
    const made = await charts(figures, await loadChartTemplates(path.join(ROOT, 'templates')), geo, { narrow: true, print: true });
    const series = [...made.charts.values()].filter((c) => c.svg.includes('changeLabel: +') || c.svg.includes('changeLabel: −'));
    expect(series.length).toBeGreaterThanOrEqual(2);
    for (const c of series) {
      for (const [name, svg] of Object.entries(drawings(c))) {
        const all = texts(svg);
        const changes = all.filter((t) => /changeLabel: [+−]/.test(t.label) && t.text.trim());
        expect(changes.length, `${c.id} ${name}`).toBeGreaterThan(0);
        for (const t of changes) {
          const year = /year: (\d{4})/.exec(t.label)![1];
          const key = /^year: \d{4}; value: [\d.]+/.exec(t.label)![0];
          const value = all.find((v) => v !== t && v.label.startsWith(key) && !/changeLabel: [+−]/.test(v.text) && v.y > t.y);
          expect(value, `${c.id} ${name} ${year}`).toBeDefined();
          expect(barTop(svg, key) - value!.y, `${c.id} ${name} ${value!.text}: above its column`).toBeGreaterThanOrEqual(6);
          expect(value!.y - 0.7 * value!.size - t.y, `${c.id} ${name} ${t.text}: above its value`).toBeGreaterThanOrEqual(6);
        }
      }
    }
  }, 120_000);

  it("writes each district's change under its name on the phone too, a fall in bold, as the wide drawing does", async () => {
    const made = await charts(figures, await loadChartTemplates(path.join(ROOT, 'templates')), geo, { narrow: true });
    const compared = [...made.charts.values()].filter((c) => /<text[^>]*>[+−][\d.]+ \([+−][\d,]+%\)<\/text>/.test(c.svg));
    expect(compared.length).toBeGreaterThanOrEqual(2);
    for (const c of compared) {
      const changesOf = (svg: string) =>
        [...svg.matchAll(/<text([^>]*)>([+−][\d.]+ \([+−][\d,]+%\))<\/text>/g)].map((m) => `${m[2]}${Number(/font-weight="(\d+)"/.exec(m[1])?.[1] ?? 400) >= 700 ? ' bold' : ''}`);
      const wide = changesOf(c.svg);
      const phone = changesOf(drawings({ ...c, printSvg: '' }).phone);
      expect(phone.sort(), c.id).toEqual(wide.sort());
      expect(wide.some((w) => w.startsWith('−') && w.endsWith('bold')) || !wide.some((w) => w.startsWith('−')), c.id).toBe(true);
    }
  }, 120_000);
});

describe('the map in black and white', () => {
  it('tells every district from the municipalities without a convention in grey: 2.5:1 or more, those outlined in grey', async () => {
    const made = await charts(figures, await loadChartTemplates(path.join(ROOT, 'templates')), geo, { narrow: false });
    const map = made.charts.get('convenzioni-mappa')!;
    const shapes = [...map.svg.matchAll(/<path aria-label="legendGroup: ([^";]+)[^"]*"[^>]*aria-roledescription="geoshape"[^>]*>/g)].map((m) => ({
      group: m[1],
      fill: /fill="(#[0-9a-f]{6})"/.exec(m[0])?.[1],
      stroke: /stroke="(#[0-9a-f]{6})"/.exec(m[0])?.[1],
    }));
    const none = shapes.filter((s) => s.group === 'Senza convenzione');
    expect(none.length).toBeGreaterThan(0);
    for (const s of none) {
      expect(s.fill).toBe(NO_CONVENTION);
      // Light on white paper: its outline is what shows its edge.
      expect(contrast(s.stroke!, '#ffffff'), 'outline').toBeGreaterThanOrEqual(3);
    }
    // Printed in grey, a colour is its luminance: each district against "none".
    const grey = (hex: string) => {
      const v = Math.round(255 * luminance(hex) ** (1 / 2.2))
        .toString(16)
        .padStart(2, '0');
      return `#${v}${v}${v}`;
    };
    for (const d of figures.allDistricts) expect(contrast(grey(d.colour), grey(NO_CONVENTION)), d.name).toBeGreaterThanOrEqual(2.5);
  });
});
