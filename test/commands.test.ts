/** `assemblea build` as the user sees it: each step with its time on a terminal, nothing of the kind in a
 * pipe or with --quiet, and --json as a summary of outputs, warnings and timings (errors too). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDir, ROOT, runCli } from './support.js';

const out = mkdtempSync(path.join(os.tmpdir(), 'assemblea-progress-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const cli = (tty: boolean, ...argv: string[]) => runCli(argv, { tty });

const STEP = /^ {2}(controllo dei dati|calcoli|modelli|grafici|pagine|scrittura) +[\d.]+ ms$/;
const steps = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => STEP.test(l))
    .map((l) => l.trim().split(/ {2,}/)[0]);
const BUILD = ['build', '--only', 'html', '--out', out, '--data', fixtureDir('two-years')];

describe('build progress', () => {
  it('on a terminal: every step, in order, with its time; then where the files are', async () => {
    const r = await cli(true, ...BUILD);
    expect(r.code).toBe(0);
    expect(steps(r.stderr)).toEqual(['controllo dei dati', 'calcoli', 'modelli', 'grafici', 'pagine', 'scrittura']);
    expect(r.stdout).toMatch(
      /^Creati in .+2025 \([\d,]+ s\), con \d+ avvisi: la presentazione \(deck\.html\) e la pagina di revisione \(revisione\.html\)\.\nApri .+2025\/deck\.html per presentare\.\n$/,
    );
  });

  it('the end of a build: what was made, where and the next step; every file, one a line, only with --verbose (issue 19)', async () => {
    const plain = await cli(false, ...BUILD);
    expect(plain.stdout).not.toContain('I file creati');
    const r = await cli(false, ...BUILD, '--verbose');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(2)).toEqual(['I file creati:', '  deck.html', '  revisione.html', '']);
    // The same two lines first: what, where, next.
    expect(r.stdout.split('\n')[1]).toBe(plain.stdout.split('\n')[1]);
    expect(r.stdout.split('\n')[0]).toMatch(/^Creati in .+: la presentazione \(deck\.html\) e la pagina di revisione \(revisione\.html\)\.$/);
  });

  it('quiet in a pipe, and with --quiet on a terminal', async () => {
    expect(steps((await cli(false, ...BUILD)).stderr)).toEqual([]);
    expect(steps((await cli(true, ...BUILD, '--quiet')).stderr)).toEqual([]);
  });

  it('--json: outputs, warnings and timings as data, and nothing else on stdout', async () => {
    const r = await cli(true, ...BUILD, '--json');
    expect(r.code).toBe(0);
    expect(steps(r.stderr)).toEqual([]);
    const summary = JSON.parse(r.stdout) as { ok: boolean; year: number; output: string; files: string[]; diagnostics: { code: string }[]; timings: { step: string; ms: number }[]; totalMs: number };
    expect(summary).toMatchObject({ ok: true, year: 2025, files: ['deck.html', 'revisione.html'] });
    expect(path.resolve(ROOT, summary.output)).toBe(path.join(out, '2025'));
    expect(summary.timings.map((t) => t.step)).toEqual(['controllo dei dati', 'calcoli', 'modelli', 'grafici', 'pagine', 'scrittura']);
    expect(summary.timings.every((t) => t.ms >= 0)).toBe(true);
    expect(summary.totalMs).toBeGreaterThanOrEqual(summary.timings.reduce((a, t) => a + t.ms, 0) - 1);
    expect(Array.isArray(summary.diagnostics)).toBe(true);
  });

  it('--json with errors in the data: exit 1 and the errors as data', async () => {
    const r = await cli(false, 'build', '--only', 'html', '--out', out, '--data', fixtureDir('thousands-separator'), '--json');
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; severity: string }[] };
    expect(summary.ok).toBe(false);
    expect(summary.diagnostics.map((d) => d.code)).toContain('numero-con-punti');
  });
});

describe('warnings: the same in check and build, grouped on the terminal', () => {
  // The real data's 2025 deck, whichever year is the latest in data/.
  const REAL = ['build', '--only', 'html', '--out', out, '--year', '2025'];

  it('build --json reports exactly the warnings check --json reports, under the same key', async () => {
    const checked = JSON.parse((await cli(false, 'check', '--json', '--year', '2025')).stdout) as { ok: boolean; diagnostics: unknown[] };
    const built = JSON.parse((await cli(false, ...REAL, '--json')).stdout) as { ok: boolean; diagnostics: unknown[] };
    expect(checked.diagnostics).toHaveLength(20);
    expect(built.diagnostics).toEqual(checked.diagnostics);
    // Both say whether they succeeded the same way, and a failed build lists its errors under that key too.
    expect([checked.ok, built.ok]).toEqual([true, true]);
    expect(Object.keys(built)).not.toContain('warnings');
  });

  it('a first build of the real data prints one line per kind of warning, with a count, and where the full text is', async () => {
    const r = await cli(false, ...REAL);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`20 avvisi (il testo completo, con file, riga e come correggere: "npx assemblea check" o ${path.relative(ROOT, out)}/2025/revisione.html):`);
    expect(lines.slice(1)).toEqual([
      '  3 percentuali stampate che non tornano con i dati: convenzioni › percentuale_comuni_stampata; mobilita_sociale › ospedali_pubblici_su_accessi_percentuale_stampata; mobilita_sociale › persone_disabili_percentuale_stampata',
      "  13 diapositive non mostrate perché mancano i dati: Volontari per ambito; Presidenti, organismi dirigenti e vita dell'associazione; I presidenti Auser; Comitati direttivi; Mobilità sociale: assistiti; Mobilità sociale: interventi; Accessi per ospedale pubblico; Accesso alle strutture private; Consegna pasti, spesa e farmaci; Compagnia telefonica e di persona; Segretariato sociale; Persone raggiunte; Assistiti Auser 2025",
      '  1 totale stampato che non torna con la somma dei dati: km_percorsi › totale_stampato',
      '  1 indirizzo del sito che manca: sito (rete.yaml)',
      "  2 avvisi riguardano i file degli anni precedenti (2023.yaml, 2024.yaml), non quello di quest'anno: non sono nuovi, e ricompaiono a ogni costruzione finché quei file restano così. Se li avete già controllati, non serve altro:",
      '    2 totali stampati che non tornano con la somma dei dati: ore_volontariato › totale_stampato (2023.yaml); ore_volontariato › totale_stampato (2024.yaml)',
    ]);
    expect(r.stdout).toMatch(
      /^Creati in .+2025 \([\d,]+ s\), con 20 avvisi: la presentazione \(deck\.html\) e la pagina di revisione \(revisione\.html\)\.\nApri .+2025\/deck\.html per presentare\.\n$/,
    );
    // The README shows the same lines (cut short with "…") under "Che cosa stampa la prima volta".
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const sample = readme.slice(readme.indexOf('**Che cosa stampa la prima volta.**')).split('```')[1].trim().split('\n');
    expect(sample[0]).toBe(lines[0].replace(`${path.relative(ROOT, out)}/`, 'output/'));
    for (const [i, l] of sample.slice(1).entries()) expect(lines[i + 1].startsWith(l.replace(/…$/, ''))).toBe(true);
    expect(readme).toContain(`con ${20} avvisi`);
  });

  it('--quiet: the summary line only; --strict says the warnings count as errors', async () => {
    const quiet = await cli(false, ...REAL, '--quiet');
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(
      /^Creati in .+2025 \([\d,]+ s\), con 20 avvisi: la presentazione \(deck\.html\) e la pagina di revisione \(revisione\.html\)\.\nApri .+2025\/deck\.html per presentare\.\n$/,
    );
    const strict = await cli(false, ...REAL, '--quiet', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('con 20 avvisi (con --strict contano come errori)');
  });

  it('a build stopped by errors prints the errors in full, and with --quiet nothing else', async () => {
    const r = await cli(false, 'build', '--only', 'html', '--out', out, '--data', fixtureDir('thousands-separator'), '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('errore [numero-con-punti] soci › per_ambito › Cremasco');
    expect(r.stderr).toContain('Come correggere: Scrivi 3308');
    expect(r.stderr.trim().split('\n').at(-1)).toBe('Interrotto: 3 errori, 0 avvisi.');
  });
});
