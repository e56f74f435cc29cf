import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { didYouMean } from '../src/config.js';
import { alphabetOf, closest, editDistance, foldLookAlikes, foreignLetters, retype } from '../src/suggest.js';
import { DATA } from './support.js';

const geo = JSON.parse(readFileSync(path.join(DATA, 'geo', 'cremona-comuni.topo.json'), 'utf8')) as {
  objects: { municipalities: { geometries: { properties: { name: string } }[] } };
};
const municipalities = geo.objects.municipalities.geometries.map((g) => g.properties.name);
const districts = ['Cremasco', 'Cremonese', 'Casalasco'];

describe('closest name', () => {
  it("finds the official name behind the seed's misspellings", () => {
    expect(municipalities).toHaveLength(113);
    expect(closest('Tresore', municipalities)).toBe('Trescore Cremasco');
    expect(closest('Cicoglio', municipalities)).toBe('Cicognolo');
    expect(closest('Gabbioneta Binanuova', municipalities)).toBe('Gabbioneta-Binanuova');
    expect(closest('Gadesco Pieve Delmona', municipalities)).toBe('Gadesco-Pieve Delmona');
  });

  it('ignores case, accents and apostrophes', () => {
    expect(closest('RIVOLTA D ADDA', municipalities)).toBe("Rivolta d'Adda");
    expect(closest('cingia de botti', municipalities)).toBe("Cingia de' Botti");
  });

  it('suggests fields and districts', () => {
    expect(closest('socci', ['anno', 'soci', 'volontari'])).toBe('soci');
    expect(closest('per_ambbito', ['per_ambito', 'totale_stampato'])).toBe('per_ambito');
    expect(closest('Cremasca', districts)).toBe('Cremasco');
  });

  it('suggests nothing when nothing is close', () => {
    expect(closest('Milano', municipalities)).toBeUndefined();
    expect(closest('bilancio', ['anno', 'soci', 'volontari'])).toBeUndefined();
    expect(closest('', districts)).toBeUndefined();
  });
});

describe('one edit distance for names, commands and options', () => {
  it('counts two neighbouring letters swapped as one slip', () => {
    expect(editDistance('biuld', 'build')).toBe(1);
    expect(editDistance('Iznao', 'Izano')).toBe(1);
    expect(editDistance('Cremona', 'Cremona')).toBe(0);
    expect(editDistance('Soresina', 'Soncino')).toBe(4);
  });

  it('suggests a short municipality typed with two letters swapped, as it suggests a command', () => {
    expect(closest('Iznao', municipalities)).toBe('Izano');
    expect(closest('Ostinao', municipalities)).toBe('Ostiano');
    expect(didYouMean('biuld', ['check', 'build', 'schema', 'new-year', 'dev'])).toBe('build');
  });
});

describe('look-alike letters', () => {
  const seed = 'Cre\u043c\u0430\u0441co'; // "Creмасco" as the seed has it: Cyrillic м, а, с

  it('finds the non-Latin letters, each once', () => {
    expect(foreignLetters(seed)).toEqual(['\u043c', '\u0430', '\u0441']);
    expect(foreignLetters("Rivolta d'Adda, 3 volte")).toEqual([]);
  });

  it('names the alphabet in Italian', () => {
    expect(alphabetOf('\u043c')).toBe('cirillico');
    expect(alphabetOf('\u03bf')).toBe('greco');
  });

  it('folds letters to the Latin letters they imitate', () => {
    expect(foldLookAlikes('Crem\u03bfna')).toBe('Cremona');
    expect(foldLookAlikes(seed)).toBe('Cremacco');
  });

  it('retypes a word as the known name it comes closest to', () => {
    expect(retype(`Ambito ${seed}`, districts)).toBe('Ambito Cremasco');
    expect(retype('Vaiano Cre\u043c\u0430\u0441co', municipalities)).toBe('Vaiano Cremasco');
    expect(retype('\u0430ttivit\u00e0 varie', districts)).toBe('attività varie');
  });
});
