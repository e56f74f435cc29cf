/** Nothing about Cremona, its districts or its province is left in the code or in the default templates:
 * a network's own words come from its data folder (rete.yaml's territorio and ambiti, its year files).
 * data/ is Cremona's, and tests may use it; src/ and templates/ may not, comments included. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support.js';

/** Cremona, its districts (Cremasco, Cremonese, Casalasco, in any form), and its count of municipalities. */
const CREMONA = /cremon|cremasc|casalasc|\b113\b/i;

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

describe("Cremona's names in the code and the default templates", () => {
  for (const dir of ['src', 'templates']) {
    it(`are nowhere in ${dir}/`, () => {
      const files = filesUnder(dir);
      expect(files.length).toBeGreaterThan(5);
      const found = files.flatMap((file) =>
        readFileSync(path.join(ROOT, file), 'utf8')
          .split('\n')
          .flatMap((line, i) => (CREMONA.test(line) ? [`${file}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])),
      );
      expect(found).toEqual([]);
    });
  }

  it('the search finds them where they belong: in the data', () => {
    expect(readFileSync(path.join(ROOT, 'data', 'rete.yaml'), 'utf8')).toMatch(CREMONA);
  });
});
