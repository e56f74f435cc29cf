/** A new network's first step: `init` writes rete.yaml and the first year's file from the schema, in an
 * empty folder, replacing nothing; `check` on a folder without them points to it; on what init wrote, it
 * lists what is left to write, located. */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YEAR_FIELDS } from '../src/schema.js';
import { fixtureDir, ROOT, runCli } from './support.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'assemblea-init-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('npx assemblea init ANNO', () => {
  it('in an empty folder: data/rete.yaml and data/2025.yaml, blank, every section of the schema named, and data/geo/', async () => {
    const dir = path.join(work, 'vuota');
    await mkdir(dir);
    const r = await runCli(['init', '2025'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Creati data/rete.yaml e data/2025.yaml, da compilare');
    const rete = await readFile(path.join(dir, 'data', 'rete.yaml'), 'utf8');
    for (const field of ['organizzazione:', 'territorio:', '  nome:', '  confini:', '  attribuzione:', 'ambiti:', '  - nome:', '    colore:']) expect(rete).toContain(field);
    const year = await readFile(path.join(dir, 'data', '2025.yaml'), 'utf8');
    expect(year).toContain('anno: 2025');
    for (const field of YEAR_FIELDS.filter((f) => f !== 'anno' && f !== 'assemblea')) expect(year).toContain(`# ${field}:`);
    // Nothing of Cremona in what a new network starts from.
    expect(rete + year).not.toMatch(/cremon|cremasc|casalasc/i);
  });

  it('then check lists what is missing, with file and line (no crash, no English)', async () => {
    const dir = path.join(work, 'vuota');
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('data/rete.yaml:4:1: errore [valore-mancante] organizzazione');
    expect(r.stdout + r.stderr).toContain('ambiti › voce 1 › colore');
  });

  it('replaces nothing: a folder that has a network already stops it, naming the file', async () => {
    const dir = path.join(work, 'piena');
    await mkdir(path.join(dir, 'data'), { recursive: true });
    await writeFile(path.join(dir, 'data', 'rete.yaml'), 'organizzazione: Auser di prova\n');
    const r = await runCli(['init', '2025'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('[rete-esistente]');
    expect(await readFile(path.join(dir, 'data', 'rete.yaml'), 'utf8')).toBe('organizzazione: Auser di prova\n');
  });

  it('check on a data folder without rete.yaml points to init', async () => {
    const dir = path.join(work, 'senza-rete');
    await mkdir(path.join(dir, 'data'), { recursive: true });
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('errore [rete-assente]');
    expect(out).toContain('"npx assemblea init ANNO" lo prepara da compilare');
  });
});

describe("the README's new network, from an empty folder to a built deck", () => {
  /** The README's section «Una rete nuova», up to the next heading. */
  const section = async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('### Una rete nuova');
    return readme.slice(start, readme.indexOf('\n### ', start + 1));
  };
  /** The YAML examples of the section, in order. */
  const examples = (text: string) => [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1].replace(/^ {3}/gm, ''));

  it('names every step in order: the program, init, the boundaries, rete.yaml, schema, the year, check, build', async () => {
    const text = await section();
    const steps = ['npm ci', 'npx assemblea init 2025', 'limits_P_', 'rete.yaml', 'npx assemblea schema', 'data/2025.yaml', 'npx assemblea check', 'npx assemblea build'];
    // Each after the one before.
    let from = 0;
    const missing: string[] = [];
    for (const step of steps) {
      const i = text.indexOf(step, from);
      if (i < 0) missing.push(step);
      else from = i + step.length;
    }
    expect(missing).toEqual([]);
  });

  it('done as it says, with its own examples and openpolis boundaries, builds the deck and deck.pptx with no error', async () => {
    const [rete, year] = examples(await section());
    expect(rete).toContain('organizzazione:');
    expect(year).toContain('anno: 2025');
    const dir = path.join(work, 'dal-readme');
    await mkdir(dir);
    expect((await runCli(['init', '2025'], { cwd: dir })).code).toBe(0);
    const boundaries = /confini: (\S+)/.exec(rete)![1];
    await cp(path.join(fixtureDir('networks/lodi'), boundaries), path.join(dir, 'data', boundaries));
    await writeFile(path.join(dir, 'data', 'rete.yaml'), rete);
    expect((await runCli(['schema'], { cwd: dir })).code).toBe(0);
    await writeFile(path.join(dir, 'data', '2025.yaml'), year);
    const checked = await runCli(['check'], { cwd: dir });
    expect(checked.code, checked.stderr).toBe(0);
    const built = await runCli(['build', '--only', 'html,pptx', '--out', path.join(dir, 'output')], { cwd: dir });
    expect(built.code, built.stderr).toBe(0);
    const deck = await readFile(path.join(dir, 'output', '2025', 'deck.html'), 'utf8');
    expect(deck).toContain('Auser Lodi');
    expect(deck).toContain('Alto Lodigiano');
    await expect(readFile(path.join(dir, 'output', '2025', 'deck.pptx'))).resolves.toBeTruthy();
  }, 120_000);
});
