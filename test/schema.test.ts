import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaTexts } from '../src/commands.js';
import { networkSchema, yearSchema } from '../src/schema.js';
import { DATA, ROOT } from './support.js';

describe('the JSON Schemas editors read (data/schema/)', () => {
  it('are what `assemblea schema` generates now, so they never go stale', async () => {
    const generated = await schemaTexts({ dataDir: DATA, cwd: ROOT });
    expect(Object.keys(generated).sort()).toEqual(['anno.schema.json', 'rete.schema.json']);
    for (const [name, text] of Object.entries(generated)) {
      expect(await readFile(path.join(DATA, 'schema', name), 'utf8'), `data/schema/${name} is stale: run npx assemblea schema`).toBe(text);
    }
  });

  it('offer the official municipality names for completion', async () => {
    const text = (await schemaTexts({ dataDir: DATA, cwd: ROOT }))['anno.schema.json'];
    expect(text).toContain('"Trescore Cremasco"');
    expect(text).toContain('"Gabbioneta-Binanuova"');
    expect(text).not.toContain('"Tresore"');
  });

  it('spell out the districts as the keys of a per-district map, for completion', async () => {
    const anno = JSON.parse((await schemaTexts({ dataDir: DATA, cwd: ROOT }))['anno.schema.json']) as Record<string, unknown>;
    // Follow the generator's `$ref`s down the path, as an editor does.
    type Node = { $ref?: string; properties?: Record<string, Node> };
    const definitions = anno.definitions as Record<string, Node>;
    const deref = (n: Node): Node => (n.$ref ? deref(definitions[n.$ref.replace('#/definitions/', '')]) : n);
    const perDistrict = ['soci', 'per_ambito'].reduce<Node>((n, key) => deref(deref(n).properties![key]), anno as Node);
    expect(Object.keys(deref(perDistrict).properties!)).toEqual(['Cremasco', 'Cremonese', 'Casalasco']);
  });
});

describe('every data file', () => {
  it('starts with the line that points the editor to its schema', async () => {
    const names = (await readdir(DATA)).filter((n) => n.endsWith('.yaml'));
    expect(names).toContain('rete.yaml');
    for (const name of names) {
      const first = (await readFile(path.join(DATA, name), 'utf8')).split('\n')[0];
      const schema = name === 'rete.yaml' ? 'rete' : 'anno';
      expect(first, name).toBe(`# yaml-language-server: $schema=./schema/${schema}.schema.json`);
    }
  });
});

describe('the zod schema', () => {
  it('accepts the real data files as they are', async () => {
    const { load } = await import('../src/load.js');
    const { vocabularyOf } = await import('../src/validate.js');
    const loaded = await load({ dataDir: DATA, cwd: ROOT });
    const network = networkSchema().parse(loaded.network!.value);
    const year = yearSchema(vocabularyOf(network, loaded.territory));
    for (const { source } of loaded.years) expect(year.safeParse(source.value).success, source.file).toBe(true);
  });

  it('refuses a count that is not a whole, non-negative number', () => {
    const year = yearSchema({ districts: ['A'], municipalities: ['X'] });
    expect(year.safeParse({ anno: 2025, volontari: { totale: 3.308 } }).success).toBe(false);
    expect(year.safeParse({ anno: 2025, volontari: { totale: -1 } }).success).toBe(false);
    expect(year.safeParse({ anno: 2025, volontari: { totale: 1217 } }).success).toBe(true);
  });
});

describe('assemblea schema on a new data folder', () => {
  it('needs only rete.yaml: the year files may not exist yet', async () => {
    const { mkdtemp, copyFile, cp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'assemblea-schema-'));
    await copyFile(path.join(DATA, 'rete.yaml'), path.join(dir, 'rete.yaml'));
    await cp(path.join(DATA, 'geo'), path.join(dir, 'geo'), { recursive: true });
    const texts = await schemaTexts({ dataDir: dir, cwd: ROOT });
    expect(texts['anno.schema.json']).toBe(await readFile(path.join(DATA, 'schema', 'anno.schema.json'), 'utf8'));
  });
});

describe('what an editor checks with the JSON Schema (draft-7, as yaml-language-server does)', () => {
  const editor = async () => {
    const { Ajv } = await import('ajv');
    const { parse } = await import('yaml');
    const ajv = new Ajv({ allErrors: true, strict: false });
    const schema = (name: string) => JSON.parse(readFileSync(path.join(DATA, 'schema', name), 'utf8')) as object;
    return { anno: ajv.compile(schema('anno.schema.json')), rete: ajv.compile(schema('rete.schema.json')), parse };
  };

  it('finds no problem in the real data files', async () => {
    const { anno, rete, parse } = await editor();
    for (const name of readdirSync(DATA).filter((n) => n.endsWith('.yaml'))) {
      const validate = name === 'rete.yaml' ? rete : anno;
      const ok = validate(parse(readFileSync(path.join(DATA, name), 'utf8')));
      expect(validate.errors ?? [], name).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('underlines a misspelt district key, a misspelt field and a count written as text', async () => {
    const { anno, parse } = await editor();
    const year = parse(readFileSync(path.join(DATA, '2025.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
    const cases: [string, (y: typeof year) => void][] = [
      ['district', (y) => ((y.soci.per_ambito as Record<string, unknown>).Cremasko = 1)],
      ['field', (y) => (y.soci.totalle = 1)],
      ['count', (y) => ((y.soci.per_ambito as Record<string, unknown>).Cremasco = '3.308')],
    ];
    for (const [what, spoil] of cases) {
      const copy = structuredClone(year);
      spoil(copy);
      expect(anno(copy), what).toBe(false);
    }
  });
});
