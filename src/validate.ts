/** Loaded -> Dataset (validated network and years), or every problem found, each located at its
 * file:line:column with the field, what was found and how to fix it. Pure. */

import { isMap, isPair, isScalar, isSeq, type Scalar, visit } from 'yaml';
import type { z } from 'zod';
import type { Caches, Memo } from './caches.js';
import type { Code } from './codes.js';
import { contrast, DARK_INK, darkened, inkOn, lightness, lightnessGap, MIN_TEXT_CONTRAST, WHITE } from './colour.js';
import { type Dataset, existsIn } from './dataset.js';
import { type Diagnostic, diagnostic, fieldPath, isError } from './diagnostics.js';
import { type Loaded, NETWORK_FILE } from './load.js';
import { type Group, msg, type Text } from './messages.js';
import { type Network, networkSchema, type Vocabulary, type Year, yearSchema } from './schema.js';
import { type AnySchema, defOf, schemaAt, unwrap, walkPath, yamlExample } from './schema-walk.js';
import { keyLocation, locate, nodeAt, type SourceDoc, sourceText } from './source.js';
import { alphabetOf, closest, foldLookAlikes, foreignLetters, retype } from './suggest.js';
import { boundariesMismatch, type Territory } from './territory.js';

export interface ValidateOptions {
  /** The year to build; the latest file by default. */
  year?: number;
  /** The year schemas built by an earlier validation (see caches.ts); without it they are built anew. */
  caches?: Pick<Caches, 'yearSchemas'>;
}

// ---------------------------------------------------------------------------------------------
// zod issue -> diagnostic

/** Whether the blank value at `path` may simply be left out: its own field is optional (the line can go);
 * or, for a required field, the nearest section above it that may be left out as a whole. */
export function requirementAt(schema: AnySchema, path: readonly PropertyKey[]): { optional: true } | { optional: false; section?: PropertyKey[] } {
  const steps = walkPath(schema, path);
  if (steps.at(-1)?.optional) return { optional: true };
  const last = steps.findLastIndex((st, i) => st.optional && i < steps.length - 1);
  return { optional: false, section: last < 0 ? undefined : path.slice(0, last + 1) };
}

type KeyKind = 'district' | 'municipality' | 'field' | 'other';

function enumKind(values: readonly unknown[], vocab: Vocabulary): KeyKind {
  const same = (xs: readonly string[]) => values.length === xs.length && values.every((v) => xs.includes(String(v)));
  if (same(vocab.districts)) return 'district';
  if (same(vocab.municipalities)) return 'municipality';
  return 'other';
}

/** What kind of keys the map at `path` takes, and which keys are known there. */
function keysAt(schema: AnySchema, path: readonly PropertyKey[], vocab: Vocabulary): { kind: KeyKind; known: string[] } {
  const s = schemaAt(schema, path);
  const def = s && defOf(s);
  if (def?.type === 'object' && def.shape) return { kind: 'field', known: Object.keys(def.shape) };
  if (def?.type === 'record' && def.keyType) {
    const kdef = defOf(def.keyType);
    if (kdef.type === 'enum' && kdef.entries) {
      const values = Object.values(kdef.entries);
      return { kind: enumKind(values, vocab), known: values };
    }
  }
  return { kind: 'other', known: [] };
}

/** A name that is not in a closed list: districts and municipalities get their own words. */
function unknownName(found: string, kind: KeyKind, known: readonly string[], vocab: Vocabulary): { code: Code; text: Text; suggestion?: string } {
  // "Nord " (quoted, so the space stays) or "No\u200brd" pasted from a PDF: it looks right on screen.
  const cleaned = found.replace(INVISIBLE_G, '').replace(/\s+/g, ' ').trim();
  if (cleaned !== found && cleaned) {
    const meant = known.includes(cleaned) ? cleaned : closest(cleaned, known);
    const invisible = INVISIBLE_G.test(found);
    INVISIBLE_G.lastIndex = 0;
    return { code: 'spazi-nel-nome', text: msg.nameWithHiddenCharacters(found, invisible, meant), suggestion: meant };
  }
  const letters = foreignLetters(found);
  if (letters.length) {
    const meant = closest(foldLookAlikes(found), known);
    return { code: 'lettere-non-latine', text: msg.foreignLetters(found, letters, alphabetOf(letters[0]), meant), suggestion: meant };
  }
  const suggestion = closest(found, known);
  if (kind === 'district') {
    const declared = vocab.declared?.find((d) => d.name === found);
    if (declared && vocab.year !== undefined) return { code: 'ambito-fuori-periodo', text: msg.districtOutsideYears(found, vocab.year, declared.from, declared.until) };
  }
  if (kind === 'district') return { code: 'ambito-sconosciuto', text: msg.unknownDistrict(found, vocab.districts, suggestion), suggestion };
  if (kind === 'municipality')
    return { code: 'comune-sconosciuto', text: msg.unknownMunicipality(found, vocab.territory ?? { name: 'rete', count: vocab.municipalities.length }, suggestion), suggestion };
  if (kind === 'field') return { code: 'campo-sconosciuto', text: msg.unknownField(found, suggestion), suggestion };
  return { code: 'valore-non-ammesso', text: msg.notAllowed(found, known) };
}

/** Characters that take no room on screen: zero-width spaces and joiners, soft hyphen, byte-order mark. */
const INVISIBLE_G = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

const typeNames: Record<string, string> = {
  number: 'un numero',
  int: 'un numero intero',
  string: 'un testo',
  object: 'un gruppo di righe «nome: valore» rientrate sotto',
  array: 'un elenco (righe che cominciano con "- ")',
  record: 'un gruppo di righe «nome: valore» rientrate sotto',
  boolean: 'true o false',
};

/** What the group of lines at `path` holds (a table by district, by name, some fields), for the messages. */
function groupAt(schema: AnySchema, path: readonly PropertyKey[], vocab: Vocabulary): Group | undefined {
  const s = schemaAt(schema, path);
  const d = s && defOf(s);
  if (d?.type === 'record') {
    const numbers = !!d.valueType && defOf(unwrap(d.valueType).schema).type === 'number';
    const kdef = d.keyType && defOf(d.keyType);
    const keys = kdef?.type === 'enum' && kdef.entries ? Object.values(kdef.entries) : [];
    return keys.length && enumKind(keys, vocab) === 'district' ? { kind: 'districts', names: keys, numbers } : { kind: 'names', numbers };
  }
  if (d?.type === 'object' && d.shape) {
    const fields = Object.entries(d.shape);
    const required = fields.filter(([, v]) => defOf(v).type !== 'optional').map(([k]) => k);
    return { kind: 'fields', names: required.length ? required : fields.map(([k]) => k) };
  }
  return undefined;
}

/** The lines that write the group at `path` (its key at its own column), values blank: what to copy. */
function groupExample(src: SourceDoc, schema: AnySchema, path: readonly PropertyKey[], vocab: Vocabulary): string | undefined {
  const key = path.at(-1);
  if (typeof key !== 'string') return undefined;
  const { col } = keyLocation(src, path.slice(0, -1), key);
  return yamlExample(schema, path, path.length - 1, col - 1, { districts: vocab.districts })?.yaml;
}

function describeFound(input: unknown, typed: string | undefined): string {
  if (typed !== undefined && typed !== '') return `«${typed}»`;
  if (input === null || input === undefined) return 'un valore vuoto';
  if (Array.isArray(input)) return 'un elenco';
  if (typeof input === 'object') return 'un gruppo di campi';
  return `«${String(input)}»`;
}

/** Whether a number schema takes whole numbers only (z.number().int()). */
function isInteger(s: AnySchema | undefined): boolean {
  const checks = (s && (defOf(s) as { checks?: { _zod: { def: { format?: string } } }[] }).checks) ?? [];
  return checks.some((c) => c._zod.def.format === 'safeint');
}

/** "3.308", "1.001.148", "1,217", "12 500" -> the digits a count needs, when the text is a separated integer. */
export function separatedInteger(typed: string): string | undefined {
  const t = typed.trim().replace(/^["']|["']$/g, '');
  // The apostrophe is the Swiss way ("3'308"), sometimes typed by habit.
  if (/^\d{1,3}([.,\u00a0\u202f '’]\d{3})+$/.test(t)) return t.replace(/\D/g, '');
  return undefined;
}

const formatExamples: Record<string, string> = {
  colore: '"#1f5fa8" (tra virgolette, con il cancelletto e sei cifre esadecimali)',
  anno_accademico: '2024/25',
  sito: '"https://www.auser.example.it/assemblea/" (un indirizzo completo che comincia con https://)',
  slide: 'soci-storico (lettere minuscole, cifre e trattini)',
  note: 'soci-storico (lettere minuscole, cifre e trattini)',
  // The YAML templates' own: a slide's id in slides.yaml, a kind's drawings in charts/kinds.yaml.
  id: 'soci-storico (lettere minuscole, cifre e trattini)',
  phone: 'series.phone.vl.json (il nome di una specifica in charts/, che finisce in .vl.json)',
  many: 'district-compare.many.vl.json (il nome di una specifica in charts/, che finisce in .vl.json)',
};

const isMapLike = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

function issueToDiagnostics(issue: z.core.$ZodIssue, src: SourceDoc, schema: AnySchema, vocab: Vocabulary): Diagnostic[] {
  const path = issue.path as PropertyKey[];
  // List items by their name ("controparti › Enti locali › numero"), as the user finds them in the file.
  const field = fieldPath(path, src.value);
  const typed = sourceText(src, path);
  const input = (issue as { input?: unknown }).input;
  const one = (code: Code, text: Text) => [diagnostic(code, text, locate(src, path), field || undefined)];

  switch (issue.code) {
    case 'unrecognized_keys': {
      const { kind, known } = keysAt(schema, path, vocab);
      return issue.keys.map((key) => {
        const { code, text } = unknownName(key, kind, known, vocab);
        return diagnostic(code, text, keyLocation(src, path, key), fieldPath([...path, key], src.value));
      });
    }
    case 'invalid_type': {
      if (input === undefined) {
        const parent = path.slice(0, -1);
        const key = String(path[path.length - 1]);
        const { kind } = keysAt(schema, parent, vocab);
        return [diagnostic(kind === 'district' ? 'ambito-mancante' : 'campo-mancante', kind === 'district' ? msg.missingDistrict(key) : msg.missingField(key), locate(src, path), field)];
      }
      const expected = typeNames[issue.expected] ?? issue.expected;
      if (input === null) {
        // "Nord:" with nothing after it: the key is what the user sees, the empty value has no characters.
        const key = path[path.length - 1];
        const where = typeof key === 'string' ? keyLocation(src, path.slice(0, -1), key) : locate(src, path);
        // "colore: #1f5fa8": after a space, # starts a comment, so the value the user wrote vanished.
        const { node, depth } = nodeAt(src, path);
        const comment = depth === path.length && isScalar(node) ? node.comment : undefined;
        // "# nel 2025: 3503" (a space after the #) is a note beside a blank, as new-year writes them: the value is just missing.
        if (comment && !/^\s/.test(comment)) return [diagnostic('valore-commento', msg.valueIsComment(`#${comment.trimEnd()}`), locate(src, path), field || undefined)];
        const need = requirementAt(schema, path);
        const requirement = need.optional ? ('facoltativo' as const) : { section: need.section && fieldPath(need.section, src.value) };
        // "consegne:" with nothing under it: what the group holds, and the lines to write.
        const group = groupAt(schema, path, vocab);
        if (group && typeof key === 'string') return [diagnostic('valore-mancante', msg.emptyGroup(key, group, requirement, groupExample(src, schema, path, vocab)), where, field || undefined)];
        return [diagnostic('valore-mancante', msg.emptyValue(expected, requirement), where, field || undefined)];
      }
      if (issue.expected === 'number' || issue.expected === 'int') {
        const digits = typed !== undefined ? separatedInteger(typed) : undefined;
        if (digits) return one('numero-con-punti', msg.thousandsSeparator(typed!.trim(), digits));
        // "25,5": the Italian decimal comma. A share may have decimals, written with a point; a count may not.
        const comma = typed !== undefined ? /^["']?(-?\d+),(\d+)["']?$/.exec(typed.trim()) : null;
        if (comma) {
          return isInteger(schemaAt(schema, path))
            ? one('numero-non-intero', msg.notAWholeNumber(typed!.trim()))
            : one('decimale-con-virgola', msg.decimalComma(typed!.trim(), `${comma[1]}.${comma[2]}`));
        }
        if (typeof input === 'number') return one('numero-non-intero', msg.notAWholeNumber(typed ?? String(input)));
        const quoted = typed !== undefined ? /^(["'])\s*(-?\d+(?:\.\d+)?)\s*\1$/.exec(typed.trim()) : null;
        if (quoted) return one('numero-tra-virgolette', msg.quotedNumber(typed!.trim(), quoted[2]));
        return one('non-numero', msg.notANumber(typed ?? String(input)));
      }
      // "consegne: 1200" (or a list) where a line per district goes: say so in plain words, with the lines to write.
      const group = groupAt(schema, path, vocab);
      const key = path.at(-1);
      if (group && typeof key === 'string') {
        const example = groupExample(src, schema, path, vocab);
        return one('tipo-errato', Array.isArray(input) ? msg.listInsteadOfGroup(key, group, example) : msg.groupExpected(key, describeFound(input, typed), group, example));
      }
      if ((issue.expected === 'object' || issue.expected === 'record') && Array.isArray(input)) return one('tipo-errato', msg.listInsteadOfMap(expected));
      // "needs: network": one value where a list goes.
      if (issue.expected === 'array' && typeof key === 'string' && (typeof input === 'string' || typeof input === 'number')) return one('tipo-errato', msg.listExpected(key, typed ?? String(input)));
      return one('tipo-errato', msg.wrongType(expected, describeFound(input, typed)));
    }
    case 'too_small': {
      if (issue.origin === 'number' && typeof input === 'number' && input < 0 && Number(issue.minimum) === 0) {
        return one('numero-negativo', msg.negative(typed ?? String(input)));
      }
      if (issue.origin === 'string') return one('testo-vuoto', msg.emptyText());
      if (issue.origin === 'array') return one('elenco-vuoto', msg.emptyList());
      return one('numero-troppo-piccolo', msg.tooSmall(typed ?? String(input), Number(issue.minimum)));
    }
    case 'too_big':
      // Past 2^53 a number cannot even be kept exactly: no count in these files comes near it.
      if (Number(issue.maximum) >= Number.MAX_SAFE_INTEGER) return one('numero-troppo-grande', msg.hugeNumber(typed ?? String(input)));
      return one('numero-troppo-grande', msg.tooBig(typed ?? String(input), Number(issue.maximum)));
    case 'invalid_format': {
      if (issue.format === 'date') return one('data-non-valida', msg.badDate(typed ?? String(input)));
      const key = String([...path].reverse().find((p) => typeof p === 'string') ?? '');
      return one('formato-non-valido', msg.badFormat(typed ?? String(input), formatExamples[key] ?? 'un valore come negli altri file'));
    }
    case 'invalid_value': {
      const kind = enumKind(issue.values, vocab);
      const { code, text } = unknownName(String(input), kind, issue.values.map(String), vocab);
      return one(code, text);
    }
    case 'invalid_key': {
      // A key of a free-form map (note: slide id) that is not written the way such keys are.
      const key = String(path[path.length - 1]);
      const parent = path.slice(0, -1);
      const example = formatExamples[String(parent[parent.length - 1])] ?? 'un nome come negli altri file';
      return [diagnostic('nome-non-valido', msg.badKey(key, example), keyLocation(src, parent, key), field)];
    }
    case 'invalid_union': {
      // A value of one of a few kinds (a text or a number; true or a text): each kind it may be, in words.
      const kinds = issue.errors.flatMap((branch) =>
        branch.map((i) => (i.code === 'invalid_type' ? (typeNames[i.expected] ?? i.expected) : i.code === 'invalid_value' ? i.values.map(String).join(' o ') : undefined)),
      );
      if (kinds.length && kinds.every((k) => k !== undefined)) return one('tipo-errato', msg.wrongType([...new Set(kinds)].join(' o '), describeFound(input, typed)));
      return one('valore-non-valido', msg.wrongType('un valore diverso', describeFound(input, typed)));
    }
    default:
      return one('valore-non-valido', msg.wrongType('un valore diverso', describeFound(input, typed)));
  }
}

/** A misspelt key ("per_ambbito", "Nordd") also leaves the key it meant missing; the user needs to
 * hear about the misspelling only, so "missing X" goes when an unknown key next to it suggests X. */
function explainedMissing(issues: readonly z.core.$ZodIssue[], src: SourceDoc, schema: AnySchema, vocab: Vocabulary): Set<string> {
  const explained = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const path = issue.path as PropertyKey[];
    const { kind, known } = keysAt(schema, path, vocab);
    for (const key of issue.keys) {
      const { suggestion } = unknownName(key, kind, known, vocab);
      // Named as the diagnostics name their field (a list item by its name).
      if (suggestion) explained.add(fieldPath([...path, suggestion], src.value));
    }
  }
  return explained;
}

/** A parsed YAML file against its schema: the value, or every mistake as a located diagnostic in Italian
 * (a data file's, and a YAML template's: an outline or chart definitions in data/modelli/, which name no
 * district or municipality). */
export function validateSource<T>(schema: z.ZodType<T>, src: SourceDoc, vocab: Vocabulary = { districts: [], municipalities: [] }): { value?: T; diagnostics: Diagnostic[] } {
  const r = schema.safeParse(src.value, { reportInput: true });
  if (r.success) return { value: r.data, diagnostics: [] };
  const { issues, diagnostics } = misindented(r.error.issues, src);
  const explained = explainedMissing(issues, src, schema, vocab);
  const missing = (d: Diagnostic) => (d.code === 'campo-mancante' || d.code === 'ambito-mancante') && explained.has(d.field ?? '');
  return { diagnostics: [...diagnostics, ...issues.flatMap((i) => issueToDiagnostics(i, src, schema, vocab)).filter((d) => !missing(d))] };
}

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => a.length === b.length && a.every((k, i) => String(k) === String(b[i]));

/** A field unknown where it is and missing one level in or out, beside it: its line is indented too little
 * ("parts:" out of "split:") or too much. One mistake, said as such at the line, instead of an unknown
 * field and a missing one; the rest of the issues, without the two. */
function misindented(all: readonly z.core.$ZodIssue[], src: SourceDoc): { issues: z.core.$ZodIssue[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const used = new Set<z.core.$ZodIssue>();
  const isMissing = (i: z.core.$ZodIssue) => i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined && !used.has(i);
  const issues = all.flatMap((issue): z.core.$ZodIssue[] => {
    if (issue.code !== 'unrecognized_keys') return [issue];
    const at = issue.path as PropertyKey[];
    const keys = issue.keys.filter((key) => {
      // Too little: the key belongs to a group inside this map (`at` + group + key is missing).
      const inner = all.find((m) => isMissing(m) && m.path.length === at.length + 2 && samePath(m.path.slice(0, at.length), at) && m.path.at(-1) === key);
      // Too much: the key belongs to the map around this one (`at` minus its last step, + key, is missing).
      const outer = at.length > 0 && all.find((m) => isMissing(m) && samePath(m.path, [...at.slice(0, -1), key]));
      const match = inner || outer;
      if (!match) return true;
      used.add(match);
      const group = inner ? inner.path[at.length] : at.at(-1)!;
      const groupName =
        typeof group === 'number'
          ? fieldPath([...(inner ? at : at.slice(0, -1)), group], src.value)
              .split(' › ')
              .at(-1)!
          : String(group);
      const text = inner ? msg.indentedTooLittle(key, groupName) : msg.indentedTooMuch(key, groupName);
      diagnostics.push(diagnostic('yaml-rientro', text, keyLocation(src, at, key), fieldPath([...(inner ? at.concat(group) : at.slice(0, -1)), key], src.value)));
      return false;
    });
    return keys.length ? [{ ...issue, keys }] : [];
  });
  return { issues: issues.filter((i) => !used.has(i)), diagnostics };
}

// ---------------------------------------------------------------------------------------------
// checks the schema cannot express

/** Free text pasted from a PDF may carry look-alike letters ("Creмасco"); warn where errors did not already.
 * `names` are the words a retyped text is likely to contain (districts, municipalities). */
function lookAlikeWarnings(src: SourceDoc, already: Diagnostic[], names: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const flagged = new Set(already.map((d) => `${d.at?.line}:${d.at?.col}`));
  const districtNames = new Set<Scalar>();
  if (src.file.endsWith(NETWORK_FILE)) {
    const ambiti = src.doc.get('ambiti');
    if (isSeq(ambiti)) for (const a of ambiti.items) if (isMap(a) && isScalar(a.get('nome', true))) districtNames.add(a.get('nome', true) as Scalar);
  }
  const district = (node: Scalar) => districtNames.has(node);
  visit(src.doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value !== 'string' || !node.range) return;
      const letters = foreignLetters(node.value).filter((ch) => /\p{L}/u.test(ch));
      if (!letters.length || !/\p{Script=Latin}/u.test(node.value)) return;
      const { line, col } = src.lines.linePos(node.range[0]);
      if (flagged.has(`${line}:${col}`)) return;
      out.push(
        diagnostic(
          'lettere-non-latine',
          msg.foreignLetters(node.value, letters, alphabetOf(letters[0]), retype(node.value, names)),
          { file: src.file, line, col },
          undefined,
          // A district's name is a name every year file must match: a look-alike there is an error.
          district(node) ? 'error' : 'warning',
        ),
      );
    },
  });
  return out;
}

/** Checks on the raw value, so that they are reported together with any schema error of the same file. */
function yearChecks(src: SourceDoc, fromName: number, schemaDiagnostics: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const y = src.value as Record<string, unknown>;
  const reported = (field: string) => schemaDiagnostics.some((d) => d.field === field || d.field?.startsWith(`${field} › `));
  if (typeof y.anno === 'number' && y.anno !== fromName && !reported('anno')) {
    out.push(diagnostic('anno-diverso', msg.yearMismatch(y.anno, fromName), locate(src, ['anno']), 'anno'));
  }

  /** Each municipality's first district, and where it is listed there. */
  const where = new Map<string, { district: string; line: number }>();
  const byDistrict = isMapLike(y.convenzioni) && isMapLike(y.convenzioni.per_ambito) ? y.convenzioni.per_ambito : {};
  for (const [district, c] of Object.entries(byDistrict)) {
    if (!isMapLike(c) || !Array.isArray(c.comuni)) continue;
    /** This district's municipalities, with the line of each. */
    const seen = new Map<string, number>();
    c.comuni.forEach((name, i) => {
      if (typeof name !== 'string') return;
      const path = ['convenzioni', 'per_ambito', district, 'comuni', i];
      const at = locate(src, path);
      if (seen.has(name)) out.push(diagnostic('comune-ripetuto', msg.municipalityTwice(name, district, seen.get(name)!, at.line), at, fieldPath(path)));
      else if (where.has(name)) {
        const first = where.get(name)!;
        out.push(diagnostic('comune-in-due-ambiti', msg.municipalityInTwoDistricts(name, first, { district, line: at.line }), at, fieldPath(path)));
      }
      if (!seen.has(name)) seen.set(name, at.line);
      if (!where.has(name)) where.set(name, { district, line: at.line });
    });
  }
  // Any other list of texts (services, activities, members...): a line duplicated by mistake would show twice.
  visit(src.doc, {
    Seq(_k, seq, ancestors) {
      const inConventions = ancestors.some((a) => isPair(a) && isScalar(a.key) && a.key.value === 'convenzioni');
      if (inConventions) return;
      const seen = new Set<string>();
      for (const item of seq.items) {
        if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
        if (seen.has(item.value)) {
          const { line, col } = src.lines.linePos(item.range[0]);
          out.push(diagnostic('voce-ripetuta', msg.duplicateInList(item.value), { file: src.file, line, col }, fieldOf([...ancestors, seq], item), 'warning'));
        }
        seen.add(item.value);
      }
    },
  });

  const v = y.volontari;
  if (isMapLike(v) && v.totale === undefined && v.per_ambito === undefined && !reported('volontari')) {
    out.push(diagnostic('volontari-mancanti', msg.volunteersMissing(), locate(src, ['volontari']), 'volontari'));
  }
  return out;
}

/** The field path of a node met while visiting the document, from the pairs and list items above it. */
function fieldOf(ancestors: readonly unknown[], node: unknown): string | undefined {
  const path: PropertyKey[] = [];
  const chain = [...ancestors, node];
  chain.forEach((a, i) => {
    if (isPair(a) && isScalar(a.key)) {
      if (a.key !== node) path.push(String(a.key.value));
    } else if (isSeq(a)) path.push(a.items.indexOf(chain[i + 1] as never));
  });
  return fieldPath(path) || undefined;
}

/** Numbers the way YAML reads them but no office writes them: 0x10 (hexadecimal), 0o17 (octal), 1e3,
 * .inf, .nan. Each would reach the deck as a different number, or as none. */
function numberNotation(src: SourceDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(src.doc, {
    Scalar(_k, node: Scalar, ancestors) {
      if (typeof node.value !== 'number' || !node.range || node.type !== 'PLAIN') return;
      const typed = src.text.slice(node.range[0], node.range[1]).trim();
      if (/^[-+]?\d+(\.\d+)?$/.test(typed)) return;
      const value = node.value;
      const readAs = Number.isNaN(value) ? 'nan' : !Number.isFinite(value) ? 'inf' : value;
      const { line, col } = src.lines.linePos(node.range[0]);
      out.push(diagnostic('numero-in-notazione', msg.numberNotation(typed, readAs), { file: src.file, line, col }, fieldOf(ancestors, node)));
    },
  });
  return out;
}

/** Schema diagnostics at a place another check already explained better are left out. */
function besides(own: readonly Diagnostic[], schema: readonly Diagnostic[]): Diagnostic[] {
  const taken = new Set(own.map((d) => `${d.at?.line}:${d.at?.col}`));
  return schema.filter((d) => !taken.has(`${d.at?.line}:${d.at?.col}`));
}

/** Two districts with one name would merge in every table; two with one colour, or with colours of one
 * lightness once printed in black and white, could not be told apart in a chart. */
function networkChecks(network: Network, src: SourceDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = new Map<string, number>();
  const colours = new Map<string, number>();
  const gap = lightnessGap(network.ambiti.length);
  network.ambiti.forEach((a, i) => {
    if (a.dal !== undefined && a.fino_al !== undefined && a.fino_al < a.dal) {
      out.push(diagnostic('ambito-anni-invertiti', msg.districtYears(a.nome, a.dal, a.fino_al), locate(src, ['ambiti', i, 'fino_al']), fieldPath(['ambiti', i, 'fino_al'])));
    }
    const first = names.get(a.nome);
    if (first !== undefined) {
      out.push(diagnostic('ambito-ripetuto', msg.districtTwice(a.nome, locate(src, ['ambiti', first, 'nome']).line), locate(src, ['ambiti', i, 'nome']), fieldPath(['ambiti', i, 'nome'])));
    } else names.set(a.nome, i);
    const colour = a.colore.toLowerCase();
    // The figures written on a district's bars are white or dark ink, whichever reads: a middle lightness
    // leaves both under 4.5:1. (Its name written on white is darkened by the build where it would not read.)
    const labels = contrast(colour, inkOn(colour));
    if (labels < MIN_TEXT_CONTRAST) {
      out.push(
        diagnostic(
          'colore-ambito-contrasto',
          msg.districtColourContrast(a.nome, a.colore, Math.max(contrast(colour, WHITE), contrast(colour, DARK_INK)), darkened(colour, WHITE)),
          locate(src, ['ambiti', i, 'colore']),
          fieldPath(['ambiti', i, 'colore']),
          'warning',
        ),
      );
    }
    const same = colours.get(colour);
    if (same !== undefined) {
      out.push(diagnostic('colore-ripetuto', msg.colourTwice(a.colore, network.ambiti[same].nome, a.nome), locate(src, ['ambiti', i, 'colore']), fieldPath(['ambiti', i, 'colore']), 'warning'));
    } else {
      // Printed in black and white (the handout), colours of one lightness are one grey.
      for (const [other, j] of colours) {
        const [l1, l2] = [lightness(other), lightness(colour)];
        if (Math.abs(l1 - l2) < gap) {
          out.push(
            diagnostic(
              'colori-simili-in-grigio',
              msg.coloursSameGrey(network.ambiti[j].nome, a.nome, l1, l2, network.ambiti.length),
              locate(src, ['ambiti', i, 'colore']),
              fieldPath(['ambiti', i, 'colore']),
              'warning',
            ),
          );
          break;
        }
      }
      colours.set(colour, i);
    }
  });
  return out;
}

/** A district name that several year files use and rete.yaml does not declare: the slip is most likely
 * in rete.yaml (a district renamed, retyped or removed there). Say it once, where it can be fixed,
 * instead of once for every table of every year. */
function undeclaredDistricts(diagnostics: Diagnostic[], network: Network, src: SourceDoc, yearSources: readonly SourceDoc[]): Diagnostic[] {
  const unknown = diagnostics.filter((d) => d.code === 'ambito-sconosciuto' && d.field);
  const byName = new Map<string, Diagnostic[]>();
  for (const d of unknown) {
    const name = d.field!.split(' › ').at(-1)!;
    byName.set(name, [...(byName.get(name) ?? []), d]);
  }
  const replaced = new Set<Diagnostic>();
  const added: Diagnostic[] = [];
  // A declared name the year files do use is not the one that was mistyped.
  const keys = new Set<string>();
  for (const y of yearSources) {
    visit(y.doc, {
      Pair(_k, pair) {
        if (isScalar(pair.key)) keys.add(String(pair.key.value));
      },
    });
  }
  const declared = network.ambiti.map((a) => a.nome).filter((n) => !keys.has(n));
  for (const [name, ds] of byName) {
    const files = [...new Set(ds.map((d) => d.at?.file ?? ''))];
    if (files.length < 2) continue;
    ds.forEach((d) => replaced.add(d));
    const meant = closest(name, declared);
    const i = meant === undefined ? -1 : network.ambiti.findIndex((a) => a.nome === meant);
    const at = i >= 0 ? locate(src, ['ambiti', i, 'nome']) : keyLocation(src, [], 'ambiti');
    const shown = files.map((f) => f.split(/[\\/]/).at(-1)!);
    added.push(diagnostic('ambito-non-dichiarato', msg.districtUsedNotDeclared(name, shown, ds.length, meant), at, i >= 0 ? fieldPath(['ambiti', i, 'nome']) : 'ambiti'));
  }
  return [...added, ...diagnostics.filter((d) => !replaced.has(d))];
}

// ---------------------------------------------------------------------------------------------

/** The words the year files may use. With `year`, only the districts that existed that year (rete.yaml's
 * dal / fino_al): a year file must give each of those, and naming another is an error. */
export function vocabularyOf(network: Network, territory: Pick<Territory, 'municipalities'> | undefined, year?: number): Vocabulary {
  const declared = network.ambiti.map((a) => ({ name: a.nome, from: a.dal, until: a.fino_al }));
  return {
    districts: declared.filter((d) => year === undefined || existsIn(d, year)).map((d) => d.name),
    municipalities: (territory?.municipalities ?? []).map((m) => m.name).sort((a, b) => a.localeCompare(b, 'it')),
    territory: territory && network.territorio && { name: network.territorio.nome, count: territory.municipalities.length },
    declared,
    year,
  };
}

/** The year schema of a vocabulary, built once while `memo` lasts: the live preview validates on every
 * save, and building the schema took as long as validating with it. */
function yearSchemaOf(v: Vocabulary, memo?: Memo<ReturnType<typeof yearSchema>>): ReturnType<typeof yearSchema> {
  const key = JSON.stringify(v);
  return memo?.get(key) ?? (memo ? memo.set(key, yearSchema(v)) : yearSchema(v));
}

/** The municipality names a year file writes (as written, before validation): where the schema takes one. */
function municipalitiesWritten(doc: unknown): string[] {
  const y = (doc ?? {}) as Record<string, any>;
  const strings = (xs: unknown) => (Array.isArray(xs) ? xs.filter((x): x is string => typeof x === 'string') : []);
  const out: string[] = [];
  const byDistrict = y.convenzioni?.per_ambito;
  if (byDistrict && typeof byDistrict === 'object') for (const d of Object.values(byDistrict)) out.push(...strings((d as any)?.comuni));
  if (Array.isArray(y.officine_aiuto)) out.push(...strings(y.officine_aiuto.map((o: any) => o?.comune)));
  out.push(...strings(y.turismo_sociale?.organizzatori));
  if (Array.isArray(y.apprendimento_permanente?.iniziative)) out.push(...strings(y.apprendimento_permanente.iniziative.map((i: any) => i?.comune)));
  if (y.unipop?.corsi_per_comune && typeof y.unipop.corsi_per_comune === 'object') out.push(...Object.keys(y.unipop.corsi_per_comune));
  return out.map((n) => n.trim());
}

/** The schema the built year's file was validated with (the same one, from the caches validate was given). */
export const datasetSchema = (ds: Dataset, caches?: Pick<Caches, 'yearSchemas'>): ReturnType<typeof yearSchema> => yearSchemaOf(vocabularyOf(ds.network, ds, ds.year), caches?.yearSchemas);

export function validate(loaded: Loaded, options: ValidateOptions = {}): { dataset?: Dataset; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (!loaded.network) return { diagnostics };

  const geoNames = (loaded.territory?.municipalities ?? []).map((m) => m.name);
  const net = validateSource(networkSchema(), loaded.network, { districts: [], municipalities: [] });
  // Without a territory nothing can be checked: say what to add, with an example.
  net.diagnostics = net.diagnostics.map((d) => (d.code === 'campo-mancante' && d.field === 'territorio' ? { ...d, code: 'territorio-mancante', ...msg.territoryMissing() } : d));
  const netNotation = numberNotation(loaded.network);
  const netLetters = lookAlikeWarnings(loaded.network, net.diagnostics, geoNames);
  diagnostics.push(...netNotation, ...besides(netNotation, net.diagnostics), ...netLetters);
  if (!net.value || netLetters.some(isError)) return { diagnostics };
  const network = net.value;
  const netChecks = networkChecks(network, loaded.network);
  diagnostics.push(...netChecks);
  // Year files are checked against the declared districts: with two of one name, every check would mislead.
  if (netChecks.some(isError)) return { diagnostics };
  // The boundaries could not be used: load said why, at territorio › confini.
  if (!loaded.territory) return { diagnostics };
  const territory = loaded.territory;
  // Another province's boundaries left in place: said once, where the file is named.
  const mismatch = boundariesMismatch(
    network.territorio.nome,
    territory,
    loaded.years.flatMap((y) => municipalitiesWritten(y.source.value)),
  );
  if (mismatch) {
    const at = locate(loaded.network, ['territorio', 'confini']);
    diagnostics.push(
      diagnostic(
        'confini-di-un-altro-territorio',
        msg.boundariesOtherTerritory(network.territorio.confini, network.territorio.nome, territory.municipalities.length, mismatch),
        at,
        'territorio › confini',
      ),
    );
    return { diagnostics };
  }

  const vocab = vocabularyOf(network, territory);
  const available = loaded.years.map((y) => y.year);
  const year = options.year ?? Math.max(...available);
  if (!available.includes(year)) {
    // A file that exists but could not be read has already been reported; "missing" would mislead.
    const unreadable = loaded.diagnostics.some((d) => d.at && new RegExp(`(^|[\\\\/])${year}\\.ya?ml$`).test(d.at.file));
    if (available.length && !unreadable) diagnostics.push(diagnostic('anno-assente', msg.yearNotFound(year, available), undefined));
    return { diagnostics };
  }

  const names = [...vocab.districts, ...vocab.municipalities];
  const years = new Map<number, Year>();
  const sources = new Map<number, SourceDoc>();
  const firstFile = new Map<number, string>();
  for (const { year: y, source } of [...loaded.years].sort((a, b) => a.year - b.year)) {
    if (y > year) continue;
    // 2025.yaml and 2025.yml: one would silently replace the other.
    if (firstFile.has(y)) {
      diagnostics.push(diagnostic('anno-doppio', msg.yearTwice(y, firstFile.get(y)!, source.file), { file: source.file, line: 1, col: 1 }));
      continue;
    }
    firstFile.set(y, source.file);
    const yearVocab = vocabularyOf(network, territory, y);
    const r = validateSource(yearSchemaOf(yearVocab, options.caches?.yearSchemas), source, yearVocab);
    const notation = numberNotation(source);
    const found = [...notation, ...besides(notation, r.diagnostics)];
    diagnostics.push(...found, ...lookAlikeWarnings(source, found, names), ...yearChecks(source, y, found));
    if (!r.value) continue;
    years.set(y, r.value);
    sources.set(y, source);
  }

  const located = undeclaredDistricts(
    diagnostics,
    network,
    loaded.network,
    loaded.years.map((y) => y.source),
  );
  diagnostics.splice(0, diagnostics.length, ...located);

  const districts = network.ambiti.map((a) => ({ name: a.nome, colour: a.colore, from: a.dal, until: a.fino_al }));
  const place = { name: network.territorio.nome, attribution: network.territorio.attribuzione, topology: territory.topology };
  return { dataset: { network, districts, municipalities: territory.municipalities, year, years, sources, networkSource: loaded.network, territory: place }, diagnostics };
}
