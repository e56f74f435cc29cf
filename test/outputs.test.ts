/** Each kind of output gets only the work it needs: `--only html` renders no report, no handout and
 * no phone versions of the charts, and its deck is the same as the full build's. */
import * as vega from 'vega';
import { describe, expect, it, vi } from 'vitest';
import { build } from '../src/build.js';
import { type Config, configFrom } from '../src/config.js';
import { inMemory } from '../src/context.js';
import { pagesFor } from '../src/outputs.js';
import { loadChartTemplates } from '../src/templates.js';
import { ROOT } from './support.js';

/** Whether deck.pptx's module (pptxgenjs, jszip: slow to load) was loaded by this process. */
const loaded = vi.hoisted(() => ({ pptx: false }));
vi.mock('../src/pptx.js', async (importActual) => {
  loaded.pptx = true;
  return importActual();
});

const config = (only: string): Config => {
  const c = configFrom(['build', '--only', only], {}, ROOT, false);
  if (c === 'help') throw new Error('help');
  return c;
};

describe('pagesFor', () => {
  it('names the pages each kind of output is made from, and always the review page', () => {
    expect(pagesFor(['html']).sort()).toEqual(['deck.html', 'revisione.html']);
    expect(pagesFor(['pdf']).sort()).toEqual(['deck.html', 'print/handout.html', 'revisione.html']);
    expect(pagesFor(['report']).sort()).toEqual(['deck.html', 'report.html', 'revisione.html']);
    expect(pagesFor(['pptx']).sort()).toEqual(['deck.html', 'revisione.html']);
  });
});

describe('--only html', () => {
  it('draws each chart once, for the deck (no phone drawing), and makes the same deck as the full build', async () => {
    const draw = vi.spyOn(vega.View.prototype, 'toSVG');
    const html = await build(config('html'), inMemory(config('html')));
    const deck = String(html.pages!['deck.html']);
    const charts = new Set([...deck.matchAll(/<figure class="chart chart--([a-z0-9-]+)"/g)].map((m) => m[1]));
    expect(charts.size).toBeGreaterThan(10);
    // Every chart definition the data can fill is drawn once (some are not on a slide: the long form's), none twice.
    const defs = (await loadChartTemplates()).defs.length;
    expect(draw.mock.calls.length).toBeGreaterThanOrEqual(charts.size);
    expect(draw.mock.calls.length).toBeLessThanOrEqual(defs);
    expect(Object.keys(html.pages!).sort()).toEqual(['deck.html', 'revisione.html']);

    const wide = draw.mock.calls.length;
    draw.mockClear();
    const all = await build(config('html,report'), inMemory(config('html,report')));
    // A second build in the process does what the first did (nothing of it is reused): the same wide
    // drawings again, and the report's phone drawings besides (at least one per chart).
    expect(draw.mock.calls.length).toBeGreaterThanOrEqual(wide + charts.size);
    expect(String(all.pages!['report.html'])).toContain('class="chart-narrow"');
    expect(all.pages!['deck.html']).toBe(deck);
    expect(all.pages!['revisione.html']).toBe(html.pages!['revisione.html']);
    draw.mockRestore();
    // Neither build makes deck.pptx: PowerPoint's libraries were never loaded.
    expect(loaded.pptx).toBe(false);
  }, 240_000);
});
