/** A chart drawn from a kept view (draw: one parsed view per shape, the data swapped in) is the same SVG,
 * byte for byte, as the chart drawn from a view compiled and parsed for it alone (drawFresh): for every
 * drawing of the real deck's charts, slides and phones, and of the fixture networks', in the order a
 * build draws them, backwards, and with each chart's drawings between other charts of its shape. */
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { newCaches } from '../src/caches.js';
import { charts } from '../src/charts.js';
import { check } from '../src/check.js';
import { derive } from '../src/derive.js';
import type * as Draw from '../src/draw.js';
import { loadChartTemplates } from '../src/templates.js';
import { DATA, fixtureDir, ROOT } from './support.js';

type Input = [id: string, spec: object, config: object];
const recorded: Input[] = [];

// charts() draws through draw(): here every drawing it asks for is recorded and drawn fresh.
vi.mock('../src/draw.js', async (importOriginal) => {
  const real = await importOriginal<typeof Draw>();
  return {
    ...real,
    draw: (id: string, spec: object, config: object) => {
      recorded.push(structuredClone([id, spec, config]));
      return real.drawFresh(id, spec, config);
    },
  };
});

let real: typeof Draw;
/** The views kept by the drawings of this file (a build's caches). */
const views = newCaches().views;
const decks: Record<string, { from: number; to: number }> = {};
beforeAll(async () => {
  real = await vi.importActual<typeof Draw>('../src/draw.js');
  const templates = await loadChartTemplates();
  const folders = { reale: DATA, 'rete piccola': fixtureDir('small-network'), ...Object.fromEntries(['lodi', 'sondrio', 'valmora'].map((n) => [n, fixtureDir(path.join('networks', n))])) };
  for (const [name, dataDir] of Object.entries(folders)) {
    const checked = await check({ dataDir, cwd: ROOT });
    expect(checked.dataset, name).toBeDefined();
    const from = recorded.length;
    await charts(derive(checked.dataset!), templates, checked.dataset!.territory.topology, { narrow: true, print: true });
    decks[name] = { from, to: recorded.length };
  }
}, 300_000);

const fresh = new Map<number, string>();
const freshly = async (i: number) => {
  if (!fresh.has(i)) fresh.set(i, await real.drawFresh(...structuredClone(recorded[i])));
  return fresh.get(i)!;
};

async function expectSameInOrder(order: number[]): Promise<void> {
  for (const i of order) {
    const [id] = recorded[i];
    const kept = await real.draw(...structuredClone(recorded[i]), views);
    const alone = await freshly(i);
    if (kept !== alone) {
      let at = 0;
      while (kept[at] === alone[at]) at++;
      expect(`${id}: …${kept.slice(Math.max(0, at - 120), at + 120)}`).toBe(`${id}: …${alone.slice(Math.max(0, at - 120), at + 120)}`);
    }
  }
}

describe('a chart drawn from a kept view', () => {
  it('is the same SVG as drawn fresh, for every drawing of the real deck, in the build order and backwards', async () => {
    const { from, to } = decks.reale;
    // The slides' charts, the phone drawings (drawn again at narrower widths) and the handout's A4 ones.
    expect(to - from).toBeGreaterThan(40);
    const order = [...Array(to - from).keys()].map((k) => from + k);
    await expectSameInOrder(order);
    await expectSameInOrder([...order].reverse());
    // Fewer shapes than drawings: views were kept and reused, not one parsed per drawing.
    expect(real.drawingStats().shapes).toBeLessThan((to - from) / 1.5);
    expect(real.drawingStats().kept).toBeGreaterThan(to - from);
  }, 300_000);

  it('is the same SVG as drawn fresh for the fixture networks, each deck after the others', async () => {
    for (const name of ['rete piccola', 'lodi', 'sondrio', 'valmora']) {
      const { from, to } = decks[name];
      expect(to - from, name).toBeGreaterThan(5);
      await expectSameInOrder([...Array(to - from).keys()].map((k) => from + k));
    }
  }, 300_000);

  it('draws a shape with fewer rows, then more, as drawn fresh (rows gone, rows back, ticks in order)', async () => {
    // A chart of the real deck drawn with its data cut short and whole again, alternately.
    const { from, to } = decks.reale;
    const multi = recorded.slice(from, to).find(([, spec]) => ((spec as { datasets?: { rows?: unknown[] } }).datasets?.rows?.length ?? 0) >= 5)!;
    const [id, spec, config] = multi;
    const rows = (spec as { datasets: { rows: unknown[] } }).datasets.rows;
    const cut = (n: number) => ({ ...structuredClone(spec), datasets: { ...structuredClone((spec as { datasets: object }).datasets), rows: structuredClone(rows.slice(-n)) } });
    for (const n of [rows.length, 2, rows.length, 3, 1, rows.length]) {
      expect(await real.draw(id, cut(n), config, views), `${id}, ${n} rows`).toBe(await real.drawFresh(id, cut(n), config));
    }
  }, 120_000);

  it('reports a warning of Vega as an error, and draws the next chart of that shape as before', async () => {
    const { from } = decks.reale;
    const [id, spec, config] = structuredClone(recorded[from]);
    const broken = { ...spec, encoding: { ...(spec as { encoding: object }).encoding, opacity: { field: 'value', type: 'quantitative', scale: { type: 'log', domainMin: -1 } } } };
    await expect(real.draw(id, structuredClone(broken), config, views)).rejects.toThrow();
    expect(await real.draw(id, structuredClone(spec), config, views)).toBe(await freshly(from));
  }, 120_000);
});
