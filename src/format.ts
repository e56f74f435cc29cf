/** Numbers, percentages, signed differences and dates in Italian: the one place that formats. Pure. */
import type { Memo } from './caches.js';

// signDisplay 'negative' and 'exceptZero': a value that rounds to zero is "0", never "−0" or "+0,0%".
const integer = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 0, signDisplay: 'negative' });
const signedInteger = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const oneDecimal = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 1, signDisplay: 'negative' });
const longDate = new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The typographic minus, as printed material uses it. */
export const MINUS = '\u2212';

const minus = (s: string) => s.replace('-', MINUS);

/** 1001148 -> "1.001.148"; 9.06 -> "9" (counts are shown whole). */
export function formatNumber(n: number): string {
  return minus(integer.format(n));
}

/** 9.06 -> "9,1" (for ratios that need a decimal). */
export function formatDecimal(n: number): string {
  return minus(oneDecimal.format(n));
}

/** 0.5134 -> "51%" (a share between 0 and 1, rounded to a whole percent). */
export function formatPercent(share: number, digits = 0): string {
  const f = new Intl.NumberFormat('it-IT', { maximumFractionDigits: digits, minimumFractionDigits: digits, signDisplay: 'negative' });
  return `${minus(f.format(share * 100))}%`;
}

/** 108 -> "+108"; -283 -> "−283" (real minus); 0 -> "0". */
export function formatSigned(n: number): string {
  return minus(signedInteger.format(n));
}

/** 0.078 -> "+7,8%" (a relative change); a change that rounds to zero is "0,0%". */
export function formatSignedPercent(change: number, digits = 1): string {
  const f = new Intl.NumberFormat('it-IT', { maximumFractionDigits: digits, minimumFractionDigits: digits, signDisplay: 'exceptZero' });
  return `${minus(f.format(change * 100))}%`;
}

/** The noun that agrees with a count: 1 -> one, anything else (0, 2, 1.5) -> many ("1 comune", "0 comuni"). */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

const dayMonth = new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const yearOnly = new Intl.DateTimeFormat('it-IT', { year: 'numeric', timeZone: 'UTC' });

/** "2026-05-16" -> "16 maggio 2026"; its part 'day-month' -> "16 maggio", 'year' -> "2026" (for a
 * date set on two lines, where the whole date would not fit its column). */
export function formatDate(iso: string, part?: 'day-month' | 'year'): string {
  const date = new Date(`${iso}T00:00:00Z`);
  return (part === 'day-month' ? dayMonth : part === 'year' ? yearOnly : longDate).format(date);
}

const NBSP = '\u00a0';

/** Italian words that cling to the word after them (articles, prepositions, conjunctions): a line should
 * not end on one («in un / anno»), and a number is not bound to one («20 con la sede»). */
export const CLINGING: ReadonlySet<string> = new Set(
  'a ad al allo alla ai agli alle con da dal dallo dalla dai dagli dalle dei degli del dello della delle di e ed i il in la le lo gli l’ ma nel nello nella nei negli nelle o od per su sul sullo sulla sui sugli sulle tra fra un uno una un’ più'.split(
    ' ',
  ),
);

/** Plain typing -> Italian typography, for text that is shown: ’ for the apostrophe, « » for straight
 * double quotes, – in a range of numbers (2020–2025, not a date like 2026-05-16), a spaced hyphen as
 * a dash, and a non-breaking space between a number and the word after it (1.217 volontari, not before
 * a word that clings to the next: «20 con la sede») and
 * inside a date (16 maggio 2026); a place name keeps its elided words on one line: no break after «Ca’»
 * or «de’» (Ca’ d’Andrea, Cingia de’ Botti) nor before «d’» and a capital (Rivolta d’Adda); a short aside
 * with a figure stays whole («(9,5 nel 2024)» never breaks as «(9,5 / nel 2024)») and a change or a share in brackets on the line
 * of the figure before it («−615 (−0,9%)», «28 (54%)»; not «nel 2025 (9,5 nel 2024)», too long a unit). The data
 * files keep plain typing; this runs when the pages are rendered. Idempotent. */
export function typeset(text: string): string {
  return text
    .replace(/(?<=\p{L})'/gu, '’')
    .replace(/'(?=\p{L})/gu, '’')
    .replace(/"([^"\n]+)"/g, '«$1»')
    .replace(/(?<![\d-])(\d{1,4}) ?- ?(\d{1,4})(?![\d-])/g, '$1–$2')
    .replace(/ - /g, ' – ')
    .replace(/(\d[%]?) (?=(\p{L}[\p{L}’]*))/gu, (all, n: string, word: string) => (CLINGING.has(word.toLowerCase()) ? all : `${n}${NBSP}`))
    .replace(/(?<=\p{L}’) (?=\p{L})|(?<=\p{L}) (?=d’\p{Lu})/gu, NBSP)
    .replace(MONTH_YEAR, `$1${NBSP}$2`)
    .replace(/\([^()\n]{1,16}\)/g, (m) => (/\d/.test(m) ? m.replace(/ /g, NBSP) : m))
    .replace(/(?<=\d%?) (?=\([+−-][\d.,]+%?\)|\(\d[\d.,]*%\))/g, NBSP);
}

/** A slide's sentences (its `text` and `caption`, render.ts) keep short phrases on one line: a short word
 * that clings to the next one (the last of a run, with a short next word: «e il 3%» breaks «e / il 3%»,
 * never «e il / 3%») does not end a line, nor does a line break inside a name of capitalised words («Croce
 * Rossa», «Casa di Riposo»). Only there: names, headings, tables and files keep their plain spaces.
 * Idempotent. */
export function bindPhrases(text: string): string {
  return text
    .replace(/(?<![\p{L}\d’])(\p{L}+) (?=([\p{L}\d«(+−–-][^\s]*))/gu, (all, word: string, next: string) =>
      CLINGING.has(word.toLowerCase()) && !CLINGING.has(next.toLowerCase()) && word.length + next.length <= BOUND_PAIR ? `${word}${NBSP}` : all,
    )
    .replace(/(?<![\p{L}’])(\p{Lu}[\p{L}’]*) (?=\p{Lu}\p{Ll})/gu, `$1${NBSP}`);
}

/** A word that clings is kept with the next one when the two are at most this many letters: «il 3%», «nel
 * 2024», but not «una sperimentazione», which would leave a narrow column's line half empty. */
const BOUND_PAIR = 12;

/** A month and its year stay on one line ("16 maggio 2026" never breaks inside). */
const MONTH_YEAR = /\b(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre) (\d{4})\b/gi;

const ENTITIES: Record<string, string> = { '&#x27;': "'", '&#39;': "'", '&apos;': "'", '&quot;': '"', '&#34;': '"' };

/** The same for HTML: only the text between tags changes (never an attribute, a style or a script);
 * the quote entities Handlebars writes are read as the characters they stand for first. */
export function typesetHtml(html: string, memo?: Memo<string>): string {
  const known = memo?.get(html);
  if (known !== undefined) return known;
  const done = typesetHtmlOnce(html);
  // The live preview renders every slide again on each save: an unchanged slide is typeset once.
  // (Whole pages, which change on every save, are not kept.)
  if (html.length <= 200_000) memo?.set(html, done);
  return done;
}

function typesetHtmlOnce(html: string): string {
  let skip = false;
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<(style|script)\b/i.test(part)) skip = true;
        else if (/^<\/(style|script)\b/i.test(part)) skip = false;
        return part;
      }
      if (skip || !part.trim()) return part;
      return typeset(part.replace(/&#x27;|&#39;|&apos;|&quot;|&#34;/g, (e) => ENTITIES[e]));
    })
    .join('');
}
