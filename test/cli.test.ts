import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { configFrom } from '../src/config.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { DATA, dataCopy, ROOT, runCli, seedFolder } from './support.js';

const run = promisify(execFile);

/** A folder holding the real data as the office had it for the 2025 deck (no later year's file): the
 * tests of `check` on the real data run from it, so that they read the same whichever year is the latest. */
let seed: string;
beforeAll(async () => {
  seed = await seedFolder();
});
afterAll(() => rmSync(seed, { recursive: true, force: true }));
const seedCli = (...argv: string[]) => runCli(argv, { cwd: seed });

const cli = (...argv: string[]) => runCli(argv);

/** The first line of each diagnostic printed: "file:line:col: avviso [code] field". */
const heads = (stderr: string) => stderr.split('\n').filter((l) => /^\S+:\d+:\d+: (errore|avviso) \[/.test(l));

/** The seed's printed figures that do not agree with the data: six warnings, the built year's file first
 * (in file order), then those about earlier years' files, under their own heading. */
const SEED_INCONSISTENCIES = [
  'data/2025.yaml:96:32: avviso [percentuale-diversa] convenzioni › percentuale_comuni_stampata',
  'data/2025.yaml:164:54: avviso [percentuale-diversa] mobilita_sociale › ospedali_pubblici_su_accessi_percentuale_stampata',
  'data/2025.yaml:168:42: avviso [percentuale-diversa] mobilita_sociale › persone_disabili_percentuale_stampata',
  'data/2025.yaml:175:20: avviso [totale-diverso] km_percorsi › totale_stampato',
  'data/2023.yaml:17:20: avviso [totale-diverso] ore_volontariato › totale_stampato',
  'data/2024.yaml:20:20: avviso [totale-diverso] ore_volontariato › totale_stampato',
];

describe('assemblea check on the real data', () => {
  it("exits 0 and lists, in full, the seed's six inconsistencies, the 13 slides the data leaves out and the site rete.yaml lacks", async () => {
    const r = await seedCli('check');
    expect(r.code).toBe(0);
    const others = (h: string) => !h.includes('[diapositiva-omessa]') && !h.includes('[sito-mancante]');
    expect(heads(r.stderr).filter(others)).toEqual(SEED_INCONSISTENCIES);
    expect(heads(r.stderr).filter((h) => h.includes('[diapositiva-omessa]'))).toHaveLength(13);
    // rete.yaml has no sito: one warning, at its organizzazione: line, where the address goes.
    expect(heads(r.stderr).filter((h) => h.includes('[sito-mancante]'))).toEqual(['data/rete.yaml:4:1: avviso [sito-mancante] sito']);
    expect(r.stderr).toContain('il totale stampato è 1.001.148, ma la somma dei dati fa 1.001.248');
    expect(r.stdout).toBe('Controllati 7 file: 0 errori, 20 avvisi.\n');
    // The warnings about the earlier years' files come after this year's, said to be not new.
    const lines = r.stderr.split('\n');
    const head = lines.findIndex((l) => l.startsWith('2 avvisi riguardano i file degli anni precedenti (2023.yaml, 2024.yaml)'));
    expect(head).toBeGreaterThan(lines.findIndex((l) => l.includes('2025.yaml:175:20')));
    expect(lines[head]).toContain('non sono nuovi');
    expect(
      lines
        .slice(head)
        .filter((l) => /^\S+:\d+:\d+: avviso/.test(l))
        .every((l) => /^data\/202[34]\.yaml/.test(l)),
    ).toBe(true);
  });

  it('each left-out slide is named by its title and located at its own field, never at the anno: line', async () => {
    const r = await seedCli('check');
    const leftOut = heads(r.stderr).filter((h) => h.includes('[diapositiva-omessa]'));
    expect(leftOut.filter((h) => h.startsWith('data/2025.yaml:6:'))).toEqual([]);
    // Inside a section that is there: at the section's key.
    expect(leftOut).toContain('data/2025.yaml:155:1: avviso [diapositiva-omessa] mobilita_sociale › assistiti_per_ambito');
    expect(leftOut).toContain('data/2025.yaml:106:1: avviso [diapositiva-omessa] volontari › per_ambito');
    // A whole section missing: where it would be written, before the next section of the schema's order.
    expect(leftOut).toContain('data/2025.yaml:106:1: avviso [diapositiva-omessa] organismi_dirigenti › presidenti');
    expect(leftOut).toContain('data/2025.yaml:177:1: avviso [diapositiva-omessa] aiuto_alla_persona › consegne');
    // The title as the deck would show it, not the outline's id.
    expect(r.stderr).toContain('La diapositiva "Assistiti Auser 2025" non viene mostrata');
    expect(r.stderr).not.toContain('"assistiti-ambiti"');
  });

  it('each left-out slide comes with the lines to add: copied where it says, with the numbers written in, they bring the slide back', async () => {
    const { diagnostics } = JSON.parse((await seedCli('check', '--json')).stdout) as { diagnostics: Diagnostic[] };
    const leftOut = diagnostics.filter((d) => d.code === 'diapositiva-omessa');
    expect(leftOut).toHaveLength(13);
    const original = readFileSync(path.join(DATA, '2025.yaml'), 'utf8').split('\n');
    const work = mkdtempSync(path.join(os.tmpdir(), 'assemblea-example-'));
    try {
      for (const d of leftOut) {
        expect(d.example, d.field).toBeTruthy();
        // "sotto «mobilita_sociale:» (riga 155)": just after that line; "prima di «officine_aiuto:» (riga 177)": just before.
        const [, where, line] = /(sotto|prima di) «[^»]+:» \(riga (\d+)\)/.exec(d.hint!)!;
        expect(Number(line)).toBe(d.at!.line);
        const lines = d.example!.split('\n');
        // Every blank value filled in as the office would: a name for a name, a number for the rest.
        const indent = (l: string) => /^ */.exec(l)![0].length + (/^ *- /.test(l) ? 2 : 0);
        const filled = lines.map((l, i) => {
          const leaf = !lines[i + 1] || indent(lines[i + 1]) <= indent(l);
          if (!leaf) return l;
          return l.replace(/:( #.*)?$/, (_m, note: string | undefined) => `: ${/\bnome:/.test(l) ? 'Ospedale di prova' : '7'}${note ?? ''}`);
        });
        const at = where === 'sotto' ? Number(line) : Number(line) - 1;
        const edited = [...original.slice(0, at), ...filled, ...original.slice(at)].join('\n');
        const data = path.join(work, String(leftOut.indexOf(d)));
        cpSync(path.join(seed, 'data'), data, { recursive: true });
        writeFileSync(path.join(data, '2025.yaml'), edited);
        const after = await check({ dataDir: data, cwd: ROOT });
        expect(
          after.diagnostics.filter((x) => x.severity === 'error'),
          `${d.field}:\n${filled.join('\n')}`,
        ).toEqual([]);
        expect(after.diagnostics.filter((x) => x.code === 'diapositiva-omessa').map((x) => x.field)).not.toContain(d.field);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('a left-out slide as the terminal shows it: the example on lines of its own, at the indentation it takes in the file', async () => {
    const r = await seedCli('check');
    const block = r.stderr.split('\n\n').findIndex((b) => b.startsWith('data/2025.yaml:155:1: avviso [diapositiva-omessa] mobilita_sociale › assistiti_per_ambito'));
    expect(r.stderr.split('\n\n').slice(block, block + 2)).toEqual([
      [
        'data/2025.yaml:155:1: avviso [diapositiva-omessa] mobilita_sociale › assistiti_per_ambito',
        '  La diapositiva "Mobilità sociale: assistiti" non viene mostrata: manca il dato «mobilita_sociale › assistiti_per_ambito».',
        "  Come correggere: Quando il dato c'è, aggiungi nel file dell'anno, sotto «mobilita_sociale:» (riga 155), queste righe, con i numeri dopo i due punti e uno spazio, e la diapositiva comparirà:",
      ].join('\n'),
      '  assistiti_per_ambito:\n    Cremasco:\n    Cremonese:\n    Casalasco:',
    ]);
    // The office guide shows this very warning, as the terminal prints it.
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(
      `\`\`\`\n${r.stderr
        .split('\n\n')
        .slice(block, block + 2)
        .join('\n\n')}\n\`\`\``,
    );
  });

  it('exits 1 with --strict, because of the warnings, and says so in its summary', async () => {
    const r = await seedCli('check', '--strict');
    expect(r.code).toBe(1);
    expect(heads(r.stderr)).toHaveLength(20);
    expect(r.stdout).toBe('Controllati 7 file: 0 errori, 20 avvisi (con --strict gli avvisi contano come errori).\n');
  });

  it('--quiet prints the summary line only (there is no error)', async () => {
    const r = await seedCli('check', '--quiet');
    expect(r).toEqual({ code: 0, stdout: 'Controllati 7 file: 0 errori, 20 avvisi.\n', stderr: '' });
  });

  it("--year 2024 checks up to 2024: the two hours totals remain, and Casalasco's hours flagged against 2023", async () => {
    const r = await seedCli('check', '--year', '2024');
    expect(r.code).toBe(0);
    const figures = heads(r.stderr).filter((h) => !h.includes('[diapositiva-omessa]') && !h.includes('[sito-mancante]'));
    expect(figures.map((h) => h.split(': ')[0])).toEqual(['data/2024.yaml:19:16', 'data/2024.yaml:20:20', 'data/2023.yaml:17:20']);
  });

  it('--json prints the files and the diagnostics as data', async () => {
    const r = await seedCli('check', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { files: string[]; diagnostics: { code: string; at: { file: string; line: number; col: number } }[] };
    expect(out.files).toEqual(['data/rete.yaml', ...[2020, 2021, 2022, 2023, 2024, 2025].map((y) => `data/${y}.yaml`)]);
    expect(out.diagnostics.map((d) => d.at)).toContainEqual({ file: 'data/2025.yaml', line: 175, col: 20 });
  });
});

describe('assemblea check on each bad-input fixture', () => {
  // One per bad input of issue 3 (the huge file is generated by test/source.test.ts, not committed).
  const fixtures = [
    'yaml-syntax',
    'tab-indent',
    'duplicate-key',
    'unknown-field',
    'missing-required-field',
    'wrong-type',
    'negative-count',
    'thousands-separator',
    'unknown-district',
    'cyrillic-district',
    'unknown-municipality',
    'year-mismatch',
    'alias-bomb',
    'multiple-errors',
  ];

  it('every one of them is a folder with rete.yaml and a year file', () => {
    for (const name of fixtures) {
      const files = readdirSync(path.join(ROOT, 'test', 'fixtures', name));
      expect(files, name).toContain('rete.yaml');
      expect(
        files.some((f) => /^\d{4}\.yaml$/.test(f)),
        name,
      ).toBe(true);
    }
  });

  it.each(fixtures)('%s: exits 1 with a located error', async (name) => {
    const r = await cli('check', '--data', `test/fixtures/${name}`);
    expect(r.code).toBe(1);
    const errors = heads(r.stderr).filter((h) => h.includes(': errore ['));
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(new RegExp(`^test/fixtures/${name}/\\d{4}\\.yaml:\\d+:\\d+: errore \\[[a-z-]+\\]`));
    expect(r.stdout).toMatch(/^Controllati \d+ file: [1-9]\d* error[ei], \d+ avvis[oi]\.\n$/);
  });

  it('multiple-errors: every problem in one run, with a summary that counts them', async () => {
    const r = await cli('check', '--data', 'test/fixtures/multiple-errors');
    expect(heads(r.stderr)).toHaveLength(7);
    expect(r.stdout).toBe('Controllati 3 file: 7 errori, 0 avvisi.\n');
  });

  it('two-years: exits 0 with nothing to report but the slides it has no data for and the site it names none of', async () => {
    const r = await cli('check', '--data', 'test/fixtures/two-years');
    expect(r.code).toBe(0);
    expect(heads(r.stderr).filter((h) => !h.includes('[diapositiva-omessa]'))).toEqual(['test/fixtures/two-years/rete.yaml:4:1: avviso [sito-mancante] sito']);
    expect(r.stdout).toMatch(/^Controllati 3 file: 0 errori, \d+ avvisi\.\n$/);
  });

  it('a year with no file exits 1 and says which years there are', async () => {
    const r = await cli('check', '--year', '2019');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Non c'è il file dei dati del 2019.");
  });

  it('a folder with no year files exits 1', async () => {
    const r = await cli('check', '--data', 'test');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Nella cartella «test» non c'è nessun file di un anno (come 2025.yaml).");
    expect(r.stderr).toContain('test/rete.yaml:1:1: errore [rete-assente]');
    expect(r.stderr).toContain('npx assemblea init ANNO');
    expect(r.stdout).toBe('Controllati 0 file: 2 errori, 0 avvisi.\n');
  });
});

describe('usage errors exit 2', () => {
  it('an unknown command', async () => {
    const r = await cli('controlla');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Comando sconosciuto "controlla"\. Forse intendevi "check"\? I comandi sono: init, check, /);
    expect(r.stderr).toContain('Uso: npx assemblea <comando> [opzioni]');
  });

  it('a --year that is not a year', async () => {
    const r = await cli('check', '--year', '25');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--year: "25" non è un anno \(scrivi quattro cifre, per esempio 2025\)\./);
  });

  it('an unknown option, said in Italian only', async () => {
    const r = await cli('check', '--rigoroso');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('Opzione sconosciuta "--rigoroso". Forse intendevi --strict?');
  });

  it('an option without its value, or with one it does not take', async () => {
    const missing = await cli('check', '--year');
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe("L'opzione --year vuole un valore dopo di sé, per esempio --year 2025.");
    const extra = await cli('check', '--strict=si');
    expect(extra.code).toBe(2);
    expect(extra.stderr.split('\n')[0]).toBe("L'opzione --strict non vuole un valore: scrivi solo --strict.");
    // The value left out and the next option typed at once: that option is not taken for the value.
    const next = await cli('build', '--out', '--quiet');
    expect(next.code).toBe(2);
    expect(next.stderr.split('\n')[0]).toBe("L'opzione --out vuole un valore dopo di sé, per esempio --out output.");
    // A short option nobody knows, and no English anywhere.
    const short = await cli('check', '-x');
    expect(short.code).toBe(2);
    expect(short.stderr.split('\n')[0]).toBe('Opzione sconosciuta "-x".');
    for (const r of [missing, extra, next, short]) expect(r.stderr).not.toMatch(/argument|option|Unknown/);
  });

  it('an extra argument', async () => {
    const r = await cli('check', '2025');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Argomento inatteso "2025"\./);
  });

  it('but no command at all shows the help and exits 0', async () => {
    const r = await cli();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Uso: npx assemblea <comando> [opzioni]');
  });
});

describe('the compiled command (dist/ compiled by test/global-setup.ts)', () => {
  it('node bin/assemblea.js check exits 1 on a fixture, with file:line:col on stderr', async () => {
    const r = await run(process.execPath, ['bin/assemblea.js', 'check', '--data', 'test/fixtures/thousands-separator'], { cwd: ROOT }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('test/fixtures/thousands-separator/2025.yaml:5:15: errore [numero-con-punti] soci › per_ambito › Cremasco');
    expect(r.stderr).toContain('Scrivi 3308');
  });

  it('and exits 0 on the real data', async () => {
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'bin', 'assemblea.js'), 'check'], { cwd: seed });
    expect(stdout).toBe('Controllati 7 file: 0 errori, 20 avvisi.\n');
  });
});

describe('a data folder that is not there', () => {
  it('check says the folder does not exist, once, and exits 1', async () => {
    const r = await cli('check', '--data', 'dati-che-non-ci-sono');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('La cartella dei dati «dati-che-non-ci-sono» non esiste.');
    expect(r.stderr).not.toContain('rete.yaml');
    expect(r.stdout).toBe('Controllati 0 file: 1 errore, 0 avvisi.\n');
  });

  it('check says a file given as --data is not a folder', async () => {
    const r = await cli('check', '--data', 'data/2025.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('«data/2025.yaml» è un file, non una cartella di dati.');
  });

  it('schema writes nothing and creates no folder', async () => {
    const r = await cli('schema', '--data', 'dati-che-non-ci-sono');
    expect(r.code).toBe(1);
    expect(readdirSync(ROOT)).not.toContain('dati-che-non-ci-sono');
  });
});

describe('every bad input of the data, as printed by assemblea check', () => {
  // What a user reads first: "file:line:column: errore [code]". Each fixture exits 1 with these lines,
  // so a message that lost its place in the file would fail here.
  const cases: Record<string, string[]> = {
    'yaml-syntax': ['2024.yaml:4:3: errore [yaml-due-punti]', '2025.yaml:4:11: errore [yaml-virgolette]'],
    'tab-indent': ['2025.yaml:5:1: errore [yaml-tab]'],
    'duplicate-key': ['2025.yaml:7:5: errore [yaml-chiave-doppia]'],
    'alias-bomb': ['2025.yaml:4:8: errore [yaml-alias]'],
    'unknown-field': ['2025.yaml:3:1: errore [campo-sconosciuto]', '2025.yaml:10:3: errore [campo-sconosciuto]'],
    'missing-required-field': ['2025.yaml:4:3: errore [ambito-mancante]', '2025.yaml:8:1: errore [campo-mancante]'],
    'wrong-type': ['2025.yaml:5:5: errore [tipo-errato]', '2025.yaml:10:11: errore [non-numero]'],
    'negative-count': ['2025.yaml:7:16: errore [numero-negativo]'],
    'thousands-separator': ['2025.yaml:5:15: errore [numero-con-punti]', '2025.yaml:10:11: errore [numero-con-punti]', '2025.yaml:17:20: errore [numero-con-punti]'],
    'unknown-district': ['2025.yaml:5:5: errore [ambito-sconosciuto]'],
    'cyrillic-district': ['2025.yaml:5:5: errore [lettere-non-latine]'],
    'unknown-municipality': ['2025.yaml:12:11: errore [comune-sconosciuto]', '2025.yaml:17:11: errore [comune-sconosciuto]', '2025.yaml:18:11: errore [comune-sconosciuto]'],
    'year-mismatch': ['2024.yaml:1:7: errore [anno-diverso]'],
  };
  for (const [fixture, expected] of Object.entries(cases)) {
    it(fixture, async () => {
      const dir = path.join('test', 'fixtures', fixture);
      const r = await cli('check', '--data', dir);
      expect(r.code).toBe(1);
      const errors = heads(r.stderr).filter((l) => l.includes(': errore ['));
      expect(errors.map((l) => l.replace(/\] .*$/, ']'))).toEqual(expected.map((e) => `${dir}/${e}`));
    });
  }
});

describe('the command line, as people type it', () => {
  it('build --help: the help of that command alone, with its options and examples', async () => {
    for (const argv of [
      ['build', '--help'],
      ['build', '-h'],
      ['help', 'build'],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Uso: npx assemblea build \[opzioni\]\n/);
      expect(r.stdout).toContain('--only TIPI');
      expect(r.stdout).toContain('  pdf      ');
      expect(r.stdout).toContain('npx assemblea build --only html');
      // Not another command's options.
      expect(r.stdout).not.toContain('--port');
    }
    const dev = await cli('dev', '--help');
    expect(dev.stdout).toMatch(/^Uso: npx assemblea dev \[opzioni\]/);
    expect(dev.stdout).toContain('--port N');
    expect(dev.stdout).not.toContain('--only');
    expect((await cli('new-year', '--help')).stdout).toMatch(/^Uso: npx assemblea new-year ANNO \[opzioni\]/);
  });

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) expect(await cli(flag)).toEqual({ code: 0, stdout: `assemblea ${version}\n`, stderr: '' });
    expect((await cli('build', '--version')).stdout).toBe(`assemblea ${version}\n`);
  });

  it('a misspelt command: "did you mean", exit 2', async () => {
    const r = await cli('biuld');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('Comando sconosciuto "biuld". Forse intendevi "build"? I comandi sono: init, check, build, schema, new-year, dev.');
    expect((await cli('chek')).stderr).toContain('Forse intendevi "check"?');
    expect((await cli('newyear', '2026')).stderr).toContain('Forse intendevi "new-year"?');
    // Nothing close: no guess.
    expect((await cli('pippo')).stderr.split('\n')[0]).toBe('Comando sconosciuto "pippo". I comandi sono: init, check, build, schema, new-year, dev.');
  });

  it('a misspelt option: "did you mean", and where that command\'s help is', async () => {
    const r = await cli('check', '--yaer', '2024');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Opzione sconosciuta "--yaer". Forse intendevi --year?\nPer l\'aiuto: npx assemblea check --help\n');
    expect((await cli('build', '--anno', '2024')).stderr.split('\n')[0]).toBe('Opzione sconosciuta "--anno". Forse intendevi --year?');
    expect((await cli('build', '--onyl=html')).stderr.split('\n')[0]).toBe('Opzione sconosciuta "--onyl". Forse intendevi --only?');
  });

  it('run from a subfolder of the project, it finds the data and puts output/ beside it', async () => {
    const sub = path.join(seed, 'test', 'fixtures');
    mkdirSync(sub, { recursive: true });
    const r = await runCli(['check'], { cwd: sub });
    expect(r.code).toBe(0);
    // The same check as from the project's folder.
    expect(r.stdout).toBe((await seedCli('check')).stdout);
    expect(r.stdout).toMatch(/^Controllati 7 file: 0 errori/);
    expect(r.stderr).toContain(`${path.join('..', '..', 'data', '2025.yaml')}:`);
    const config = configFrom(['build'], {}, path.join(ROOT, 'data', 'geo'), false);
    expect(config).toMatchObject({ dataDir: path.join(ROOT, 'data'), outDir: path.join(ROOT, 'output') });
    // What the user types is still read from where they are.
    expect(configFrom(['build', '--out', 'qui'], {}, path.join(ROOT, 'test'), false)).toMatchObject({ outDir: path.join(ROOT, 'test', 'qui') });
  });

  it('run outside any project: says where it looked, with the absolute path, and where to run it', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'assemblea-fuori-'));
    try {
      const r = await runCli(['build'], { cwd: outside });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`ho cercato una cartella «data» in ${outside} e in ogni cartella sopra`);
      expect(r.stderr).toContain('Lancia il comando nella cartella del progetto (quella che contiene data/');
      expect(r.stderr).toContain('--data');
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('--year far from the data lists the years there are; new-year is offered only for the year after the latest', async () => {
    const far = await seedCli('check', '--year', '2030');
    expect(far.code).toBe(1);
    expect(far.stderr).toContain("Non c'è il file dei dati del 2030. Gli anni che ci sono: 2020, 2021, 2022, 2023, 2024, 2025.");
    expect(far.stderr).not.toContain('new-year');
    expect((await seedCli('check', '--year', '2019')).stderr).not.toContain('new-year');
    const next = await seedCli('check', '--year', '2026');
    expect(next.stderr).toContain('npx assemblea new-year 2026');
  });
});

describe('diagnostics are printed in one place', () => {
  const src = (name: string) => readFileSync(path.join(ROOT, 'src', name), 'utf8');
  it('only cli.ts formats diagnostics for the terminal, and no stage imports cli.ts', () => {
    const files = readdirSync(path.join(ROOT, 'src')).filter((f) => f.endsWith('.ts'));
    const formatting = files.filter((f) => f !== 'cli.ts' && f !== 'diagnostics.ts' && /formatDiagnostic\(|printDiagnostics\(|printBuildDiagnostics\(/.test(src(f)));
    expect(formatting).toEqual([]);
    const importingCli = files.filter((f) => f !== 'cli.ts' && /from '\.\/cli\.js'/.test(src(f)));
    expect(importingCli).toEqual([]);
  });

  it('a template mistake reaches the one catch as a located diagnostic: --json carries it too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assemblea-cli-modelli-'));
    try {
      await dataCopy(path.join(dir, 'data'));
      mkdirSync(path.join(dir, 'data', 'modelli', 'partials'), { recursive: true });
      writeFileSync(path.join(dir, 'data', 'modelli', 'partials', 'facts.hbs'), '<ul>\n{{> fatti}}\n</ul>\n');
      const r = await runCli(['build', '--only', 'html', '--json'], { cwd: dir });
      expect(r.code).toBe(1);
      const summary = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; at: { file: string; line: number } }[] };
      expect(summary.ok).toBe(false);
      expect(summary.diagnostics.map((d) => [d.code, d.at.file, d.at.line])).toEqual([['modello-errato', path.join('data', 'modelli', 'partials', 'facts.hbs'), 2]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
