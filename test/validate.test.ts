import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { contrast, lightness, MIN_LIGHTNESS_GAP } from '../src/colour.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { parseSource } from '../src/source.js';
import { separatedInteger, validate } from '../src/validate.js';
import { checkFixture, checkRealData, DATA, fixtureDir, loadedWith, located, only, ROOT, seedFolder } from './support.js';

const at = (name: string, file: string, line: number, col: number) => `test/fixtures/${name}/${file}:${line}:${col}`;

describe('the real data', () => {
  it('has no errors and validates every year up to 2025', async () => {
    const r = await checkRealData();
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.dataset?.year).toBe(2025);
    expect([...r.dataset!.years.keys()]).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    expect(r.dataset!.municipalities).toHaveLength(113);
    expect(r.dataset!.districts.map((d) => d.name)).toEqual(['Cremasco', 'Cremonese', 'Casalasco']);
  });

  it('--year stops at that year', async () => {
    const r = await checkRealData(2023);
    expect([...r.dataset!.years.keys()]).toEqual([2020, 2021, 2022, 2023]);
  });
});

describe('unknown field (fixture unknown-field)', () => {
  it('points at each misspelt key, top-level and nested, and nothing else', async () => {
    const r = await checkFixture('unknown-field');
    expect(r.diagnostics.map(located)).toEqual([
      { code: 'campo-sconosciuto', severity: 'error', at: at('unknown-field', '2025.yaml', 3, 1) },
      { code: 'campo-sconosciuto', severity: 'error', at: at('unknown-field', '2025.yaml', 10, 3) },
    ]);
    expect(r.diagnostics.map((d) => d.field)).toEqual(['socci', 'km_percorsi › per_ambbito']);
  });

  it('suggests the closest known field', async () => {
    const [top, nested] = (await checkFixture('unknown-field')).diagnostics;
    expect(top.message).toBe('Il campo «socci» non esiste in questo punto.');
    expect(top.hint).toBe('Forse intendevi «soci»? Correggi il nome del campo.');
    expect(nested.hint).toBe('Forse intendevi «per_ambito»? Correggi il nome del campo.');
  });

  it('without a close field, says to check the name or the indentation', async () => {
    const d = only(validate(await loadedWith({ '2025.yaml': 'anno: 2025\nbilancio: 12\n' })).diagnostics, 'campo-sconosciuto');
    expect([d.at?.line, d.at?.col]).toEqual([2, 1]);
    expect(d.hint).toBe('Controlla il nome del campo o il rientro della riga (forse appartiene a un altro gruppo).');
  });
});

describe('a line indented as part of the wrong group', () => {
  it('too little: out of its group, it is one mistake at its line, not an unknown field and a missing one', async () => {
    const text = 'anno: 2025\nsoci:\n  per_ambito:\n    Cremasco: 110\n    Cremonese: 45\n  Casalasco: 10\n';
    const { diagnostics } = validate(await loadedWith({ '2025.yaml': text }));
    expect(diagnostics.filter((d) => d.at?.file === '2025.yaml').map((d) => [d.code, d.at?.line, d.at?.col, d.field])).toEqual([['yaml-rientro', 6, 3, 'soci › per_ambito › Casalasco']]);
    const d = only(diagnostics, 'yaml-rientro');
    expect(d.message).toBe('La riga «Casalasco:» ha meno spazi davanti del necessario: così non fa parte di «per_ambito:», dove manca, e qui è un campo che non esiste.');
    expect(d.hint).toBe('Rientrala (con le righe che le appartengono) come le altre righe sotto «per_ambito:».');
  });

  it('too much: pushed into the group above it, it is one mistake at its line', async () => {
    const group = '    per_ambito:\n      Cremasco: 28\n      Cremonese: 19\n      Casalasco: 3\n';
    const text = `anno: 2025\nrete:\n  associazioni:\n${group}    provinciali: 2\n  aps: 23\n  odv: 29\n`;
    const { diagnostics } = validate(await loadedWith({ '2025.yaml': text }));
    expect(diagnostics.filter((d) => d.at?.file === '2025.yaml').map((d) => [d.code, d.at?.line, d.at?.col, d.field])).toEqual([['yaml-rientro', 8, 5, 'rete › provinciali']]);
    const d = only(diagnostics, 'yaml-rientro');
    expect(d.message).toBe('La riga «provinciali:» ha troppi spazi davanti: così fa parte di «associazioni:», dove questo campo non esiste, e manca dove serve.');
    expect(d.hint).toBe('Togli gli spazi in più: «provinciali:» va allineata a «associazioni:».');
  });
});

describe('missing required field (fixture missing-required-field)', () => {
  it('puts a missing field at the key of the group that should hold it', async () => {
    const r = await checkFixture('missing-required-field');
    expect(r.diagnostics.map(located)).toEqual([
      { code: 'ambito-mancante', severity: 'error', at: at('missing-required-field', '2025.yaml', 4, 3) },
      { code: 'campo-mancante', severity: 'error', at: at('missing-required-field', '2025.yaml', 8, 1) },
    ]);
    expect(r.diagnostics.map((d) => d.field)).toEqual(['soci › per_ambito › Casalasco', 'mobilita_sociale › interventi']);
  });

  it('names what is missing and the line to add', async () => {
    const r = await checkFixture('missing-required-field');
    const district = only(r.diagnostics, 'ambito-mancante');
    expect(district.message).toBe("Manca il dato dell'ambito «Casalasco».");
    expect(district.hint).toBe('Aggiungi la riga "Casalasco: ..." con il suo numero (0 se non c\'è nulla da contare).');
    const field = only(r.diagnostics, 'campo-mancante');
    expect(field.message).toBe('Manca il campo «interventi».');
    expect(field.hint).toBe('Aggiungi la riga "interventi: ..." con il suo valore.');
  });
});

describe('wrong type (fixture wrong-type)', () => {
  it('reports a list where a group of fields goes, and text where a number goes', async () => {
    const r = await checkFixture('wrong-type');
    expect(r.diagnostics.map(located)).toEqual([
      { code: 'tipo-errato', severity: 'error', at: at('wrong-type', '2025.yaml', 5, 5) },
      { code: 'non-numero', severity: 'error', at: at('wrong-type', '2025.yaml', 10, 11) },
    ]);
  });

  it('says what was expected and what was found', async () => {
    const r = await checkFixture('wrong-type');
    const list = only(r.diagnostics, 'tipo-errato');
    expect(list.message).toBe(
      'Sotto «per_ambito:» ci vuole una riga per ogni ambito (Cremasco, Cremonese, Casalasco), rientrata di due spazi, con il suo numero; invece c\'è un elenco (righe che cominciano con "- ").',
    );
    expect(list.hint).toBe("Togli il trattino e lo spazio all'inizio di ogni riga, così:");
    expect(list.example).toBe('  per_ambito:\n    Cremasco:\n    Cremonese:\n    Casalasco:');
    const text = only(r.diagnostics, 'non-numero');
    expect(text.message).toBe("Qui ci vuole un numero, invece c'è «milleduecento».");
    expect(text.hint).toContain('Scrivi solo le cifre');
  });
});

describe('an empty value, a quoted number, an impossible date', () => {
  it('an empty value is reported at its key, with what should go there', async () => {
    const text = 'anno: 2025\nsoci:\n  per_ambito:\n    Cremasco:\n    Cremonese: 3279\n    Casalasco: 696\n';
    const d = only(validate(await loadedWith({ '2025.yaml': text })).diagnostics, 'valore-mancante');
    expect(located(d)).toEqual({ code: 'valore-mancante', severity: 'error', at: '2025.yaml:4:5' });
    expect(d.message).toBe('Manca il valore (dato obbligatorio nella sezione «soci»): qui ci vuole un numero.');
    expect(d.hint).toContain("0 se non c'è nulla da contare");
  });

  it('a blank optional field says it may go, with its line', async () => {
    const text = 'anno: 2025\nmobilita_sociale:\n  interventi: 40725\n  accessi_strutture_ospedaliere: 20907\n  persone_disabili:\n';
    const d = only(validate(await loadedWith({ '2025.yaml': text })).diagnostics, 'valore-mancante');
    expect(d.message).toBe('Manca il valore (dato facoltativo): qui ci vuole un numero.');
    expect(d.hint).toBe("Scrivi il valore dopo i due punti; se quest'anno il dato non c'è, togli la riga.");
  });

  it('a number between quotes is text: take the quotes away', async () => {
    const d = only(validate(await loadedWith({ '2025.yaml': 'anno: "2025"\n' })).diagnostics, 'numero-tra-virgolette');
    expect(located(d)).toEqual({ code: 'numero-tra-virgolette', severity: 'error', at: '2025.yaml:1:7' });
    expect(d.message).toBe('Il numero «"2025"» è tra virgolette, quindi si legge come un testo.');
    expect(d.hint).toBe('Togli le virgolette: scrivi 2025.');
  });

  it('a date that does not exist', async () => {
    const d = only(validate(await loadedWith({ '2025.yaml': 'anno: 2025\nassemblea:\n  titolo: Assemblea\n  data: 2026-02-30\n' })).diagnostics, 'data-non-valida');
    expect(located(d)).toEqual({ code: 'data-non-valida', severity: 'error', at: '2025.yaml:4:9' });
    expect(d.message).toBe('«2026-02-30» non è una data valida nella forma anno-mese-giorno.');
    expect(d.hint).toBe('Scrivi la data come anno-mese-giorno, per esempio 2026-05-16.');
  });

  it('a percentage written with its sign, or above 100', async () => {
    const base = 'anno: 2025\nmobilita_sociale:\n  interventi: 10\n  accessi_strutture_ospedaliere: 5\n  accessi_strutture_ospedaliere_percentuale_stampata: ';
    const sign = only(validate(await loadedWith({ '2025.yaml': `${base}51%\n` })).diagnostics, 'non-numero');
    expect(sign.message).toBe("Qui ci vuole un numero, invece c'è «51%».");
    const big = only(validate(await loadedWith({ '2025.yaml': `${base}151\n` })).diagnostics, 'numero-troppo-grande');
    expect(located(big)).toEqual({ code: 'numero-troppo-grande', severity: 'error', at: '2025.yaml:5:55' });
    expect(big.hint).toBe('Una percentuale si scrive come numero da 0 a 100, senza il simbolo %.');
  });
});

describe('the wording of the other schema messages', () => {
  const first = async (text: string) => {
    const [d] = validate(await loadedWith({ '2025.yaml': text })).diagnostics;
    return { code: d.code, at: `${d.at?.line}:${d.at?.col}`, message: d.message, hint: d.hint };
  };

  it('a number below its minimum', async () => {
    expect(await first('anno: 1999\n')).toEqual({
      code: 'numero-troppo-piccolo',
      at: '1:7',
      message: 'Il numero «1999» è troppo piccolo: qui il minimo è 2000.',
      hint: 'Controlla il numero.',
    });
  });

  it('a decimal written with a comma (25,5): refused, saying that 25.5 works', async () => {
    const text = 'anno: 2025\nmobilita_sociale:\n  interventi: 100\n  accessi_strutture_ospedaliere: 50\n  ospedali_pubblici_percentuale: 25,5\n';
    expect(await first(text)).toEqual({
      code: 'decimale-con-virgola',
      at: '5:34',
      message: '«25,5» non si legge come un numero: nei file di dati i decimali si scrivono con il punto, non con la virgola.',
      hint: "Scrivi 25.5, con il punto al posto della virgola (le diapositive mostrano comunque i numeri all'italiana).",
    });
    // ...and 25.5 is indeed read.
    expect(validate(await loadedWith({ '2025.yaml': text.replace('25,5', '25.5') })).diagnostics).toEqual([]);
    // A count takes no decimals at all: said as such.
    expect((await first('anno: 2025\nsoci:\n  per_ambito:\n    Cremasco: 25,5\n    Cremonese: 1\n    Casalasco: 1\n')).code).toBe('numero-non-intero');
  });

  it('a number where a group of fields goes', async () => {
    expect(await first('anno: 2025\nkm_percorsi: 5\n')).toEqual({
      code: 'tipo-errato',
      at: '2:14',
      message: "Sotto «km_percorsi:» ci vuole il campo «per_ambito», rientrato di due spazi; invece dopo i due punti c'è «5».",
      hint: 'Scrivi così, con ogni valore dopo i suoi due punti e uno spazio:',
    });
  });

  // Issue 19: the guess «consegne: 1200» for «aiuto_alla_persona › consegne» got "un gruppo di campi (nome: valore)".
  describe('a number where a line per district goes (consegne: 1200)', () => {
    const text = 'anno: 2025\naiuto_alla_persona:\n  consegne: 1200\n';
    it("says in plain words what goes there, and shows the lines at the key's own indentation", async () => {
      const [d] = validate(await loadedWith({ '2025.yaml': text })).diagnostics;
      expect(located(d)).toEqual({ code: 'tipo-errato', severity: 'error', at: '2025.yaml:3:13' });
      expect(d.message).toBe("Sotto «consegne:» ci vuole una riga per ogni ambito (Cremasco, Cremonese, Casalasco), rientrata di due spazi, con il suo numero; invece dopo i due punti c'è «1200».");
      expect(`${d.message} ${d.hint}`).not.toMatch(/gruppo di campi|\(nome: valore\)/);
      expect(d.example).toBe('  consegne:\n    Cremasco:\n    Cremonese:\n    Casalasco:');
    });

    it('the example, put in place of the line with the numbers written in, is valid', async () => {
      const [d] = validate(await loadedWith({ '2025.yaml': text })).diagnostics;
      const filled = d.example!.replace(/:$/gm, ': 400').replace(/^ {2}consegne: 400$/m, '  consegne:');
      const r = validate(await loadedWith({ '2025.yaml': text.replace('  consegne: 1200\n', `${filled}\n`) }));
      expect(r.diagnostics).toEqual([]);
      expect(r.dataset!.years.get(2025)!.aiuto_alla_persona!.consegne).toEqual({ Cremasco: 400, Cremonese: 400, Casalasco: 400 });
    });

    it('«consegne:» with nothing under it: the same words and the same lines', async () => {
      const [d] = validate(await loadedWith({ '2025.yaml': 'anno: 2025\naiuto_alla_persona:\n  consegne:\n' })).diagnostics;
      expect(d.code).toBe('valore-mancante');
      expect(d.message).toBe("Sotto «consegne:» non c'è niente (dato facoltativo): ci vuole una riga per ogni ambito (Cremasco, Cremonese, Casalasco), rientrata di due spazi, con il suo numero.");
      expect(d.example).toBe('  consegne:\n    Cremasco:\n    Cremonese:\n    Casalasco:');
    });

    it('a text where the fields of a group go: their names', async () => {
      const [d] = validate(await loadedWith({ '2025.yaml': 'anno: 2025\nassemblea: Assemblea 2026\n' })).diagnostics;
      expect(d.message).toBe("Sotto «assemblea:» ci vogliono i campi «titolo» e «data», uno per riga, rientrati di due spazi; invece dopo i due punti c'è «Assemblea 2026».");
      expect(d.example).toBe("assemblea:\n  titolo: # Titolo dell'assemblea, in copertina\n  data: # Data dell'assemblea, nella forma AAAA-MM-GG (per esempio 2026-05-16)");
    });
  });

  it('an empty text', async () => {
    expect(await first('anno: 2025\nestate:\n  titolo: ""\n  iscritti: 1\n')).toEqual({
      code: 'testo-vuoto',
      at: '3:11',
      message: 'Il testo è vuoto.',
      hint: 'Scrivi il testo dopo i due punti, oppure togli la riga se il campo è facoltativo.',
    });
  });

  it('an empty list', async () => {
    expect(await first('anno: 2025\nrete_auser_cultura:\n  membri: []\n')).toEqual({
      code: 'elenco-vuoto',
      at: '3:11',
      message: "L'elenco è vuoto.",
      hint: 'Aggiungi almeno una voce (una riga che comincia con "- "), oppure togli il campo se è facoltativo.',
    });
  });

  it('a municipality outside the province, with nothing close to suggest', async () => {
    const text = 'anno: 2025\nturismo_sociale:\n  organizzatori: [Milano]\n  ore_volontariato: 1\n  volontari: 1\n  partecipanti: 1\n  iniziative: 1\n';
    expect(await first(text)).toEqual({
      code: 'comune-sconosciuto',
      at: '3:19',
      message: '«Milano» non è il nome ufficiale di un comune della provincia di Cremona.',
      hint: "Scrivi il nome come nell'elenco ISTAT dei 113 comuni (l'editor lo propone mentre scrivi).",
    });
  });
});

describe('negative count (fixture negative-count)', () => {
  it('points at the value', async () => {
    const r = await checkFixture('negative-count');
    expect(r.diagnostics.map(located)).toEqual([{ code: 'numero-negativo', severity: 'error', at: at('negative-count', '2025.yaml', 7, 16) }]);
    expect(r.diagnostics[0].field).toBe('soci › per_ambito › Casalasco');
  });

  it('quotes the number as typed', async () => {
    const d = only((await checkFixture('negative-count')).diagnostics, 'numero-negativo');
    expect(d.message).toBe('Il numero non può essere negativo: trovato «-696».');
    expect(d.hint).toBe('Scrivi il numero senza il segno meno.');
  });
});

describe('Italian thousands separators (fixture thousands-separator)', () => {
  it('catches 3.308 (read as a decimal), 1,217 and 1.001.148 (read as text)', async () => {
    const r = await checkFixture('thousands-separator');
    expect(r.diagnostics.map(located)).toEqual([
      { code: 'numero-con-punti', severity: 'error', at: at('thousands-separator', '2025.yaml', 5, 15) },
      { code: 'numero-con-punti', severity: 'error', at: at('thousands-separator', '2025.yaml', 10, 11) },
      { code: 'numero-con-punti', severity: 'error', at: at('thousands-separator', '2025.yaml', 17, 20) },
    ]);
  });

  it('says to write the digits together: 3308, 1217, 1001148', async () => {
    const [a, b, c] = (await checkFixture('thousands-separator')).diagnostics;
    expect(a.message).toBe('Trovato «3.308»: nei file di dati il punto non separa le migliaia, quindi questo non si legge come il numero 3308.');
    expect(b.message).toContain('«1,217»: nei file di dati la virgola non separa le migliaia');
    expect(a.hint).toBe("Scrivi 3308: le cifre una dopo l'altra, senza punti, virgole né spazi in mezzo.");
    expect(b.hint).toMatch(/^Scrivi 1217:/);
    expect(c.message).toContain('«1.001.148»');
    expect(c.hint).toMatch(/^Scrivi 1001148:/);
  });

  it('recognises separated integers and nothing else', () => {
    expect(separatedInteger('3.308')).toBe('3308');
    expect(separatedInteger('1.001.148')).toBe('1001148');
    expect(separatedInteger('1,217')).toBe('1217');
    expect(separatedInteger('12 500')).toBe('12500');
    expect(separatedInteger('3.30')).toBeUndefined();
    expect(separatedInteger('12.5')).toBeUndefined();
    expect(separatedInteger('1.2345')).toBeUndefined();
  });

  it('calls a real decimal a decimal, not a separator', async () => {
    const [d] = validate(await loadedWith({ '2025.yaml': 'anno: 2025\nvolontari:\n  totale: 12.5\n' })).diagnostics;
    expect(located(d)).toEqual({ code: 'numero-non-intero', severity: 'error', at: '2025.yaml:3:11' });
    expect(d.message).toBe("Qui ci vuole un numero intero, invece c'è «12.5».");
    expect(d.hint).toBe('Scrivi un numero senza decimali.');
  });
});

describe('unknown district (fixture unknown-district)', () => {
  it('reports the misspelt district only, not also the district it meant as missing', async () => {
    const r = await checkFixture('unknown-district');
    expect(r.diagnostics.map(located)).toEqual([{ code: 'ambito-sconosciuto', severity: 'error', at: at('unknown-district', '2025.yaml', 5, 5) }]);
  });

  it('suggests the district and lists those declared', async () => {
    const d = only((await checkFixture('unknown-district')).diagnostics, 'ambito-sconosciuto');
    expect(d.message).toBe("L'ambito «Cremasca» non è tra quelli dichiarati in rete.yaml.");
    expect(d.hint).toBe('Forse intendevi «Cremasco»? Gli ambiti sono: Cremasco, Cremonese, Casalasco. Per aggiungerne uno, dichiaralo in rete.yaml.');
  });
});

describe('district written with Cyrillic letters (fixture cyrillic-district)', () => {
  it('is an error at the key', async () => {
    const r = await checkFixture('cyrillic-district');
    expect(r.diagnostics.map(located)).toEqual([{ code: 'lettere-non-latine', severity: 'error', at: at('cyrillic-district', '2025.yaml', 5, 5) }]);
  });

  it('names the foreign letters and the word to type instead', async () => {
    const d = only((await checkFixture('cyrillic-district')).diagnostics, 'lettere-non-latine');
    expect(d.message).toBe("«Creмасco» contiene lettere dell'alfabeto cirillico che sembrano latine (м, а, с).");
    expect(d.hint).toBe('Cancella la parola e riscrivila da tastiera: «Cremasco». Succede quando si copia da un PDF.');
  });

  it('in free text, is a warning with the text retyped', async () => {
    const r = validate(await loadedWith({ '2025.yaml': 'anno: 2025\nnote:\n  soci: Il Creмасco cresce\n' }));
    expect(r.dataset).toBeDefined();
    const d = only(r.diagnostics, 'lettere-non-latine');
    expect(located(d)).toEqual({ code: 'lettere-non-latine', severity: 'warning', at: '2025.yaml:3:9' });
    expect(d.hint).toContain('«Il Cremasco cresce»');
  });
});

describe('district declared with Cyrillic letters in rete.yaml', () => {
  it('is an error, and no year is checked against it', async () => {
    const base = await loadedWith({ '2025.yaml': 'anno: 2025\n' });
    const text = (await readFile(path.join(fixtureDir('two-years'), 'rete.yaml'), 'utf8')).replace('nome: Cremasco', 'nome: Creмасco');
    const r = validate({ ...base, network: parseSource('rete.yaml', text).source! });
    expect(r.dataset).toBeUndefined();
    const d = only(r.diagnostics, 'lettere-non-latine');
    expect(located(d)).toEqual({ code: 'lettere-non-latine', severity: 'error', at: 'rete.yaml:6:11' });
    expect(d.hint).toContain('«Cremasco»');
  });
});

describe('colours in rete.yaml', () => {
  async function networkWith(from: string, to: string) {
    const base = await loadedWith({ '2025.yaml': 'anno: 2025\n' });
    const text = (await readFile(path.join(fixtureDir('two-years'), 'rete.yaml'), 'utf8')).replace(from, to);
    return validate({ ...base, network: parseSource('rete.yaml', text).source! }).diagnostics;
  }

  it('a colour without quotes vanishes into a comment: say so', async () => {
    const d = only(await networkWith('colore: "#2a6ab8"', 'colore: #2a6ab8'), 'valore-commento');
    expect(located(d)).toEqual({ code: 'valore-commento', severity: 'error', at: 'rete.yaml:7:13' });
    expect(d.message).toBe("Dopo i due punti c'è solo un commento («#2a6ab8»): in YAML il cancelletto preceduto da uno spazio apre un commento.");
    expect(d.hint).toBe('Metti il valore tra virgolette: "#2a6ab8".');
  });

  it('two district colours that print as one grey: a warning at the second, with both lightnesses', async () => {
    // The old palette: blue and purple of almost one lightness (40 and 38 of 100).
    const d = only(await networkWith('"#592a7e"', '"#7b3f9e"'), 'colori-simili-in-grigio');
    expect(located(d)).toEqual({ code: 'colori-simili-in-grigio', severity: 'warning', at: 'rete.yaml:11:13' });
    expect(d.message).toBe(
      'Gli ambiti Cremasco e Casalasco hanno colori che, stampati in bianco e nero, diventano quasi lo stesso grigio (luminosità 45 e 38 su 100): nella dispensa non si distinguono.',
    );
    expect(d.hint).toBe(
      'Scegli per uno dei due un colore più chiaro o più scuro, in modo che le luminosità differiscano di almeno 12; per esempio, per 3 ambiti: "#3c1a76" (viola, 20), "#05739f" (azzurro, 45), "#cbbd4a" (giallo, 76).',
    );
  });

  it('a district colour on which neither white nor dark figures read (4,2:1 both): a warning at the colour, with a darker shade', async () => {
    const d = only(await networkWith('"#2a6ab8"', '"#d0572f"'), 'colore-ambito-contrasto');
    expect(located(d)).toEqual({ code: 'colore-ambito-contrasto', severity: 'warning', at: 'rete.yaml:7:13' });
    expect(d.message).toBe(
      "Sul colore «#d0572f» dell'ambito Cremasco i numeri scritti dentro le barre si leggono male: contrasto 4,2:1 sia in bianco sia in nero, sotto il minimo di 4,5:1 (WCAG AA).",
    );
    expect(d.hint).toMatch(/^Scegli un colore più scuro \(per esempio "#[0-9a-f]{6}", la stessa tinta: il bianco sopra si legge bene\) o più chiaro\.$/);
    const darker = /"(#[0-9a-f]{6})"/.exec(d.hint!)![1];
    expect(contrast(darker, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    // A pale yellow is no such case: its figures are written in dark ink, its name darkened (colour.ts).
    expect((await networkWith('"#2a6ab8"', '"#eade9e"')).filter((x) => x.code === 'colore-ambito-contrasto')).toEqual([]);
  });

  it('the district colours of the real data are far apart in lightness, darkest to lightest', async () => {
    const text = await readFile(path.join(DATA, 'rete.yaml'), 'utf8');
    const levels = [...text.matchAll(/colore: "(#[0-9a-f]{6})"/gi)].map((m) => lightness(m[1])).sort((a, b) => a - b);
    expect(levels).toHaveLength(3);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeGreaterThanOrEqual(MIN_LIGHTNESS_GAP);
    // An office laser printer crushes the dark greys together: the two darkest stay well apart
    // (Cremasco's blue and Casalasco's purple merged at 45 and 28).
    expect(levels[1] - levels[0]).toBeGreaterThanOrEqual(20);
    // Lightness as a grey: black 0, the deck's accent blue about 32, white 100.
    expect([lightness('#000000'), lightness('#1f4e79'), lightness('#ffffff')].map(Math.round)).toEqual([0, 32, 100]);
  });

  it('a colour without its #', async () => {
    const d = only(await networkWith('"#d87a30"', '"d87a30"'), 'formato-non-valido');
    expect(located(d)).toEqual({ code: 'formato-non-valido', severity: 'error', at: 'rete.yaml:9:13' });
    expect(d.message).toBe('Il valore «"d87a30"» non è nella forma attesa.');
    expect(d.hint).toBe('Scrivilo come nell\'esempio: "#1f5fa8" (tra virgolette, con il cancelletto e sei cifre esadecimali).');
  });
});

describe('unknown municipality (fixture unknown-municipality)', () => {
  it("reports each of the seed's misspellings at its line", async () => {
    const r = await checkFixture('unknown-municipality');
    expect(r.diagnostics.map(located)).toEqual([
      { code: 'comune-sconosciuto', severity: 'error', at: at('unknown-municipality', '2025.yaml', 12, 11) },
      { code: 'comune-sconosciuto', severity: 'error', at: at('unknown-municipality', '2025.yaml', 17, 11) },
      { code: 'comune-sconosciuto', severity: 'error', at: at('unknown-municipality', '2025.yaml', 18, 11) },
    ]);
    expect(r.diagnostics[0].field).toBe('convenzioni › per_ambito › Cremasco › comuni › voce 2');
  });

  it('suggests the official ISTAT name', async () => {
    const [tresore, cicoglio, gabbioneta] = (await checkFixture('unknown-municipality')).diagnostics;
    expect(tresore.message).toBe('«Tresore» non è il nome ufficiale di un comune della provincia di Cremona.');
    expect(tresore.hint).toBe("Forse intendevi «Trescore Cremasco»? Scrivi il nome come nell'elenco ISTAT.");
    expect(cicoglio.hint).toMatch(/^Forse intendevi «Cicognolo»\?/);
    expect(gabbioneta.hint).toMatch(/^Forse intendevi «Gabbioneta-Binanuova»\?/);
  });
});

describe('year not matching the file name (fixture year-mismatch)', () => {
  it('points at the year', async () => {
    const r = await checkFixture('year-mismatch');
    expect(r.diagnostics.map(located)).toEqual([{ code: 'anno-diverso', severity: 'error', at: at('year-mismatch', '2024.yaml', 1, 7) }]);
  });

  it('says both years and both ways to fix it', async () => {
    const d = only((await checkFixture('year-mismatch')).diagnostics, 'anno-diverso');
    expect(d.message).toBe('Il file si chiama 2024.yaml ma dice "anno: 2025".');
    expect(d.hint).toBe('Se i dati sono del 2024, scrivi "anno: 2024"; altrimenti rinomina il file con l\'anno giusto.');
  });
});

describe('every problem in one run (fixture multiple-errors)', () => {
  it('lists all of them, in both files, in file and line order', async () => {
    const r = await checkFixture('multiple-errors');
    expect(r.diagnostics.map(located)).toEqual([
      { code: 'yaml-tab', severity: 'error', at: at('multiple-errors', '2024.yaml', 6, 1) },
      { code: 'campo-sconosciuto', severity: 'error', at: at('multiple-errors', '2025.yaml', 3, 1) },
      { code: 'numero-con-punti', severity: 'error', at: at('multiple-errors', '2025.yaml', 8, 11) },
      { code: 'lettere-non-latine', severity: 'error', at: at('multiple-errors', '2025.yaml', 13, 5) },
      { code: 'numero-negativo', severity: 'error', at: at('multiple-errors', '2025.yaml', 14, 16) },
      { code: 'campo-mancante', severity: 'error', at: at('multiple-errors', '2025.yaml', 18, 7) },
      { code: 'comune-sconosciuto', severity: 'error', at: at('multiple-errors', '2025.yaml', 23, 11) },
    ]);
  });

  it('names the field path of each, with list items by their name', async () => {
    const r = await checkFixture('multiple-errors');
    expect(only(r.diagnostics, 'campo-mancante').field).toBe('convenzioni › controparti › Enti locali › numero');
  });
});

describe('checks beyond the schema', () => {
  it('a municipality listed twice, or in two districts, reported with the other errors of the file', async () => {
    const text = [
      'anno: 2025',
      'convenzioni:',
      '  controparti:',
      '    - nome: Enti locali',
      '      numero: 3',
      '  per_ambito:',
      '    Cremasco:',
      '      numero: 2',
      '      comuni: [Crema, Crema]',
      '    Cremonese:',
      '      numero: 1',
      '      comuni: [Cremona, Crema]',
      'volontari:',
      '  totale: -1',
    ].join('\n');
    const ds = validate(await loadedWith({ '2025.yaml': text })).diagnostics;
    expect(ds.map((d) => d.code).sort()).toEqual(['comune-in-due-ambiti', 'comune-ripetuto', 'numero-negativo']);
    // A municipality twice in one district's list would be counted twice: an error, with both lines.
    const twice = only(ds, 'comune-ripetuto');
    expect([twice.severity, twice.message]).toEqual([
      'error',
      "Il comune «Crema» è elencato due volte tra i comuni con una convenzione dell'ambito Cremasco (riga 9): sarebbe contato due volte nei comuni con una convenzione.",
    ]);
    // Issue 19: in two districts, both lines are named (the one pointed at may be the right one).
    const two = only(ds, 'comune-in-due-ambiti');
    expect(two.message).toBe("Il comune «Crema» è elencato due volte: nell'ambito Cremasco (riga 9) e nell'ambito Cremonese (riga 12).");
    expect(two.hint).toBe('Un comune appartiene a un solo ambito: cancella la riga sbagliata, la 9 o la 12.');
    expect(two.field).toBe('convenzioni › per_ambito › Cremonese › comuni › voce 2');
  });

  it("a municipality twice in a second district: the repeat names that district's two lines", async () => {
    const text = [
      'anno: 2025',
      'convenzioni:',
      '  controparti:',
      '    - nome: Enti locali',
      '      numero: 9',
      '  per_ambito:',
      '    Cremasco:',
      '      numero: 3',
      '      comuni:',
      '        - Crema',
      '    Cremonese:',
      '      numero: 6',
      '      comuni:',
      '        - Crema',
      '        - Cremona',
      '        - Crema',
    ].join('\n');
    const ds = validate(await loadedWith({ '2025.yaml': text })).diagnostics;
    expect(only(ds, 'comune-ripetuto').message).toContain("dell'ambito Cremonese (righe 14 e 16)");
  });

  it('a year whose file also has schema errors still gets its year checked', async () => {
    const ds = validate(await loadedWith({ '2024.yaml': 'anno: 2025\nsocci: 1\n' }), { year: 2024 }).diagnostics;
    expect(ds.map((d) => d.code).sort()).toEqual(['anno-diverso', 'campo-sconosciuto']);
  });

  it('volunteers with neither a total nor a split by district', async () => {
    const d = only(validate(await loadedWith({ '2025.yaml': 'anno: 2025\nvolontari: {}\n' })).diagnostics, 'volontari-mancanti');
    expect(located(d)).toEqual({ code: 'volontari-mancanti', severity: 'error', at: '2025.yaml:2:12' });
    expect(d.message).toBe('Volontari: manca sia il totale sia la divisione per ambito.');
  });

  it('two files for the same year (2025.yaml and 2025.yml)', async () => {
    const loaded = await loadedWith({ '2025.yaml': 'anno: 2025\n', '2025.yml': 'anno: 2025\nvolontari:\n  totale: 3\n' });
    const r = validate(loaded);
    const d = only(r.diagnostics, 'anno-doppio');
    expect(located(d)).toEqual({ code: 'anno-doppio', severity: 'error', at: '2025.yml:1:1' });
    expect(d.message).toBe('Ci sono due file con i dati del 2025: 2025.yaml e 2025.yml.');
  });

  it('a year asked for that has no file', async () => {
    // The real data as it was for the 2025 deck: the years listed are those of the folder.
    const dir = await seedFolder();
    try {
      const r = await check({ dataDir: path.join(dir, 'data'), cwd: ROOT, year: 2019 });
      const d = only(r.diagnostics, 'anno-assente');
      expect(d.message).toBe("Non c'è il file dei dati del 2019. Gli anni che ci sono: 2020, 2021, 2022, 2023, 2024, 2025.");
      // 2019 is no new year: nothing suggests creating it.
      expect(d.hint).toBe("Scegli uno degli anni che ci sono, per esempio --year 2025, oppure togli --year per l'ultimo.");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a year asked for whose file does not parse is not called missing', async () => {
    const r = await checkFixture('yaml-syntax', 2024);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['yaml-due-punti', 'yaml-virgolette']);
  });

  it('a slide note whose id is not written as an id', async () => {
    const d = only(validate(await loadedWith({ '2025.yaml': 'anno: 2025\nnote:\n  Soci Storico: testo\n' })).diagnostics, 'nome-non-valido');
    expect(located(d)).toEqual({ code: 'nome-non-valido', severity: 'error', at: '2025.yaml:3:3' });
    expect(d.message).toBe('Il nome «Soci Storico» non è scritto nella forma attesa.');
    expect(d.hint).toBe("Scrivilo come nell'esempio: soci-storico (lettere minuscole, cifre e trattini).");
  });
});

describe('how a diagnostic reads in the terminal', () => {
  it('file:line:col, severity, code and field, then what was found and how to fix it', async () => {
    const d = only((await checkFixture('negative-count')).diagnostics, 'numero-negativo');
    expect(formatDiagnostic(d)).toBe(
      [
        'test/fixtures/negative-count/2025.yaml:7:16: errore [numero-negativo] soci › per_ambito › Casalasco',
        '  Il numero non può essere negativo: trovato «-696».',
        '  Come correggere: Scrivi il numero senza il segno meno.',
      ].join('\n'),
    );
  });
});
