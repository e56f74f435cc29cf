import { readFileSync } from 'node:fs';
import { copyFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { newYearFile } from '../src/new-year.js';
import { yearSchema } from '../src/schema.js';
import { keyLocation, locate, MAX_FILE_BYTES, parseSource, type SourceDoc, sourceText } from '../src/source.js';
import { checkFixture, DATA, located, only } from './support.js';

describe('YAML syntax errors (fixture yaml-syntax)', () => {
  it('points at the line whose colon is missing and at the quote never closed, one error each', async () => {
    const r = await checkFixture('yaml-syntax');
    expect(r.diagnostics.map(located)).toEqual([
      { code: 'yaml-due-punti', severity: 'error', at: 'test/fixtures/yaml-syntax/2024.yaml:4:3' },
      { code: 'yaml-virgolette', severity: 'error', at: 'test/fixtures/yaml-syntax/2025.yaml:4:11' },
    ]);
    expect(r.dataset).toBeUndefined();
  });

  it('counts a file that does not parse among the files checked', async () => {
    const r = await checkFixture('yaml-syntax');
    expect(r.files).toEqual(['test/fixtures/yaml-syntax/rete.yaml', 'test/fixtures/yaml-syntax/2024.yaml', 'test/fixtures/yaml-syntax/2025.yaml']);
  });

  it('says which line lacks the colon and how to write it, in Italian', async () => {
    const d = only((await checkFixture('yaml-syntax')).diagnostics, 'yaml-due-punti');
    expect(d.message).toBe('Nella riga «per_ambito» mancano i due punti dopo il nome del campo.');
    expect(d.hint).toContain('"iscritti: 3503"');
  });

  it('says that the quote opened here is never closed, and how to close it', async () => {
    const d = only((await checkFixture('yaml-syntax')).diagnostics, 'yaml-virgolette');
    expect(d.message).toBe('Le virgolette (") aperte qui non sono mai chiuse: il testo continua fino alla fine del file.');
    expect(d.hint).toMatch(/^Aggiungi " alla fine del testo/);
  });

  it("never shows the YAML library's English", () => {
    const texts = ['anno: 2025\nx: [1, 2\ny: 2\n', 'anno: 2025\n---\nanno: 2024\n', 'anno: 2025\nx: @foo\n', 'anno: 2025\ntitolo: Cremona: giovani dentro\n', "anno: 2025\nx: 'abc\ny: 2\n"];
    for (const text of texts) {
      const { diagnostics } = parseSource('2025.yaml', text);
      expect(diagnostics.length, text).toBeGreaterThan(0);
      for (const d of diagnostics) expect(`${d.message} ${d.hint}`, text).not.toMatch(/\b(the|must|allowed|missing|expected|closing|should|not|keys?)\b/i);
    }
  });

  it('names a stray «---» and a text with ": " for what they are', () => {
    expect(parseSource('2025.yaml', 'anno: 2025\n---\nanno: 2024\n').diagnostics.map((d) => [d.code, d.at?.line, d.at?.col])).toEqual([['yaml-piu-documenti', 2, 1]]);
    const colon = parseSource('2025.yaml', 'anno: 2025\ntitolo: Cremona: giovani dentro\n').diagnostics;
    expect(colon.map((d) => [d.code, d.at?.line])).toEqual([['yaml-sintassi', 2]]);
    expect(colon[0].hint).toContain('va tra virgolette');
  });
});

describe('the wording of each kind of YAML slip', () => {
  const first = (text: string) => {
    const [d] = parseSource('2025.yaml', text).diagnostics;
    return { code: d.code, at: `${d.at?.line}:${d.at?.col}`, message: d.message, hint: d.hint };
  };

  it('a line out of line with its neighbours', () => {
    expect(first('anno: 2025\nsoci:\n  per_ambito:\n    Cremasco: 1\n   Cremonese: 2\n')).toEqual({
      code: 'yaml-rientro',
      at: '5:1',
      message: 'Il rientro di questa riga non torna con quello delle righe vicine.',
      hint: 'Allinea la riga con le altre dello stesso livello, usando spazi (due per livello).',
    });
    expect(first('anno: 2025\nx:\n  - a\n - b\n')).toMatchObject({ code: 'yaml-rientro', at: '4:1' });
    // Indented further than its neighbours: the parser reads it as the text above going on, and stumbles
    // there; the slip is on this line, at its first letter.
    expect(first('anno: 2025\nsoci:\n  totale_stampato: 3\n    per_ambito: 4\n')).toMatchObject({ code: 'yaml-rientro', at: '4:5' });
    // A field of a list item left of the item's first field.
    expect(first('anno: 2025\nx:\n  - nome: a\n numero: 1\n')).toMatchObject({ code: 'yaml-rientro', at: '4:1' });
  });

  it('a bracket never closed', () => {
    expect(first('anno: 2025\nx: [1, 2\ny: 2\n')).toEqual({
      code: 'yaml-sintassi',
      at: '3:1',
      message: 'Un elenco o un gruppo aperto tra parentesi su questa riga non è chiuso da «]».',
      hint: 'Aggiungi «]» alla fine, sulla stessa riga, oppure scrivi le voci una per riga senza parentesi.',
    });
  });

  it('a second ": " on a line', () => {
    expect(first('anno: 2025\ntitolo: Cremona: giovani dentro\n')).toEqual({
      code: 'yaml-sintassi',
      at: '2:9',
      message: "Su questa riga c'è un secondo «: » che non si legge come parte del testo, oppure la riga dopo è rientrata troppo.",
      hint: 'Un testo che contiene ": " va tra virgolette ("così: per esempio"); altrimenti allinea la riga seguente con le altre dello stesso livello.',
    });
  });

  it('two documents in one file', () => {
    expect(first('anno: 2025\n---\nanno: 2024\n')).toEqual({
      code: 'yaml-piu-documenti',
      at: '2:1',
      message: 'Il file contiene più di un documento, separati da una riga «---».',
      hint: 'Un file contiene i dati di un solo anno: togli la riga «---» e sposta quello che segue nel file del suo anno.',
    });
  });

  it('anything else the parser refuses', () => {
    expect(first('anno: 2025\nx: @foo\n')).toEqual({
      code: 'yaml-sintassi',
      at: '2:4',
      message: 'Questa riga non si legge come YAML.',
      hint: 'Controlla i due punti dopo il nome del campo, le virgolette aperte e chiuse e i rientri. Un testo che contiene ": " va tra virgolette.',
    });
  });
});

describe('tab indentation (fixture tab-indent)', () => {
  it("reports the Tab once, at the start of its line, without the parser's follow-on errors", async () => {
    const r = await checkFixture('tab-indent');
    expect(r.diagnostics.map(located)).toEqual([{ code: 'yaml-tab', severity: 'error', at: 'test/fixtures/tab-indent/2025.yaml:5:1' }]);
  });

  it('says the line is indented with Tab and that YAML wants spaces', async () => {
    const d = only((await checkFixture('tab-indent')).diagnostics, 'yaml-tab');
    expect(d.message).toBe('Questa riga è rientrata con un carattere di tabulazione (tasto Tab).');
    expect(d.hint).toBe('In YAML i rientri si fanno solo con gli spazi: cancella il Tab e metti due spazi per ogni livello.');
  });

  it('still reports a second, separate slip further down', () => {
    const text = 'anno: 2025\nsoci:\n  per_ambito:\n\tCremasco: 1\n    Cremonese: 2\n    Casalasco: 3\nvolontari:\n  totale 5\n  per_ambito: 4\n';
    const lines = parseSource('2025.yaml', text).diagnostics.map((d) => `${d.code}@${d.at?.line}`);
    expect(lines).toContain('yaml-tab@4');
    expect(lines).toContain('yaml-due-punti@8');
  });
});

/** The real data's 2025 file, and the 2026 file new-year makes from it (blanks with a comment beside each). */
const realFiles = () => {
  const y2025 = readFileSync(path.join(DATA, '2025.yaml'), 'utf8');
  const schema = yearSchema({ districts: ['Cremasco', 'Cremonese', 'Casalasco'], municipalities: ['Crema', 'Cremona'] });
  const y2026 = newYearFile({ year: 2025, source: parseSource('2025.yaml', y2025).source! }, 2026, schema).text;
  return { '2025.yaml': y2025, '2026.yaml': y2026 };
};

/** Each line of `text` changed by `edit` (null: left alone), parsed: the lines whose diagnostics are not `expected`. */
function everyLine(text: string, edit: (line: string) => string | null, expected: (line: number, changed: string) => string) {
  const lines = text.split('\n');
  const wrong: string[] = [];
  let tried = 0;
  lines.forEach((line, i) => {
    const changed = edit(line);
    if (changed === null) return;
    tried++;
    const ds = parseSource('x.yaml', [...lines.slice(0, i), changed, ...lines.slice(i + 1)].join('\n')).diagnostics;
    const got = ds.map((d) => `${d.code}@${d.at?.line}:${d.at?.col}${d.code === 'yaml-spazio-dopo-due-punti' || d.code === 'yaml-commento-attaccato' ? ` ${d.hint}` : ''}`).join(' ; ');
    if (got !== expected(i + 1, changed)) wrong.push(`${JSON.stringify(changed)} -> ${got || 'no error'}`);
  });
  return { tried, wrong };
}

const significant = (line: string) => line.trim() !== '' && !line.trim().startsWith('#');

describe('a Tab in an indentation: one error, at the Tab (issue 19)', () => {
  const tabAt = (line: number, changed: string) => `yaml-tab@${line}:${changed.indexOf('\t') + 1}`;
  const ways: [string, (line: string) => string | null][] = [
    ['one level of indentation typed as a Tab', (l) => (significant(l) && /^ {2}/.test(l) ? l.replace(/^( *) {2}/, '$1\t') : null)],
    ['the whole indentation typed with Tabs', (l) => (significant(l) && /^ {2}/.test(l) ? l.replace(/^ +/, (m) => '\t'.repeat(m.length / 2)) : null)],
    ['a Tab typed before the line', (l) => (significant(l) ? `\t${l}` : null)],
    ['a Tab after the dash of a list item', (l) => (significant(l) && /^ *- /.test(l) ? l.replace('- ', '-\t') : null)],
  ];
  for (const [file, text] of Object.entries(realFiles())) {
    it.each(ways)(`${file}, on every line: %s`, (_way, edit) => {
      const { tried, wrong } = everyLine(text, edit, tabAt);
      expect(tried).toBeGreaterThan(50);
      expect(wrong).toEqual([]);
    });
  }

  it('a Tab before a comment is no error (the comment is not read)', () => {
    expect(parseSource('x.yaml', 'anno: 2025\nsoci:\n\t# un commento\n  per_ambito:\n    Nord: 1\n').diagnostics).toEqual([]);
  });
});

describe('no space after the colon, and a # stuck to a number (issue 19)', () => {
  const { '2025.yaml': y2025, '2026.yaml': y2026 } = realFiles();
  const fixHint = (fixed: string) => `Scrivi uno spazio dopo i due punti: «${fixed}».`;

  it('every «name: value» of the real data written «name:value»: one error on its own line, with the line as it should be', () => {
    const pair = /^( *(?:- )?)([^\s:#"'][^:#"]*): ([^\s#"'[{|>][^#]*?)\s*(#.*)?$/;
    const { tried, wrong } = everyLine(
      y2025,
      (l) => (pair.test(l) && /^\d/.test(pair.exec(l)![3]) ? l.replace(': ', ':') : null),
      (line, changed) =>
        `yaml-spazio-dopo-due-punti@${line}:${changed.indexOf(':') + 1} ${fixHint(
          changed
            .trim()
            .replace(':', ': ')
            .replace(/\s+#.*$/, ''),
        )}`,
    );
    expect(tried).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it.each([
    ['the number typed against the colon, the comment kept', ':3515 # '],
    ['the number typed against the colon, the comment deleted', ':3515'],
  ])('every blank of the new-year file: %s', (_how, typed) => {
    const blank = /^( *)([\w' ]+): # /;
    const { tried, wrong } = everyLine(
      y2026,
      (l) => (blank.test(l) ? (typed === ':3515' ? l.replace(/: # .*$/, typed) : l.replace(': # ', typed)) : null),
      (line, changed) => `yaml-spazio-dopo-due-punti@${line}:${changed.indexOf(':') + 1} ${fixHint(`${blank.exec(changed.replace(':', ': # '))![2]}: 3515`)}`,
    );
    expect(tried).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('the case of the report: «Cremasco:3515» on line 109 is one error at 109, not indentation errors on 110 and 111', () => {
    const lines = y2026.split('\n');
    const at = lines.findIndex((l) => l.startsWith('    Cremasco: # Nel 2025: 3503'));
    lines[at] = '    Cremasco:3515 # Nel 2025: 3503';
    const ds = parseSource('2026.yaml', lines.join('\n')).diagnostics;
    expect(ds.map((d) => `${d.code}@${d.at?.line}:${d.at?.col}`)).toEqual([`yaml-spazio-dopo-due-punti@${at + 1}:13`]);
    expect(ds[0].message).toBe('Nella riga «Cremasco:3515» dopo i due punti manca lo spazio: senza, il file non distingue il nome del campo dal suo valore.');
    expect(ds[0].hint).toBe('Scrivi uno spazio dopo i due punti: «Cremasco: 3515».');
  });

  it('«3515# nota»: one error at the #, saying to put a space before it (not to add quotes)', () => {
    for (const note of ['nota', 'Nel 2025: 3503']) {
      const ds = parseSource('2025.yaml', `anno: 2025\nsoci:\n  per_ambito:\n    Cremasco: 3515# ${note}\n    Cremonese: 3279\n`).diagnostics;
      expect(ds.map((d) => `${d.code}@${d.at?.line}:${d.at?.col}`)).toEqual(['yaml-commento-attaccato@4:19']);
      expect(ds[0].message).toBe(`Dopo il numero «3515» c'è un # attaccato: il file legge «3515# ${note}» come un testo, non come il numero 3515 seguito da una nota.`);
      expect(ds[0].hint).toBe(`Scrivi uno spazio prima del #: «Cremasco: 3515 # ${note}» (oppure togli la nota).`);
    }
  });

  it('«Cremasco:3515# nota»: one error, whose fix mends both', () => {
    const ds = parseSource('2025.yaml', 'anno: 2025\nsoci:\n  per_ambito:\n    Cremasco:3515# nota\n').diagnostics;
    expect(ds.map((d) => `${d.code}@${d.at?.line}:${d.at?.col}`)).toEqual(['yaml-spazio-dopo-due-punti@4:13']);
    expect(ds[0].hint).toBe('Scrivi uno spazio dopo i due punti e uno prima del #: «Cremasco: 3515 # nota».');
  });

  it('a field name against its text is a slip too; texts with a colon inside are not', () => {
    expect(parseSource('x.yaml', 'anno: 2025\nassemblea:\n  titolo:Assemblea dei soci\n').diagnostics.map((d) => d.hint)).toEqual([
      'Scrivi uno spazio dopo i due punti: «titolo: Assemblea dei soci».',
    ]);
    const texts = [
      'anno: 2025',
      'servizi_offerti:',
      '  - gruppo: Orari',
      '    voci:',
      '      - Apertura alle 9:30',
      '      - Nota:importante',
      '      - https://www.example.it/pagina',
      '      - "Cremasco:3515"',
      'note:',
      '  soci-storico: |',
      '    Cremasco:3515 era il dato di marzo.',
      '',
    ].join('\n');
    expect(parseSource('x.yaml', texts).diagnostics).toEqual([]);
  });

  it('another mistake further down is still reported, once', () => {
    const ds = parseSource('x.yaml', 'anno: 2025\nsoci:\n  per_ambito:\n    Nord:1\n    Sud: 2\nassemblea:\n  titolo: "Assemblea\n  data: 2026-05-16\n').diagnostics;
    expect(ds.map((d) => `${d.code}@${d.at?.line}`)).toEqual(['yaml-spazio-dopo-due-punti@4', 'yaml-virgolette@7']);
  });
});

describe('duplicate key (fixture duplicate-key)', () => {
  it('points at the second occurrence', async () => {
    const r = await checkFixture('duplicate-key');
    expect(r.diagnostics.map(located)).toEqual([{ code: 'yaml-chiave-doppia', severity: 'error', at: 'test/fixtures/duplicate-key/2025.yaml:7:5' }]);
  });

  it('names the key and the line of the first occurrence', async () => {
    const d = only((await checkFixture('duplicate-key')).diagnostics, 'yaml-chiave-doppia');
    expect(d.message).toBe('Il campo «Cremasco» è scritto due volte nello stesso punto (la prima volta alla riga 5).');
    expect(d.hint).toContain('Tieni una sola delle due righe');
  });
});

describe('alias bomb (fixture alias-bomb)', () => {
  it('is refused at its first alias, not expanded', async () => {
    const started = performance.now();
    const r = await checkFixture('alias-bomb');
    expect(r.diagnostics.map(located)).toEqual([{ code: 'yaml-alias', severity: 'error', at: 'test/fixtures/alias-bomb/2025.yaml:4:8' }]);
    expect(r.dataset).toBeUndefined();
    // 9^9 strings expanded would take far longer and far more memory than this.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('says, in Italian, to write the values out', async () => {
    const d = only((await checkFixture('alias-bomb')).diagnostics, 'yaml-alias');
    expect(d.message).toBe('Il file usa troppi riferimenti YAML (alias con * e &): non viene espanso.');
    expect(d.hint).toBe('Scrivi i valori per esteso, senza alias.');
  });

  it('accepts the odd legitimate alias', () => {
    const r = parseSource('2025.yaml', 'anno: 2025\nnote:\n  soci: &t Testo ripetuto\n  volontari: *t\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.source?.value).toEqual({ anno: 2025, note: { soci: 'Testo ripetuto', volontari: 'Testo ripetuto' } });
  });
});

describe('nesting thousands deep', () => {
  it('is refused with its own message, not a crash', () => {
    const r = parseSource('2025.yaml', `anno: 2025\nnote:\n  x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(r.source).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.at?.line])).toEqual([['yaml-troppo-annidato', 3]]);
    expect(r.diagnostics[0].message).toBe("Qui ci sono troppi elenchi o gruppi uno dentro l'altro: il file non viene letto.");
  });
});

describe('huge file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'assemblea-huge-file-'));
    await copyFile(path.join(DATA, 'rete.yaml'), path.join(dir, 'rete.yaml'));
    await cp(path.join(DATA, 'geo'), path.join(dir, 'geo'), { recursive: true });
    const line = '  slide-NNNNN: una nota abbastanza lunga da riempire in fretta il file di prova\n';
    const lines = Array.from({ length: Math.ceil((MAX_FILE_BYTES * 1.5) / line.length) }, (_, i) => line.replace('NNNNN', String(i)));
    await writeFile(path.join(dir, '2025.yaml'), `anno: 2025\nnote:\n${lines.join('')}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is refused before it is parsed, at 1:1', async () => {
    const r = await check({ dataDir: dir, cwd: dir });
    expect(r.diagnostics.map(located)).toEqual([{ code: 'file-troppo-grande', severity: 'error', at: '2025.yaml:1:1' }]);
    expect(r.dataset).toBeUndefined();
  });

  it('says how big it is and what the limit is, in Italian numbers', async () => {
    const d = only((await check({ dataDir: dir, cwd: dir })).diagnostics, 'file-troppo-grande');
    expect(d.message).toMatch(/^Il file è troppo grande \(\d{3}\.\d{3} byte; il massimo è 524\.288\): non viene letto\.$/);
    expect(d.hint).toContain('pochi kilobyte');
  });

  it('is refused by the parser too, when the text comes from elsewhere', () => {
    const r = parseSource('2025.yaml', `anno: 2025\n# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
    expect(r.source).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['file-troppo-grande']);
  });
});

describe('files in the data folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'assemblea-files-'));
    await writeFile(path.join(dir, '2025.yaml'), 'anno: 2025\n');
    await writeFile(path.join(dir, '2025-bozza.yaml'), 'anno: 2025\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a missing rete.yaml is an error at 1:1 of the file it expected, pointing a new network to init', async () => {
    const d = only((await check({ dataDir: dir, cwd: dir })).diagnostics, 'rete-assente');
    expect(located(d)).toEqual({ code: 'rete-assente', severity: 'error', at: 'rete.yaml:1:1' });
    expect(d.message).toBe("Non c'è il file della rete «rete.yaml» (il nome dell'organizzazione, il territorio, gli ambiti).");
    expect(d.hint).toContain('"npx assemblea init ANNO"');
  });

  it('a YAML file not named after a year is a warning, not silently skipped', async () => {
    const d = only((await check({ dataDir: dir, cwd: dir })).diagnostics, 'file-ignorato');
    expect(located(d)).toEqual({ code: 'file-ignorato', severity: 'warning', at: '2025-bozza.yaml:1:1' });
    expect(d.message).toBe('Il file «2025-bozza.yaml» non ha il nome di un anno e non viene letto.');
    expect(d.hint).toContain('per esempio 2026.yaml');
  });
});

describe('other file-level problems', () => {
  it('an empty file', () => {
    const [d] = parseSource('2025.yaml', '# solo un commento\n').diagnostics;
    expect([d.code, d.message]).toEqual(['file-vuoto', 'Il file è vuoto.']);
  });

  it('a file that is a list, not fields', () => {
    const [d] = parseSource('2025.yaml', '- anno: 2025\n').diagnostics;
    expect([d.code, d.at?.line, d.at?.col]).toEqual(['file-non-mappa', 1, 1]);
    expect(d.message).toBe('Il file dovrebbe contenere un elenco di campi (nome: valore), invece contiene un elenco.');
  });
});

describe('locating a field path', () => {
  const text = 'anno: 2025\nsoci:\n  per_ambito:\n    Cremasco: 3.308\n    Cremonese: 3279\n';
  const src = parseSource('2025.yaml', text).source as SourceDoc;

  it('finds a value by its path', () => {
    expect(locate(src, ['soci', 'per_ambito', 'Cremonese'])).toEqual({ file: '2025.yaml', line: 5, col: 16 });
  });

  it('puts a missing field at the key of the map that should hold it', () => {
    expect(locate(src, ['soci', 'per_ambito', 'Casalasco'])).toEqual({ file: '2025.yaml', line: 3, col: 3 });
    expect(locate(src, ['soci', 'totale_stampato', 'x'])).toEqual({ file: '2025.yaml', line: 2, col: 1 });
  });

  it('finds a key (for unknown fields)', () => {
    expect(keyLocation(src, ['soci', 'per_ambito'], 'Cremasco')).toEqual({ file: '2025.yaml', line: 4, col: 5 });
  });

  it('gives back the characters typed, not the number YAML read', () => {
    expect(sourceText(src, ['soci', 'per_ambito', 'Cremasco'])).toBe('3.308');
    expect(src.value).toMatchObject({ soci: { per_ambito: { Cremasco: 3.308 } } });
  });
});
