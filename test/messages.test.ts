/** The messages as the office's guide lists them: every code the program can emit (the closed list in
 * src/codes.ts, which the type checker holds every diagnostic to) is in the README's tables under
 * «Controllare i dati», and the README names no other. A code in the list that no source file gives to a
 * diagnostic any more is dead and fails here too. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../src/codes.js';
import { ROOT } from './support.js';

/** The source files that make diagnostics (all of src/ but the list itself), joined. */
function sources(): string {
  const dir = path.join(ROOT, 'src');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.ts') && n !== 'codes.ts')
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

/** The codes in the first column of the tables of the office guide's «Controllare i dati». */
function listed(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Controllare i dati'), readme.indexOf('# Developer guide'));
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...l.split('|')[1].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]));
}

describe("the README's list of messages", () => {
  it('holds each code once, and each is still given to a diagnostic somewhere in the source', () => {
    expect(
      CODES.filter((c, i) => CODES.indexOf(c) !== i),
      'in src/codes.ts twice',
    ).toEqual([]);
    const text = sources();
    expect(
      CODES.filter((c) => !text.includes(`'${c}'`)),
      'listed in src/codes.ts, used nowhere',
    ).toEqual([]);
  });

  it('names every code the program emits, once, and no other', () => {
    const inReadme = listed();
    expect(
      inReadme.filter((c, i) => inReadme.indexOf(c) !== i),
      'listed twice',
    ).toEqual([]);
    const codes: readonly string[] = CODES;
    expect(codes.filter((c) => !inReadme.includes(c)).sort(), 'emitted, not in the README').toEqual([]);
    expect(inReadme.filter((c) => !codes.includes(c)).sort(), 'in the README, never emitted').toEqual([]);
  });

  it('lists voce-ripetuta as a warning, as the program makes it, and the repeated municipality as an error', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const source = readFileSync(path.join(ROOT, 'src', 'validate.ts'), 'utf8');
    // Every voce-ripetuta the program makes is a warning...
    const made = [...source.matchAll(/diagnostic\('voce-ripetuta'[^;]*;/g)].map((m) => m[0]);
    expect(made.length).toBeGreaterThan(0);
    for (const call of made) expect(call).toContain("'warning'");
    // ...and the README has it in the table of warnings; comune-ripetuto among the errors.
    const warnings = readme.slice(readme.indexOf('| Avviso | Che cosa è successo'), readme.indexOf('### Tutti gli altri messaggi'));
    expect(warnings).toMatch(/^\| `voce-ripetuta` \|/m);
    expect(readme).toMatch(/^\| `comune-ripetuto` \| errore \|/m);
  });
});
