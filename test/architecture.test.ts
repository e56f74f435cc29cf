/** The README's architecture section names the modules that touch the disk, the network, a child
 * process or the browser; every other module of src/ is pure (data in, data out). Read from the imports,
 * so a module that starts reading files, or stops, fails here until the README says so. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support.js';

/** Modules whose imports (not type-only) reach outside the process's memory. */
const OUTSIDE = /^import\s+(?!type\b)[^;]*?from\s+'(node:fs|node:fs\/promises|node:http|node:net|node:child_process|chokidar|puppeteer|puppeteer-core)'/m;
/** The same, imported when needed: `await import('puppeteer')`. */
const LATER = /\bimport\(\s*'(node:fs|node:fs\/promises|node:http|node:net|node:child_process|chokidar|puppeteer|puppeteer-core)'\s*\)/;

function touching(): string[] {
  const dir = path.join(ROOT, 'src');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      // Or drives a browser it is handed (opens its pages).
      return OUTSIDE.test(text) || LATER.test(text) || /\.newPage\(/.test(text);
    })
    .sort();
}

/** The modules the README's «Where the program touches the outside» paragraph names. */
function named(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('**Where the program touches the outside.**');
  expect(start, 'the paragraph in the README').toBeGreaterThan(0);
  const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
  return [...new Set([...paragraph.matchAll(/`src\/([a-z-]+\.ts)`/g)].map((m) => m[1]))].sort();
}

describe("the README's architecture section", () => {
  it('names exactly the modules that read or write files, serve, watch or launch the browser', () => {
    const found = touching();
    expect(found.length).toBeGreaterThan(3);
    // The reading itself: a pure module is not counted, a disk module is.
    expect(found).toContain('write.ts');
    expect(found).not.toContain('derive.ts');
    expect(named()).toEqual(found);
  });
});
