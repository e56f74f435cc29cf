/** `assemblea new-year`: the latest year's file -> next year's, every figure blank with last year's value
 * beside it; never over an existing file; `check` then lists each blank as missing, at its line. */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { msg, say } from '../src/messages.js';
import { newYearFile } from '../src/new-year.js';
import { yearSchema } from '../src/schema.js';
import { parseSource } from '../src/source.js';
import { DATA, fixtureDir, located, runCli, seedFolder } from './support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of a data folder in a temporary working folder, as `data/`. */
function copyOf(dataDir: string): string {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'assemblea-new-year-'));
  dirs.push(cwd);
  cpSync(dataDir, path.join(cwd, 'data'), { recursive: true });
  return cwd;
}

/** The real data as the office had it for the 2025 deck (no later year's file), in a temporary working folder. */
async function seedCopy(): Promise<string> {
  const cwd = await seedFolder();
  dirs.push(cwd);
  return cwd;
}

const cli = (cwd: string, ...argv: string[]) => runCli(argv, { cwd });

const schema = yearSchema({ districts: ['Cremasco', 'Cremonese', 'Casalasco'], municipalities: ['Crema', 'Cremona'] });

describe('the new file (pure)', () => {
  const latest = (text: string) => ({ year: 2025, source: parseSource('2025.yaml', text).source! });

  it("keeps the structure and the texts, blanks every figure and says last year's value and what it means", () => {
    const text = [
      '# yaml-language-server: $schema=./schema/anno.schema.json',
      '# Dati del 2025.',
      'anno: 2025',
      'assemblea:',
      '  titolo: Assemblea dei soci',
      '  data: 2026-05-16',
      'soci:',
      '  per_ambito:',
      '    Cremasco: 3503 # contati a marzo',
      '  totale_stampato: 3503',
      'rete:',
      '  provinciali: 2',
      '',
    ].join('\n');
    const r = newYearFile(latest(text), 2026, schema);
    // Two figures (Cremasco, provinciali) and one text that changes every year (the date).
    expect([r.figures, r.texts]).toEqual([2, 1]);
    expect(r.text).toBe(
      [
        '# yaml-language-server: $schema=./schema/anno.schema.json',
        '# Dati del 2026, da completare. Creato con "npx assemblea new-year 2026" copiando la struttura del 2025.',
        '# Ogni numero è vuoto: scrivilo dopo i due punti e uno spazio, con le cifre senza punti (1217, non 1.217). Il commento',
        "# accanto, dopo il #, dice che cos'è e quanto era nel 2025: si può lasciare o cancellare.",
        '# I testi (titoli, nomi, elenchi di comuni) sono quelli del 2025: controllali.',
        "# Un dato facoltativo che quest'anno non c'è si toglie con la sua riga.",
        '# "npx assemblea check" elenca i dati che mancano ancora, ciascuno con la sua riga.',
        '',
        'anno: 2026',
        "# L'assemblea in cui si presentano questi dati.",
        'assemblea:',
        "  titolo: Assemblea dei soci # Titolo dell'assemblea, in copertina.",
        "  data: # Data dell'assemblea, nella forma AAAA-MM-GG (per esempio 2026-05-16). Nel 2025: 2026-05-16",
        "# Soci: i tesserati dell'anno.",
        'soci:',
        '  # Soci tesserati per ambito.',
        '  per_ambito:',
        '    Cremasco: # Nel 2025: 3503',
        '# La rete: associazioni per ambito e per tipo.',
        'rete:',
        '  provinciali: # Associazioni di livello provinciale, fuori dagli ambiti. Nel 2025: 2',
        '',
      ].join('\n'),
    );
  });

  it('names list items and says each meaning once, not on every item', () => {
    const text = 'anno: 2025\nconvenzioni:\n  controparti:\n    - nome: Enti locali\n      numero: 50\n    - nome: Tribunale\n      numero: 1\n  per_ambito: {}\n';
    const r = newYearFile(latest(text), 2026, schema);
    expect(r.text).toContain('    - nome: Enti locali # Con chi è stipulata la convenzione (per esempio "Enti locali").\n      numero: # Numero di convenzioni. Nel 2025: 50\n');
    expect(r.text).toContain('    - nome: Tribunale\n      numero: # Nel 2025: 1\n');
  });

  it('points at a text that still names last year', () => {
    const r = newYearFile(latest('anno: 2025\nestate:\n  titolo: E-state 2025\n  iscritti: 267\n'), 2026, schema);
    expect(r.text).toContain('titolo: E-state 2025 # Controlla: il testo parla del 2025.\n');
  });
});

describe('npx assemblea new-year', () => {
  it('writes data/2026.yaml from the latest year, keeping the schema line, and says how many figures to fill in', async () => {
    const cwd = await seedCopy();
    const r = await cli(cwd, 'new-year', '2026');
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(cwd, 'data', '2026.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/anno.schema.json');
    expect(text).toMatch(/^anno: 2026$/m);
    expect(text).toContain('    Cremasco: # Nel 2025: 3503\n');
    expect(text).not.toMatch(/_stampat[oa]:/);
    const blanks = (text.match(/: # .*Nel 2025: /g) ?? []).length;
    expect(blanks).toBe(84);
    // 82 figures, as the review page counts them, and 2 yearly texts (the assembly's date, the academic year).
    expect(r.stdout).toBe(`${say.newYearWritten(path.join('data', '2026.yaml'), 2025, 82, 2)}\n`);
    expect(r.stdout).toContain('82 dati da scrivere e 2 date o testi da aggiornare');
  });

  it('never overwrites an existing file: exit 1, an Italian error at the file, the file untouched', async () => {
    const cwd = copyOf(fixtureDir('two-years'));
    const target = path.join(cwd, 'data', '2026.yaml');
    writeFileSync(target, 'anno: 2026\n# già iniziato\n');
    const r = await cli(cwd, 'new-year', '2026');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join('data', '2026.yaml')}:1:1: errore [anno-esistente]`);
    expect(r.stderr).toContain('esiste già: new-year non lo sovrascrive.');
    expect(readFileSync(target, 'utf8')).toBe('anno: 2026\n# già iniziato\n');
    // An existing year, and the .yml spelling of the same year, are refused too.
    expect((await cli(cwd, 'new-year', '2025')).code).toBe(1);
    writeFileSync(path.join(cwd, 'data', '2027.yml'), 'anno: 2027\n');
    expect((await cli(cwd, 'new-year', '2027')).stderr).toContain('2027.yml:1:1: errore [anno-esistente]');
  });

  it('a year after a missing one stops and says which file is missing, unless --allow-gap asks for it', async () => {
    const cwd = copyOf(fixtureDir('two-years'));
    const r = await cli(cwd, 'new-year', '2027');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('errore [anno-saltato]');
    expect(r.stderr).toContain("L'ultimo file dei dati è del 2025: creando il 2027 resterebbe senza dati il 2026");
    expect(r.stderr).toContain("i dati del 2026, presentati all'assemblea della primavera del 2027, vanno in 2026.yaml.");
    expect(r.stderr).toContain('"npx assemblea new-year 2026"');
    expect(existsSync(path.join(cwd, 'data', '2027.yaml'))).toBe(false);
    const gap = await cli(cwd, 'new-year', '2027', '--allow-gap');
    expect(gap.code).toBe(0);
    expect(readFileSync(path.join(cwd, 'data', '2027.yaml'), 'utf8')).toMatch(/^anno: 2027$/m);
  });

  it('the existing-file message says how to go on', () => {
    expect(say.yearFileExists('data/2026.yaml', 2026)).toEqual({
      message: 'Il file «data/2026.yaml» esiste già: new-year non lo sovrascrive.',
      hint: 'Per completarlo, aprilo e scrivi i dati che mancano ("npx assemblea check" li elenca). Per ricominciare da capo, rinominalo o cancellalo e rilancia "npx assemblea new-year 2026".',
    });
  });

  it('check then lists every blank figure as missing, each at its own line, and nothing else', async () => {
    const cwd = await seedCopy();
    await cli(cwd, 'new-year', '2026');
    const text = readFileSync(path.join(cwd, 'data', '2026.yaml'), 'utf8');
    const blankLines = text.split('\n').flatMap((l, i) => (/^\s*(- )?[^#\s][^:#]*: # /.test(l) ? [i + 1] : []));
    const r = await check({ dataDir: path.join(cwd, 'data'), cwd });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(new Set(errors.map((d) => d.code))).toEqual(new Set(['valore-mancante']));
    expect(errors.map((d) => d.at!.line).sort((a, b) => a - b)).toEqual(blankLines);
    expect(errors.every((d) => d.at!.file === path.join('data', '2026.yaml'))).toBe(true);
    const soci = errors.find((d) => d.field === 'soci › per_ambito › Cremasco')!;
    expect(located(soci)).toEqual({ code: 'valore-mancante', severity: 'error', at: `${path.join('data', '2026.yaml')}:${text.split('\n').indexOf('    Cremasco: # Nel 2025: 3503') + 1}:5` });
    expect(soci.message).toBe('Manca il valore (dato obbligatorio nella sezione «soci»): qui ci vuole un numero.');
    expect(soci.hint).toBe("Scrivi il valore dopo i due punti (per un numero, 0 se non c'è nulla da contare); se quest'anno la sezione soci non c'è del tutto, togli la sezione intera.");
  });

  it('says which blanks are optional, and names list items by their name', async () => {
    const cwd = await seedCopy();
    await cli(cwd, 'new-year', '2026');
    const errors = (await check({ dataDir: path.join(cwd, 'data'), cwd })).diagnostics;
    const byField = (f: string) => errors.find((d) => d.field === f)!;
    expect(byField('mobilita_sociale › persone_disabili').message).toBe('Manca il valore (dato facoltativo): qui ci vuole un numero.');
    expect(byField('mobilita_sociale › persone_disabili').hint).toBe("Scrivi il valore dopo i due punti; se quest'anno il dato non c'è, togli la riga.");
    expect(byField('mobilita_sociale › interventi').message).toBe('Manca il valore (dato obbligatorio nella sezione «mobilita_sociale»): qui ci vuole un numero.');
    expect(byField('convenzioni › controparti › ASST di Cremona › numero').message).toContain('dato obbligatorio');
    expect(byField("officine_aiuto › Officina dell'aiuto Crema › km").message).toContain('dato facoltativo');
    expect(errors.filter((d) => d.field?.includes('voce '))).toEqual([]);
  });

  it('once every blank is filled in, check passes', async () => {
    const cwd = await seedCopy();
    await cli(cwd, 'new-year', '2026');
    const file = path.join(cwd, 'data', '2026.yaml');
    // Last year's figure, typed where the blank is (the date and the academic year are texts).
    const filled = readFileSync(file, 'utf8').replace(/: # (?:.*? )?Nel 2025: (\S+)$/gm, (_m, v: string) => `: ${v === '2026-05-16' ? '2027-05-15' : v === '2024/25' ? '2025/26' : v}`);
    writeFileSync(file, filled);
    const r = await check({ dataDir: path.join(cwd, 'data'), cwd });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.dataset?.year).toBe(2026);
    // The review page counts the figures new-year said were to be written.
    const built = await cli(cwd, 'build', '--only', 'html');
    expect(built.code).toBe(0);
    const page = readFileSync(path.join(cwd, 'output', '2026', 'revisione.html'), 'utf8');
    expect(page).toMatch(/82 dati/);
  });
});

describe("the README's steps for a new year", () => {
  const readme = readFileSync(path.join(DATA, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Un anno nuovo'), readme.indexOf('## Anteprima dal vivo'));
  const steps = section.split(/\n(?=\d\. )/).slice(1);

  it('review the page where it already exists: in the preview, before the build that writes it', () => {
    const review = steps.findIndex((s) => s.includes('revisione.html'));
    const build = steps.findIndex((s) => s.includes('npx assemblea build'));
    expect(review).toBeGreaterThanOrEqual(0);
    expect(steps[review]).toContain('npx assemblea dev');
    expect(steps[review]).toContain('http://localhost:4173/revisione.html');
    // The written file is named only with (or after) the build that writes it.
    const written = steps.findIndex((s) => s.includes('output/2026/revisione.html'));
    expect(written).toBe(build);
  });

  it('quote what new-year and check really say', () => {
    const flat = section.replace(/\s+/g, ' ');
    expect(flat).toContain(
      say
        .newYearWritten('x', 2025, 82, 2)
        .split('\n')[0]
        .replace(/^.*: /, '')
        .replace(/ \(accanto.*$/, ''),
    );
    expect(flat).toContain(msg.emptyValue('un numero', { section: 'soci' }).message.replace(/\.$/, ''));
  });
});
