/** The messages as the office's guide lists them: every code the program can emit is in the README's
 * tables under «Controllare i dati», and the README names no code the program does not emit. The codes
 * are read from the source where diagnostics are made (diagnostic('code', ...), warn('code', ...),
 * one('code', ...), new XError('code', ...), { code: 'code' }...), so a new code without a line in the
 * guide fails here. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support.js';

const CODE = String.raw`'([a-z0-9]+(?:-[a-z0-9]+)+)'`;
/** Where a code is given to a diagnostic: the first argument of the functions that make one, a `code:`
 * property, a constant named ..._CODE, a default (`?? 'code'`), or either side of a choice between two. */
const MADE = new RegExp(String.raw`(?:\b(?:diagnostic|warn|here|one|fail|super)\(\s*|Error\(\s*|\bcode:\s*|_CODE\s*=\s*|\?\?\s*)${CODE}`, 'g');
const EITHER = new RegExp(String.raw`\?\s*${CODE}\s*:\s*${CODE}`, 'g');

function emitted(): Set<string> {
  const codes = new Set<string>();
  const dir = path.join(ROOT, 'src');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(MADE)) codes.add(m[1]);
    for (const m of text.matchAll(EITHER)) m.slice(1).forEach((c) => codes.add(c));
  }
  return codes;
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
  it('reads the codes from the source (a sanity check of the reading)', () => {
    const codes = emitted();
    expect(codes.size).toBeGreaterThan(90);
    // One of each way a code is given: a call, a property, a constant, a default, a choice, an error class.
    for (const c of ['numero-con-punti', 'spazi-nel-nome', 'variazione-sospetta', 'modello-errato', 'ambito-mancante', 'campo-mancante', 'stampa-scaduta', 'browser-assente', 'totale-diverso', 'yaml-tab']) {
      expect(codes, c).toContain(c);
    }
    // ...and no string that is not a code (an HTTP header, a chart size).
    for (const c of ['content-type', 'half-short', 'new-year']) expect(codes).not.toContain(c);
  });

  it('names every code the program emits, once, and no other', () => {
    const inReadme = listed();
    expect(inReadme.filter((c, i) => inReadme.indexOf(c) !== i), 'listed twice').toEqual([]);
    const codes = emitted();
    expect([...codes].filter((c) => !inReadme.includes(c)).sort(), 'emitted, not in the README').toEqual([]);
    expect(inReadme.filter((c) => !codes.has(c)).sort(), 'in the README, never emitted').toEqual([]);
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
