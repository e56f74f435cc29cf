/** Careless edits of the real data (a file saved in the wrong encoding, a pasted odd space, a district
 * renamed in rete.yaml, a year file deleted...): each copy of data/ gets one mutation in a temporary
 * folder, and `assemblea check` must exit with the right code and say, in Italian, where and what. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { dataCopy, runCli } from '../support.js';

const made: string[] = [];
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

/** A copy of data/ with `edit` applied; paths in messages are shown relative to it. */
async function mutated(edit: (dir: string) => Promise<void>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'assemblea-careless-'));
  made.push(root);
  const dir = await dataCopy(path.join(root, 'data'));
  await edit(dir);
  return dir;
}

const replace = (file: string, from: string | RegExp, to: string) => async (dir: string) => {
  const p = path.join(dir, file);
  const text = await readFile(p, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${from} not in ${file}`);
  await writeFile(p, next);
};

/** `assemblea check --json` on the mutated copy: exit code and diagnostics other than the seed's own warnings. */
async function checkAfter(edit: (dir: string) => Promise<void>): Promise<{ code: number; diagnostics: Diagnostic[] }> {
  const dir = await mutated(edit);
  const r = await runCli(['check', '--data', '.', '--json'], { cwd: dir });
  // The real data's own: its printed figures that do not agree, the slides it has no data for, and the
  // site address rete.yaml does not give.
  const seed = new Set(['totale-diverso', 'percentuale-diversa', 'diapositiva-omessa', 'sito-mancante']);
  const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
  return { code: r.code, diagnostics: diagnostics.filter((d) => !seed.has(d.code)) };
}

const where = (d: Diagnostic) => `${d.at?.file}:${d.at?.line}:${d.at?.col}`;

/** The one diagnostic left, with its code, severity and place. */
function single(ds: Diagnostic[]): Diagnostic {
  expect(ds.map((d) => `${where(d)} ${d.severity} ${d.code}`)).toHaveLength(1);
  return ds[0];
}

describe('how the file was saved', () => {
  it('Latin-1 (accented letters turned to question marks): an error at the first one, with its words', async () => {
    const r = await checkAfter(async (dir) => {
      const p = path.join(dir, '2025.yaml');
      await writeFile(p, Buffer.from(await readFile(p, 'utf8'), 'latin1'));
    });
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, d.severity, where(d)]).toEqual(['file-non-utf8', 'error', '2025.yaml:95:19']);
    expect(d.message).toBe('Il file non è salvato in UTF-8: le lettere accentate non si leggono (qui: «come \uFFFD stata»).');
    expect(d.hint).toContain('Codifica: UTF-8');
  });

  it('UTF-16 ("Unicode" in Notepad): an error that names it', async () => {
    const r = await checkAfter(async (dir) => {
      const p = path.join(dir, 'rete.yaml');
      await writeFile(p, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(await readFile(p, 'utf8'), 'utf16le')]));
    });
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d)]).toEqual(['file-non-utf8', 'rete.yaml:1:1']);
    expect(d.message).toContain('UTF-16');
    expect(d.message).toContain('«Unicode»');
  });

  it('old Macintosh line endings (CR alone) read as lines, not as one comment', async () => {
    const r = await checkAfter(async (dir) => {
      const p = path.join(dir, '2025.yaml');
      await writeFile(p, (await readFile(p, 'utf8')).replace(/\n/g, '\r'));
    });
    expect(r).toEqual({ code: 0, diagnostics: [] });
  });

  it('Windows line endings and a byte-order mark change nothing', async () => {
    const r = await checkAfter(async (dir) => {
      const p = path.join(dir, '2025.yaml');
      await writeFile(p, `\uFEFF${(await readFile(p, 'utf8')).replace(/\n/g, '\r\n')}`);
    });
    expect(r).toEqual({ code: 0, diagnostics: [] });
  });
});

describe('how a file is named', () => {
  it('"2025.yaml.txt" (Windows hides the extension) is an error: the deck would silently be 2024\'s', async () => {
    const r = await checkAfter(async (dir) => {
      await cp(path.join(dir, '2025.yaml'), path.join(dir, '2025.yaml.txt'));
      await rm(path.join(dir, '2025.yaml'));
    });
    expect(r.code).toBe(1);
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    expect([d.code, where(d)]).toEqual(['file-ignorato', '2025.yaml.txt:1:1']);
    expect(d.message).toBe('Il file «2025.yaml.txt» sembra contenere i dati del 2025, ma con questo nome non viene letto: la presentazione sarebbe quella del 2024.');
    expect(d.hint).toMatch(/^Rinominalo 2025\.yaml/);
  });

  it('an older copy ("2023 (copia).yaml") stays a warning', async () => {
    const r = await checkAfter((dir) => cp(path.join(dir, '2023.yaml'), path.join(dir, '2023 (copia).yaml')));
    expect(r.code).toBe(0);
    const d = single(r.diagnostics);
    expect([d.code, d.severity, where(d)]).toEqual(['file-ignorato', 'warning', '2023 (copia).yaml:1:1']);
  });

  it('"2025.YAML" in capitals is read', async () => {
    const r = await checkAfter(async (dir) => {
      await cp(path.join(dir, '2025.yaml'), path.join(dir, '2025.YAML'));
      await rm(path.join(dir, '2025.yaml'));
    });
    expect(r).toEqual({ code: 0, diagnostics: [] });
  });

  it('"Rete.yaml" is named for what it is, beside the missing rete.yaml', async () => {
    const r = await checkAfter(async (dir) => {
      await cp(path.join(dir, 'rete.yaml'), path.join(dir, 'Rete.yaml'));
      await rm(path.join(dir, 'rete.yaml'));
    });
    expect(r.code).toBe(1);
    expect(r.diagnostics.map((d) => `${where(d)} ${d.code}`)).toEqual(['rete.yaml:1:1 file-illeggibile', 'Rete.yaml:1:1 file-ignorato']);
    expect(r.diagnostics[1].message).toBe('Il file «Rete.yaml» non viene letto: il file della rete deve chiamarsi esattamente rete.yaml.');
  });
});

describe('spaces that are not spaces', () => {
  it('a no-break space after the colon: pointed at, not called a missing colon', async () => {
    const r = await checkAfter(replace('2025.yaml', 'Cremasco: 3503', 'Cremasco:\u00a03503'));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d)]).toEqual(['spazio-speciale', '2025.yaml:100:14']);
    expect(d.message).toContain('spazio unificatore');
    expect(d.hint).toContain('barra spaziatrice');
  });

  it('no-break spaces as indentation', async () => {
    const r = await checkAfter(replace('2025.yaml', '    Cremasco: 3503', '\u00a0\u00a0\u00a0\u00a0Cremasco: 3503'));
    expect(r.code).toBe(1);
    expect([single(r.diagnostics).code, where(r.diagnostics[0])]).toEqual(['spazio-speciale', '2025.yaml:100:1']);
  });

  it('a zero-width space inside a district name', async () => {
    const r = await checkAfter(replace('2025.yaml', 'Cremasco: 3503', 'Crema\u200bsco: 3503'));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d)]).toEqual(['spazi-nel-nome', '2025.yaml:100:5']);
    expect(d.message).toContain('carattere invisibile');
    expect(d.hint).toContain('«Cremasco»');
  });

  it('a quoted municipality with a trailing space', async () => {
    const r = await checkAfter(replace('2025.yaml', '        - Crema\n', '        - "Crema "\n'));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d)]).toEqual(['spazi-nel-nome', '2025.yaml:48:11']);
    expect(d.message).toBe("«Crema » ha uno spazio in più (all'inizio, alla fine o due di seguito), quindi non è uguale al nome che sembra.");
    expect(d.hint).toContain('«Crema»');
  });
});

describe('numbers YAML reads in its own ways', () => {
  it.each([
    ['0x10', 'si leggerebbe come 16'],
    ['1e3', 'si leggerebbe come 1.000'],
    ['1e309', 'numero infinito'],
    ['.inf', 'numero infinito'],
    ['.nan', '«non è un numero»'],
  ])('%s is refused where it was typed', async (typed, words) => {
    const r = await checkAfter(replace('2025.yaml', 'Cremasco: 3503', `Cremasco: ${typed}`));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d), d.field]).toEqual(['numero-in-notazione', '2025.yaml:100:15', 'soci › per_ambito › Cremasco']);
    expect(d.message).toContain(`«${typed}»`);
    expect(d.message).toContain(words);
    expect(d.hint).toContain('solo con le cifre');
  });

  it('the year itself as 1e309: one error, not also "the year does not match"', async () => {
    const r = await checkAfter(replace('2025.yaml', 'anno: 2025', 'anno: 1e309'));
    expect(r.code).toBe(1);
    expect([single(r.diagnostics).code, where(r.diagnostics[0])]).toEqual(['numero-in-notazione', '2025.yaml:6:7']);
  });

  it('twenty digits: too big to be a count, without a 16-digit "maximum"', async () => {
    const r = await checkAfter(replace('2025.yaml', 'Cremasco: 3503', 'Cremasco: 99999999999999999999'));
    const d = single(r.diagnostics);
    expect([r.code, d.code, where(d)]).toEqual([1, 'numero-troppo-grande', '2025.yaml:100:15']);
    expect(d.message).toBe('Il numero «99999999999999999999» è troppo grande per essere un dato: ha troppe cifre.');
  });
});

describe('rete.yaml edited, year files not', () => {
  it('a district lower-cased in rete.yaml: one error there, not one per table of every year', async () => {
    const r = await checkAfter(replace('rete.yaml', 'nome: Cremasco', 'nome: cremasco'));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d), d.field]).toEqual(['ambito-non-dichiarato', 'rete.yaml:6:11', 'ambiti › voce 1 › nome']);
    expect(d.message).toBe(
      "L'ambito «Cremasco» compare 19 volte nei file degli anni (2020.yaml, 2021.yaml, 2022.yaml, 2023.yaml, 2024.yaml, 2025.yaml), ma in rete.yaml non è dichiarato: qui c'è invece «cremasco».",
    );
    expect(d.hint).toMatch(/^Se il nome giusto è «Cremasco», correggi «cremasco» in «Cremasco» qui in rete\.yaml\./);
  });

  it('a district removed from rete.yaml that the years still have', async () => {
    const r = await checkAfter(replace('rete.yaml', / {2}- nome: Casalasco\n {4}colore: "#[0-9a-f]{6}"\n/, ''));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d)]).toEqual(['ambito-non-dichiarato', 'rete.yaml:5:1']);
    expect(d.message).toContain('«Casalasco» compare 19 volte');
    expect(d.hint).toContain('Aggiungilo agli ambiti in rete.yaml');
  });

  it('a district declared twice: the second, with the line of the first', async () => {
    const r = await checkAfter(replace('rete.yaml', 'nome: Casalasco', 'nome: Cremasco'));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d)]).toEqual(['ambito-ripetuto', 'rete.yaml:10:11']);
    expect(d.message).toBe("L'ambito «Cremasco» è dichiarato due volte (la prima alla riga 6).");
  });

  it('two districts with one colour: a warning, the charts could not tell them apart', async () => {
    const r = await checkAfter(replace('rete.yaml', 'colore: "#d87a30"', 'colore: "#2A6AB8"'));
    expect(r.code).toBe(0);
    const d = single(r.diagnostics);
    expect([d.code, d.severity, where(d)]).toEqual(['colore-ripetuto', 'warning', 'rete.yaml:9:13']);
    expect(d.message).toBe('Gli ambiti Cremasco e Cremonese hanno lo stesso colore (#2A6AB8): nei grafici non si distinguono.');
  });

  it('a district misspelt in one year file only is still reported there', async () => {
    const r = await checkAfter(replace('2024.yaml', 'Cremasco: 3458', 'cremasco: 3458'));
    expect(r.code).toBe(1);
    expect([single(r.diagnostics).code, where(r.diagnostics[0])]).toEqual(['ambito-sconosciuto', '2024.yaml:7:5']);
  });
});

describe('holes in the history', () => {
  it('2024.yaml deleted: a warning on 2025, whose comparisons disappear', async () => {
    const r = await checkAfter((dir) => rm(path.join(dir, '2024.yaml')));
    expect(r.code).toBe(0);
    const d = single(r.diagnostics);
    expect([d.code, d.severity, where(d)]).toEqual(['anno-mancante', 'warning', '2025.yaml:6:7']);
    expect(d.message).toBe("Manca il file del 2024: gli storici passano dal 2023 al 2025 come se fossero anni vicini, e i confronti del 2025 con l'anno prima non compaiono.");
    expect(d.hint).toMatch(/^Crea 2024\.yaml/);
  });

  it('a year in the middle without the members: a warning at that year, where soci: would go (before volontari:)', async () => {
    const r = await checkAfter(replace('2024.yaml', /soci:[\s\S]*?\n\n/, ''));
    expect(r.code).toBe(0);
    const d = single(r.diagnostics);
    expect([d.code, d.severity, where(d), d.field]).toEqual(['storico-incompleto', 'warning', '2024.yaml:5:1', 'soci']);
    expect(d.message).toBe("Nel file del 2024 manca «soci», che c'è negli anni prima e dopo: lo storico salta il 2024 e il 2025 non si confronta con l'anno prima.");
  });

  it('the history still builds without 2024, with the warning', async () => {
    const dir = await mutated((d) => rm(path.join(d, '2024.yaml')));
    const r = await runCli(['build', '--only', 'html', '--data', '.', '--out', path.join(dir, '..', 'out')], { cwd: dir });
    expect(r.code).toBe(0);
    // Grouped on the terminal, named by the missing file; check has it in full, at the anno: line.
    expect(r.stderr).toContain('  1 anno mancante tra i file: 2024.yaml\n');
    expect((await runCli(['check', '--data', '.'], { cwd: dir })).stderr).toContain('2025.yaml:6:7: avviso [anno-mancante] anno');
    const deck = await readFile(path.join(dir, '..', 'out', '2025', 'deck.html'), 'utf8');
    expect(deck).toContain('2023');
  }, 60_000);
});

describe('lines duplicated or typed by habit', () => {
  it('a line of a list of texts duplicated: a warning, the slide would show it twice', async () => {
    const r = await checkAfter(replace('2025.yaml', '      - orti sociali\n', '      - orti sociali\n      - orti sociali\n'));
    expect(r.code).toBe(0);
    const d = single(r.diagnostics);
    expect([d.code, d.severity, where(d), d.field]).toEqual(['voce-ripetuta', 'warning', '2025.yaml:149:9', 'servizi_offerti › voce 3 › voci › voce 4']);
    expect(d.message).toBe('«orti sociali» compare due volte nello stesso elenco.');
  });

  it("a municipality's line duplicated in a district's conventions: an error (it would count twice), naming both lines", async () => {
    const r = await checkAfter(replace('2025.yaml', '        - Crema\n', '        - Crema\n        - Crema\n'));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, d.severity, where(d)]).toEqual(['comune-ripetuto', 'error', '2025.yaml:49:11']);
    expect(d.message).toBe("Il comune «Crema» è elencato due volte tra i comuni con una convenzione dell'ambito Cremasco (righe 48 e 49): sarebbe contato due volte nei comuni con una convenzione.");
  });

  it('a municipality listed in a second district too: both lines named', async () => {
    const r = await checkAfter(replace('2025.yaml', '        - Vescovato\n', '        - Vescovato\n        - Crema\n'));
    const d = single(r.diagnostics.filter((x) => x.code !== 'convenzioni-meno-dei-comuni'));
    expect([d.code, d.severity]).toEqual(['comune-in-due-ambiti', 'error']);
    expect(d.message).toMatch(/^Il comune «Crema» è elencato due volte: nell'ambito Cremasco \(riga 48\) e nell'ambito Cremonese \(riga \d+\)\.$/);
    expect(d.message).toContain(`(riga ${d.at!.line})`);
  });

  it('no space after the colon (Cremasco:3503): one error on its line, with the fix', async () => {
    const r = await checkAfter(replace('2025.yaml', 'Cremasco: 3503', 'Cremasco:3503'));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d)]).toEqual(['yaml-spazio-dopo-due-punti', '2025.yaml:100:13']);
    expect(d.hint).toBe('Scrivi uno spazio dopo i due punti: «Cremasco: 3503».');
  });

  it('a # stuck to the number (3503# nota): one error at the #, with the fix', async () => {
    const r = await checkAfter(replace('2025.yaml', 'Cremasco: 3503', 'Cremasco: 3503# contati a marzo'));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d)]).toEqual(['yaml-commento-attaccato', '2025.yaml:100:19']);
    expect(d.hint).toBe('Scrivi uno spazio prima del #: «Cremasco: 3503 # contati a marzo» (oppure togli la nota).');
  });

  it("thousands with an apostrophe (3'308) are read as a separator, with the digits to write", async () => {
    const r = await checkAfter(replace('2025.yaml', 'Cremasco: 3503', "Cremasco: 3'503"));
    expect(r.code).toBe(1);
    const d = single(r.diagnostics);
    expect([d.code, where(d)]).toEqual(['numero-con-punti', '2025.yaml:100:15']);
    expect(d.hint).toMatch(/^Scrivi 3503:/);
  });
});
