/** A misspelled name -> the known name it most likely meant; look-alike letters from other alphabets. Pure. */

/** Cyrillic and Greek letters that look like Latin ones (what PDF extraction and pasted text leave behind). */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  с: 'c',
  е: 'e',
  ё: 'e',
  н: 'h',
  і: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  о: 'o',
  р: 'p',
  ѕ: 's',
  т: 't',
  у: 'y',
  х: 'x',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  А: 'A',
  В: 'B',
  С: 'C',
  Е: 'E',
  Н: 'H',
  І: 'I',
  Ј: 'J',
  К: 'K',
  М: 'M',
  О: 'O',
  Р: 'P',
  Ѕ: 'S',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  τ: 't',
  υ: 'u',
  χ: 'x',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};

/** Letters of `s` that are not Latin (nor digits, punctuation or spaces), each once, in order. */
export function foreignLetters(s: string): string[] {
  const found = s.match(/[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/gu) ?? [];
  return [...new Set(found)];
}

/** Name of the alphabet of a letter, in Italian, for the message. */
export function alphabetOf(ch: string): string {
  if (/\p{Script=Cyrillic}/u.test(ch)) return 'cirillico';
  if (/\p{Script=Greek}/u.test(ch)) return 'greco';
  return 'non latino';
}

/** Replace look-alike letters with the Latin letter they imitate. */
export function foldLookAlikes(s: string): string {
  return [...s].map((ch) => LOOK_ALIKES[ch] ?? ch).join('');
}

/** Case, accents, apostrophes and hyphens do not tell names apart for the purpose of a suggestion. */
function normalise(s: string): string {
  return foldLookAlikes(s)
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[’'`´-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Each way a person may shorten a name: the whole, and its leading words ("Borgo" for "Borgo San Giacomo"). */
function variants(name: string): string[] {
  const words = normalise(name).split(' ');
  return words.map((_, i) => words.slice(0, i + 1).join(' '));
}

/** Edits from one word to the other (a letter missing, extra or wrong), a swap of two neighbouring
 * letters counting as one ("biuld" -> "build", "Mialno" -> "Milano"): the slips people make typing. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const FIRST_LETTER_PENALTY = 0.15;

/** The candidate closest to `input`, or undefined when none is close enough to be a helpful guess. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = normalise(input);
  if (!wanted) return undefined;
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    for (const v of variants(name)) {
      // Relative distance: one slip in a short name weighs as much as three in a long one. People
      // seldom get the first letter wrong, so a guess that changes it must be closer ("Milano" is not "Izano").
      const score = editDistance(wanted, v) / Math.max(wanted.length, v.length) + (wanted[0] === v[0] ? 0 : FIRST_LETTER_PENALTY);
      if (!best || score < best.score) best = { name, score };
    }
  }
  return best && best.score <= 0.34 ? best.name : undefined;
}

/** Text with look-alike letters -> the text to type instead. A look-alike is not always the letter it
 * imitates (the seed's "Creмасco" has a Cyrillic "с" where an "s" belongs), so a word that comes
 * close to a known name becomes that name; any other word gets its letters folded one by one. */
export function retype(text: string, names: readonly string[]): string {
  const words = [...new Set(names.flatMap((n) => n.split(/[\s'’-]+/)).filter((w) => w.length >= 4))];
  return text.replace(/[\p{L}\p{M}]+/gu, (word) => {
    if (!foreignLetters(word).length) return word;
    const folded = foldLookAlikes(word);
    return closest(folded, words) ?? folded;
  });
}
