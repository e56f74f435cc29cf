/** YAML text -> SourceDoc (the parsed document, its line counter and plain value) or located diagnostics;
 * and field path -> file:line:column. Pure: the text comes from `load`. */

import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, type Scalar, visit, type YAMLError } from 'yaml';
import type { Code } from './codes.js';
import type { Diagnostic, Location } from './diagnostics.js';
import { diagnostic } from './diagnostics.js';
import { type FieldExample, msg, type Text } from './messages.js';
import { FIELD_NAMES } from './schema.js';
import { type AnySchema, type ExampleNames, yamlExample } from './schema-walk.js';

/** A data file is a few kilobytes; anything far larger is a mistake (or an attack), not data. */
export const MAX_FILE_BYTES = 512 * 1024;
/** Aliases are legitimate YAML, but a data file needs few; a "billion laughs" file needs many. */
const MAX_ALIAS_COUNT = 50;

export interface SourceDoc {
  /** Path shown to the user (relative to the working folder). */
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The plain JavaScript value of the document, not yet validated. */
  value: unknown;
}

function at(file: string, lines: LineCounter, offset: number): Location {
  const { line, col } = lines.linePos(offset);
  return { file, line, col };
}

/** YAML library error -> our code and Italian text, and where to point (the library sometimes
 * reports a slip where it noticed it, e.g. the end of the file for an unclosed quote). */
function yamlProblem(e: YAMLError, src: { text: string; doc: Document.Parsed }): { code: Code; text: Text; offset: number } {
  const { text, doc } = src;
  const offset = e.pos[0];
  const here = (code: Code, t: Text, o = offset) => ({ code, text: t, offset: o });
  if (e.code === 'TAB_AS_INDENT' || /\t/.test(leadingWhitespace(text, offset))) return here('yaml-tab', msg.yamlTab());
  // A non-breaking or zero-width space (pasted from Word or a PDF) looks like a space but is not one to YAML.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const odd = ODD_SPACE.exec(lineAround(text, offset));
  if (odd) return here('spazio-speciale', msg.yamlOddSpace(spaceName(odd[0])), lineStart + odd.index);
  // The parser runs out of stack on nesting thousands deep (an attack, not data) and reports it as an error.
  if (/call stack/i.test(e.message)) return here('yaml-troppo-annidato', msg.yamlTooDeep());
  switch (e.code) {
    case 'DUPLICATE_KEY': {
      const key = /^\s*([^:\n]+?)\s*:/.exec(text.slice(offset))?.[1] ?? '';
      const first = firstKeyBefore(doc, key, offset);
      return here('yaml-chiave-doppia', msg.yamlDuplicateKey(key, first === undefined ? undefined : lineOf(text, first)));
    }
    case 'MISSING_CHAR': {
      const quote = /closing (["'])quote/.exec(e.message)?.[1];
      if (quote) return here('yaml-virgolette', msg.yamlUnclosedQuote(quote), openingQuote(doc, offset) ?? offset);
      // A field of a list item that starts left of the item's other fields.
      if (/without - indicator/.test(e.message)) return here('yaml-rientro', msg.yamlIndent());
      return here('yaml-sintassi', msg.yamlSyntax());
    }
    case 'MULTILINE_IMPLICIT_KEY':
      // "Nord 3503" followed by more lines: the colon after the name is missing.
      return here('yaml-due-punti', msg.yamlMissingColon(lineAround(text, offset).trim()));
    case 'BLOCK_AS_IMPLICIT_KEY': {
      // The other kind is a list item out of line.
      if (!/nested mappings/i.test(e.message)) return here('yaml-rientro', msg.yamlIndent());
      // "Nested mappings ..." is a second ": " on the line, or else on the next line, indented further so
      // that it reads as the text going on: that line is the one out of line.
      if (/:\s/.test(lineAround(text, offset).slice(offset - (text.lastIndexOf('\n', offset - 1) + 1)))) return here('yaml-sintassi', msg.yamlColonInText());
      const next = nextLineStart(text, offset);
      return next === undefined ? here('yaml-sintassi', msg.yamlColonInText()) : here('yaml-rientro', msg.yamlIndent(), next);
    }
    case 'UNEXPECTED_TOKEN':
      // "nome: valore" left of the list item it belongs to (at the start of its line, where only "- " may go).
      if (/at node end/.test(e.message) && /^\s*$/.test(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset)) && /^[^\s:#-][^:\n]*:(\s|$)/.test(text.slice(offset))) {
        return here('yaml-rientro', msg.yamlIndent());
      }
      return here('yaml-sintassi', msg.yamlSyntax());
    case 'BAD_INDENT': {
      const bracket = /end with an? ([\]}])/.exec(e.message)?.[1];
      return bracket ? here('yaml-sintassi', msg.yamlUnclosedBracket(bracket)) : here('yaml-rientro', msg.yamlIndent());
    }
    case 'MULTIPLE_DOCS':
      return here('yaml-piu-documenti', msg.yamlManyDocuments());
    default:
      return here('yaml-sintassi', msg.yamlSyntax());
  }
}

/** Spaces that are not the space bar's: no-break, thin, zero-width, ideographic, byte-order mark. */
const ODD_SPACE = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]/;

function spaceName(ch: string): string {
  if (ch === '\u00a0' || ch === '\u202f') return 'uno spazio unificatore (non separabile)';
  if (ch === '\u200b' || ch === '\ufeff') return 'uno spazio invisibile (di larghezza zero)';
  return 'uno spazio tipografico speciale';
}

function lineAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Where the first significant line after the one at `offset` starts its text (after its indentation). */
function nextLineStart(text: string, offset: number): number | undefined {
  for (let i = text.indexOf('\n', offset); i >= 0; i = text.indexOf('\n', i + 1)) {
    const line = /^[ \t]*/.exec(text.slice(i + 1))![0];
    const rest = text.slice(i + 1 + line.length, text.indexOf('\n', i + 1) < 0 ? undefined : text.indexOf('\n', i + 1));
    if (rest.trim() && !rest.startsWith('#')) return i + 1 + line.length;
  }
  return undefined;
}

function leadingWhitespace(text: string, offset: number): string {
  return /^[ \t]*/.exec(lineAround(text, offset))?.[0] ?? '';
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The quoted scalar that runs on to `offset`: its opening quote is where the slip is. */
function openingQuote(doc: Document.Parsed, offset: number): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Scalar(_k, node) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && node.range[0] < offset && node.range[1] >= offset) {
        found = node.range[0];
        return visit.BREAK;
      }
    },
  });
  return found;
}

/** Where the first of two equal keys is, in the map whose later key sits at `offset`. */
function firstKeyBefore(doc: Document.Parsed, key: string, offset: number): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Map(_k, map) {
      const keys = map.items.map((p) => p.key).filter((k): k is Scalar => isScalar(k) && !!k.range);
      if (!keys.some((k) => k.range![0] === offset)) return;
      found = keys.find((k) => String(k.value) === key && k.range![0] < offset)?.range?.[0];
      return visit.BREAK;
    },
  });
  return found;
}

interface Parsed {
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

const parse = (text: string): Parsed => {
  const lines = new LineCounter();
  return { text, lines, doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true }) };
};

/** The parser's errors, in Italian, each at its place. One slip (a missing colon) makes the parser stumble
 * on the lines after it too: an error that starts where the previous one's reach ends is a consequence,
 * and is left out. `skip`: lines (1-based) already explained by a slip. */
function syntaxDiagnostics(file: string, p: Parsed, skip: ReadonlySet<number> = new Set()): Diagnostic[] {
  const out: Diagnostic[] = [];
  let reach = -1;
  for (const e of p.doc.errors) {
    const startLine = p.lines.linePos(e.pos[0]).line;
    const endLine = p.lines.linePos(Math.max(e.pos[0], e.pos[1] - 1)).line;
    const consequence = startLine <= reach;
    reach = Math.max(reach, endLine);
    if (consequence || skip.has(startLine)) continue;
    const { code, text: t, offset } = yamlProblem(e, p);
    out.push(diagnostic(code, t, at(file, p.lines, offset)));
  }
  return out;
}

/** A YAML template (an outline or chart definitions in data/modelli/) that does not parse: its first
 * mistake in the same Italian, and with the same code, as a data file's. */
export function yamlTemplateProblem(file: string, text: string): Diagnostic | undefined {
  return syntaxDiagnostics(file, parse(text))[0];
}

// ---------------------------------------------------------------------------------------------
// Slips the office makes, found in the text itself: the parser reads each as something else (a text
// "Nord:3503", a text "3503# nota") or stumbles on the correct lines after it (a Tab), so its own errors
// point at the wrong line or give the wrong advice.

/** A slip on one line: its code and words (which give the line as it should be), and where it is. */
interface Slip {
  code: Code;
  text: Text;
  /** Offset in the text of the character to point at. */
  offset: number;
  /** 0-based line index. */
  line: number;
}

/** A key as the office writes them: a field, a district or a municipality ("Cingia de' Botti"); it ends in
 * a letter, so "ore 9:30" (a time in a text) is not one. */
const KEY = String.raw`[\p{L}_](?:[\p{L}\p{N}_ '’.()-]*[\p{L}_'’)])?`;
/** "Nord:3503", "- nome:Enti locali": a key, its colon and, with no space, a value. */
const NO_SPACE = new RegExp(String.raw`^([ \t]*(?:-[ \t]+)*)(${KEY}):(?![\s:/\\=])(\S.*)$`, 'u');
/** "Nord: 3503# nota": a number with a # stuck to it (a comment needs a space before its #). */
const STUCK_HASH = new RegExp(String.raw`^([ \t]*(?:-[ \t]+)*)(${KEY}):[ \t]+(-?\d+(?:[.,]\d+)*)#`, 'u');
/** Indentation and list dashes at the start of a line. */
const LEAD = /^([ \t]*)((?:-[ \t]+)*)/;

/** Whether a quoted or block text (not a plain one) that starts before `offset` covers it: a slip-looking line inside it is text. */
function insideText(doc: Document.Parsed, offset: number): boolean {
  let inside = false;
  visit(doc, {
    Scalar(_k, node) {
      if (node.range && node.type !== 'PLAIN' && node.range[0] < offset && offset < node.range[1]) {
        inside = true;
        return visit.BREAK;
      }
    },
  });
  return inside;
}

/** Each line's text (without \r) and where it starts. */
function splitLines(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    out.push({ text: line.replace(/\r$/, ''), start });
    start += line.length + 1;
  }
  return out;
}

const significant = (line: string) => line.trim() !== '' && !line.trim().startsWith('#');

/** A line as a message quotes it: without its comment (after " #"), if it has one. */
const shown = (line: string) => line.replace(/\s+#.*$/, '').trim();
/** A long text cut at 40 characters. */
const shortened = (t: string) => (t.length > 40 ? `${t.slice(0, 40).trimEnd()}…` : t);

/** The line with a space after its key's colon and before a # stuck to a number. */
function spaced(line: string): string {
  const m = NO_SPACE.exec(line);
  let fixed = m ? `${m[1]}${m[2]}: ${m[3]}` : line;
  const h = STUCK_HASH.exec(fixed);
  if (h) fixed = `${fixed.slice(0, h[0].length - 1)} ${fixed.slice(h[0].length - 1)}`;
  return fixed;
}

/** The ways a Tab in an indentation may have been meant, tried in turn: the one the parser reads best wins. */
const TAB_WIDTHS: ((indent: string, before: number, after: number) => string)[] = [
  (indent) => indent.replace(/\t/g, ''),
  (indent) => indent.replace(/\t/g, '  '),
  (indent) => indent.replace(/\t/g, '    '),
  (_i, before) => ' '.repeat(before),
  (_i, before) => ' '.repeat(before + 2),
  (_i, _b, after) => ' '.repeat(after),
];

/** The slips of a file and its text with them mended, parsed: what remains of the parser's errors are
 * other mistakes. A Tab before a comment is no slip: the comment is not read anyway. */
function slipsIn(p: Parsed, fields: ReadonlySet<string>): { slips: Slip[]; mended?: Parsed } {
  const lines = splitLines(p.text);
  const slips: Slip[] = [];
  const tabLines: number[] = [];
  lines.forEach(({ text: line, start }, i) => {
    if (!significant(line)) return;
    const lead = LEAD.exec(line)!;
    if (lead[0].includes('\t')) {
      if (!insideText(p.doc, start + lead[0].length)) tabLines.push(i);
      return;
    }
    const m = NO_SPACE.exec(line);
    if (m && (/^(-?\d|#)/.test(m[3]) || fields.has(m[2])) && !insideText(p.doc, start + m[1].length)) {
      // "Nord:3503# nota": the # too wants its space, and the mended line keeps the note.
      const stuck = /^-?\d+(?:[.,]\d+)*#/.test(m[3]);
      const fixed = stuck ? shortened(spaced(line).trim()) : shown(spaced(line));
      slips.push({ code: 'yaml-spazio-dopo-due-punti', text: msg.yamlNoSpaceAfterColon(shortened(shown(line)), fixed, stuck), offset: start + m[1].length + m[2].length, line: i });
      return;
    }
    const h = STUCK_HASH.exec(line);
    if (h && !insideText(p.doc, start + h[0].length - 1)) {
      const value = shortened(line.slice(h[0].length - 1 - h[3].length));
      slips.push({ code: 'yaml-commento-attaccato', text: msg.yamlStuckComment(h[3], value, shortened(spaced(line).trim())), offset: start + h[0].length - 1, line: i });
    }
  });
  // A Tab is one error even where the parser happens to read it right: how a Tab reads depends on the
  // lines around it and on the editor, and the rule the guide gives is simple (spaces, never Tab).
  for (const i of tabLines) {
    const { text: line, start } = lines[i];
    slips.push({ code: 'yaml-tab', text: msg.yamlTab(), offset: start + line.indexOf('\t'), line: i });
  }
  if (!slips.length) return { slips };

  // Mend every slip, trying each reading of the Tabs; lines keep their numbers.
  const crlf = p.text.split('\n').map((l) => l.endsWith('\r'));
  const mend = (width: (typeof TAB_WIDTHS)[number]) => {
    const out = lines.map((l) => l.text);
    const indentOf = (j: number) => LEAD.exec(out[j])![1].length;
    const near = (i: number, step: 1 | -1) => {
      for (let j = i + step; j >= 0 && j < out.length; j += step) if (significant(out[j]) && !(step === 1 && tabLines.includes(j))) return indentOf(j);
      return 0;
    };
    for (const s of slips) if (s.code !== 'yaml-tab') out[s.line] = spaced(out[s.line]);
    // In order, so that a Tab's line before this one is already mended when its indentation is read.
    for (const i of tabLines) {
      const [, indent, dashes] = LEAD.exec(out[i])!;
      const rest = out[i].slice(indent.length + dashes.length);
      out[i] = `${indent.includes('\t') ? width(indent, near(i, -1), near(i, 1)) : indent}${dashes.replace(/-[ \t]+/g, '- ')}${rest}`;
    }
    // The line ends as they were (\r\n stays \r\n).
    return parse(out.map((l, j) => (crlf[j] ? `${l}\r` : l)).join('\n'));
  };
  const tries = tabLines.length && p.doc.errors.length ? TAB_WIDTHS.map(mend) : [mend(TAB_WIDTHS[1])];
  const mended = tries.reduce((best, t) => (t.doc.errors.length < best.doc.errors.length ? t : best));
  return { slips, mended };
}

/** Parse one data file. Syntax problems are all reported, each at its line and column. */
export function parseSource(file: string, text: string): { source?: SourceDoc; diagnostics: Diagnostic[] } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    return { diagnostics: [diagnostic('file-troppo-grande', msg.fileTooBig(bytes, MAX_FILE_BYTES), { file, line: 1, col: 1 })] };
  }
  const parsed = parse(text);
  const { doc, lines } = parsed;
  const { slips, mended } = slipsIn(parsed, FIELD_NAMES);
  if (slips.length) {
    // Each slip once, on its own line, and the parser's errors that have nothing to do with them.
    const own = slips.map((s) => diagnostic(s.code, s.text, at(file, lines, s.offset)));
    const others = syntaxDiagnostics(file, mended!, new Set(slips.map((s) => s.line + 1)));
    return { diagnostics: [...own, ...others].sort((a, b) => a.at!.line - b.at!.line || a.at!.col - b.at!.col) };
  }
  const diagnostics = syntaxDiagnostics(file, parsed);
  if (diagnostics.length) return { diagnostics };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    if (cause instanceof ReferenceError || /alias/i.test(String(cause))) {
      let firstAlias = 0;
      visit(doc, {
        Alias(_k, node) {
          firstAlias = node.range?.[0] ?? 0;
          return visit.BREAK;
        },
      });
      return { diagnostics: [diagnostic('yaml-alias', msg.yamlAliases(), at(file, lines, firstAlias))] };
    }
    throw new Error(`Reading the YAML of ${file}`, { cause });
  }
  if (value === null || value === undefined) {
    return { diagnostics: [diagnostic('file-vuoto', msg.emptyFile(), { file, line: 1, col: 1 })] };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    const found = Array.isArray(value) ? 'un elenco' : `il valore «${String(value)}»`;
    return { diagnostics: [diagnostic('file-non-mappa', msg.notAMapping(found), at(file, lines, doc.contents?.range?.[0] ?? 0))] };
  }
  return { source: { file, text, doc, lines, value }, diagnostics: [] };
}

/** The YAML node at a path, or the deepest node on the way to it (for a field that is missing). */
export function nodeAt(src: SourceDoc, path: readonly PropertyKey[]): { node: Node | null; depth: number } {
  let node: Node | null = src.doc.contents;
  let depth = 0;
  for (const key of path) {
    let next: unknown;
    if (isMap(node)) next = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key))?.value;
    else if (isSeq(node) && typeof key === 'number') next = node.items[key];
    if (!next || !(isScalar(next) || isMap(next) || isSeq(next))) break;
    node = next as Node;
    depth++;
  }
  return { node, depth };
}

function keyOffset(src: SourceDoc, mapPath: readonly PropertyKey[], key: string): number | undefined {
  const { node, depth } = nodeAt(src, mapPath);
  if (depth !== mapPath.length || !isMap(node)) return undefined;
  const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return (pair?.key as Node | undefined)?.range?.[0];
}

/** Location of the key named `key` in the map at `path` (for unknown fields). */
export function keyLocation(src: SourceDoc, path: readonly PropertyKey[], key: string): Location {
  const offset = keyOffset(src, path, key);
  return offset === undefined ? locate(src, path) : at(src.file, src.lines, offset);
}

/** Location of the value at `path`; for a missing field, the key of the map that should hold it. */
export function locate(src: SourceDoc, path: readonly PropertyKey[]): Location {
  const { node, depth } = nodeAt(src, path);
  if (depth < path.length && depth > 0) {
    const offset = keyOffset(src, path.slice(0, depth - 1), String(path[depth - 1]));
    if (offset !== undefined) return at(src.file, src.lines, offset);
  }
  return at(src.file, src.lines, node?.range?.[0] ?? 0);
}

/** Where a field is, or would be written: the field itself when it is there; else the key of its deepest
 * parent that is there (`mobilita_sociale:` for a missing `mobilita_sociale.assistiti_per_ambito`); a
 * missing top-level field, at the first top-level key that comes after it in `order` (the schema's order:
 * it would be written just before), or at the file's last line. */
export function locateField(src: SourceDoc, path: readonly PropertyKey[], order: readonly string[] = []): Location {
  const { depth } = nodeAt(src, path);
  if (depth > 0 || path.length === 0) return locate(src, path);
  const after = nextTopKey(src, String(path[0]), order);
  if (after !== undefined) return keyLocation(src, [], after);
  const { line } = src.lines.linePos(src.text.replace(/\s+$/, '').length);
  return { file: src.file, line, col: 1 };
}

/** The characters the user typed for the scalar at `path` (e.g. "3.308"), when there is one. */
export function sourceText(src: SourceDoc, path: readonly PropertyKey[]): string | undefined {
  const { node, depth } = nodeAt(src, path);
  if (depth !== path.length || !isScalar(node) || !node.range) return undefined;
  return src.text.slice(node.range[0], node.range[1]);
}

/** The first top-level key of the file that comes after `key` in `order` (the schema's): a missing section
 * is written just before it. */
function nextTopKey(src: SourceDoc, key: string, order: readonly string[]): string | undefined {
  const root = src.doc.contents;
  const present = new Set(isMap(root) ? root.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')) : []);
  return order.includes(key) ? order.slice(order.indexOf(key) + 1).find((k) => present.has(k)) : undefined;
}

/** What to add to the file for the field at `path` that is missing, and where (as locateField places it):
 * under its deepest group already in the file, at that group's indentation, or a whole section before the
 * one that follows it. `note`: the field belongs to another file (the outline says which, in words);
 * the example is then written whole, from the top. Undefined when the field is there or off the schema. */
export function exampleAt(src: SourceDoc, schema: AnySchema, path: readonly PropertyKey[], names: ExampleNames, order: readonly string[] = [], note?: string): FieldExample | undefined {
  if (note) {
    const ex = yamlExample(schema, path, 0, 0, names);
    return ex && { ...ex, place: { note } };
  }
  const { node, depth } = nodeAt(src, path);
  if (depth >= path.length) return undefined;
  if (depth === 0) {
    const ex = yamlExample(schema, path, 0, 0, names);
    const after = nextTopKey(src, String(path[0]), order);
    return ex && { ...ex, place: after === undefined ? { end: true } : { before: after, line: keyLocation(src, [], after).line } };
  }
  const parent = String(path[depth - 1]);
  const key = keyLocation(src, path.slice(0, depth - 1), parent);
  // The group's own lines tell its indentation; an empty group takes two spaces more than its key.
  const first = isMap(node) ? (node.items[0]?.key as Node | undefined)?.range?.[0] : undefined;
  const indent = first === undefined ? key.col - 1 + 2 : src.lines.linePos(first).col - 1;
  const ex = yamlExample(schema, path, depth, indent, names);
  return ex && { ...ex, place: { under: parent, line: key.line } };
}
