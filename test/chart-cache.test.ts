/** The persistent chart cache (ASSEMBLEA_CACHE): a later build reuses the drawings of an earlier one for
 * the same input, redraws what changed, and a cache that is missing or broken is simply empty. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openChartStore } from '../src/chart-cache.js';
import { type Config, configFrom } from '../src/config.js';
import { inMemory } from '../src/context.js';
import { dataCopy, ROOT } from './support.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'assemblea-cache-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('openChartStore', () => {
  it('keeps what a build drew, for the same versions only, and drops what the last build did not use', async () => {
    const dir = path.join(work, 'store');
    const a = await openChartStore(dir, 'vega 1');
    expect(a.get('input-1')).toBeUndefined();
    a.set('input-1', '<svg>1</svg>');
    a.set('input-2', '<svg>2</svg>');
    await a.save();
    const b = await openChartStore(dir, 'vega 1');
    expect(b.get('input-1')).toBe('<svg>1</svg>');
    await b.save();
    const c = await openChartStore(dir, 'vega 1');
    expect(c.get('input-1')).toBe('<svg>1</svg>');
    expect(c.get('input-2')).toBeUndefined();
    expect((await openChartStore(dir, 'vega 2')).get('input-1')).toBeUndefined();
  });

  it('a broken cache file is an empty cache, and is replaced', async () => {
    const dir = path.join(work, 'broken');
    await openChartStore(dir, 'v').then((s) => (s.set('x', '<svg/>'), s.save()));
    await writeFile(path.join(dir, 'grafici.json'), '{"troncato": ');
    const s = await openChartStore(dir, 'v');
    expect(s.get('x')).toBeUndefined();
    s.set('x', '<svg>x</svg>');
    await s.save();
    expect((await openChartStore(dir, 'v')).get('x')).toBe('<svg>x</svg>');
  });
});

describe('a build with ASSEMBLEA_CACHE', () => {
  /** A build in a fresh copy of the modules: nothing of the previous build in memory. */
  async function freshBuild(config: Config) {
    vi.resetModules();
    const { build } = await import('../src/build.js');
    const r = await build(config, inMemory(config));
    return String(r.pages!['deck.html']);
  }

  it('reuses the drawings of the build before and redraws only a chart whose figures changed', async () => {
    const cache = path.join(work, 'cache');
    const data = await dataCopy(path.join(work, 'data'));
    const config = (dir: string): Config => {
      const c = configFrom(['build', '--data', dir, '--only', 'html'], { ASSEMBLEA_CACHE: cache }, ROOT, false);
      if (c === 'help') throw new Error('help');
      return c;
    };
    expect(config(data).chartCache).toBe(cache);
    const first = await freshBuild(config(data));
    const file = path.join(cache, 'grafici.json');
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(Object.keys(saved).length).toBeGreaterThan(10);
    // Mark every kept drawing: a build that reads the cache shows the mark.
    await writeFile(file, JSON.stringify(Object.fromEntries(Object.entries(saved).map(([k, svg]) => [k, svg.replace('<svg ', '<svg data-dalla-cache="1" ')]))));
    const second = await freshBuild(config(data));
    const marked = second.match(/data-dalla-cache="1"/g)?.length ?? 0;
    expect(marked).toBe(first.match(/<svg role="img"/g)?.length);
    expect(second.replace(/ data-dalla-cache="1"/g, '')).toBe(first);

    // One figure changed: the charts that show it are drawn again, the others still come from the cache.
    await writeFile(path.join(data, '2025.yaml'), (await readFile(path.join(data, '2025.yaml'), 'utf8')).replace('    Casalasco: 696', '    Casalasco: 701'));
    const third = await freshBuild(config(data));
    expect(third).toContain('701');
    const stillMarked = third.match(/data-dalla-cache="1"/g)?.length ?? 0;
    expect(stillMarked).toBeGreaterThan(0);
    expect(stillMarked).toBeLessThan(marked);
  }, 300_000);
});
