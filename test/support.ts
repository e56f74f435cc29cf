/** Shared by the tests: the project root, fixture folders, and `check` run on one of them. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, type CheckResult } from '../src/check.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { load, type Loaded } from '../src/load.js';
import { parseSource } from '../src/source.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = path.join(ROOT, 'data');

export const fixtureDir = (name: string) => path.join(ROOT, 'test', 'fixtures', name);

/** `check` on a fixture folder, with paths shown relative to the project root (as a user running from it sees them). */
export function checkFixture(name: string, year?: number): Promise<CheckResult> {
  return check({ dataDir: fixtureDir(name), cwd: ROOT, year });
}

export function checkRealData(year?: number): Promise<CheckResult> {
  return check({ dataDir: DATA, cwd: ROOT, year });
}

/** What a user reads first about a diagnostic: its code, severity and file:line:col. */
export function located(d: Diagnostic): { code: string; severity: string; at: string } {
  return { code: d.code, severity: d.severity, at: d.at ? `${d.at.file}:${d.at.line}:${d.at.col}` : '' };
}

/** The one diagnostic with this code; fails the test when there is none or more than one. */
export function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  if (found.length !== 1) throw new Error(`expected one «${code}», found ${found.length}: ${diagnostics.map((d) => d.code).join(', ')}`);
  return found[0];
}

/** The two-years fixture's rete.yaml and boundaries with year files given as text: for small cases
 * that do not deserve a fixture folder of their own. */
export async function loadedWith(yearFiles: Record<string, string>): Promise<Loaded> {
  const base = await load({ dataDir: fixtureDir('two-years'), cwd: ROOT });
  const years = Object.entries(yearFiles).map(([name, text]) => {
    const { source, diagnostics } = parseSource(name, text);
    if (!source) throw new Error(`${name} does not parse: ${diagnostics.map((d) => d.code).join(', ')}`);
    return { year: Number(name.slice(0, 4)), source };
  });
  return { ...base, years };
}
