/** `assemblea build` as the user sees it: each step with its time on a terminal, nothing of the kind in a
 * pipe or with --quiet, and --json as a summary of outputs, warnings and timings (errors too). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDir, ROOT, runCli } from './support.js';

const out = mkdtempSync(path.join(os.tmpdir(), 'assemblea-progress-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const cli = (tty: boolean, ...argv: string[]) => runCli(argv, { tty });

const STEP = /^ {2}(controllo dei dati|calcoli|modelli|grafici|pagine|scrittura) +[\d.]+ ms$/;
const steps = (stderr: string) => stderr.split('\n').filter((l) => STEP.test(l)).map((l) => l.trim().split(/ {2,}/)[0]);
const BUILD = ['build', '--only', 'html', '--out', out, '--data', fixtureDir('two-years')];

describe('build progress', () => {
  it('on a terminal: every step, in order, with its time; then where the files are', async () => {
    const r = await cli(true, ...BUILD);
    expect(r.code).toBe(0);
    expect(steps(r.stderr)).toEqual(['controllo dei dati', 'calcoli', 'modelli', 'grafici', 'pagine', 'scrittura']);
    expect(r.stdout).toMatch(/^Creati in .+2025 \([\d,]+ s\): deck\.html, revisione\.html\n$/);
  });

  it('quiet in a pipe, and with --quiet on a terminal', async () => {
    expect(steps((await cli(false, ...BUILD)).stderr)).toEqual([]);
    expect(steps((await cli(true, ...BUILD, '--quiet')).stderr)).toEqual([]);
  });

  it('--json: outputs, warnings and timings as data, and nothing else on stdout', async () => {
    const r = await cli(true, ...BUILD, '--json');
    expect(r.code).toBe(0);
    expect(steps(r.stderr)).toEqual([]);
    const summary = JSON.parse(r.stdout) as { ok: boolean; year: number; output: string; files: string[]; warnings: { code: string }[]; timings: { step: string; ms: number }[]; totalMs: number };
    expect(summary).toMatchObject({ ok: true, year: 2025, files: ['deck.html', 'revisione.html'] });
    expect(path.resolve(ROOT, summary.output)).toBe(path.join(out, '2025'));
    expect(summary.timings.map((t) => t.step)).toEqual(['controllo dei dati', 'calcoli', 'modelli', 'grafici', 'pagine', 'scrittura']);
    expect(summary.timings.every((t) => t.ms >= 0)).toBe(true);
    expect(summary.totalMs).toBeGreaterThanOrEqual(summary.timings.reduce((a, t) => a + t.ms, 0) - 1);
    expect(Array.isArray(summary.warnings)).toBe(true);
  });

  it('--json with errors in the data: exit 1 and the errors as data', async () => {
    const r = await cli(false, 'build', '--only', 'html', '--out', out, '--data', fixtureDir('thousands-separator'), '--json');
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; severity: string }[] };
    expect(summary.ok).toBe(false);
    expect(summary.diagnostics.map((d) => d.code)).toContain('numero-con-punti');
  });
});
