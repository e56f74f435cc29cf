/** YAML text -> SourceDoc (the parsed document, its line counter and plain value) or located diagnostics;
 * and field path -> file:line:column. Pure: the text comes from `load`. */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, Location } from './diagnostics.js';
import { msg, type Text } from './messages.js';

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

export function diagnostic(
  code: string,
  text: Text,
  at: Location | undefined,
  field?: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return { code, severity, ...text, ...(field ? { field } : {}), ...(at ? { at } : {}) };
}

function at(file: string, lines: LineCounter, offset: number): Location {
  const { line, col } = lines.linePos(offset);
  return { file, line, col };
}

/** YAML library error codes -> our codes and Italian text. */
function yamlProblem(code: string, libraryMessage: string, text: string, offset: number): { code: string; text: Text } {
  switch (code) {
    case 'TAB_AS_INDENT':
      return { code: 'yaml-tab', text: msg.yamlTab() };
    case 'DUPLICATE_KEY': {
      const key = /^\s*([^:\n]+?)\s*:/.exec(text.slice(offset))?.[1] ?? '';
      return { code: 'yaml-chiave-doppia', text: msg.yamlDuplicateKey(key) };
    }
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      if (/\t/.test(lineAround(text, offset))) return { code: 'yaml-tab', text: msg.yamlTab() };
      return { code: code === 'BAD_INDENT' ? 'yaml-rientro' : 'yaml-sintassi', text: code === 'BAD_INDENT' ? msg.yamlIndent() : msg.yamlSyntax(firstLine(libraryMessage)) };
    default:
      if (/\t/.test(leadingWhitespace(text, offset))) return { code: 'yaml-tab', text: msg.yamlTab() };
      return { code: 'yaml-sintassi', text: msg.yamlSyntax(firstLine(libraryMessage)) };
  }
}

function lineAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? undefined : end);
}

function leadingWhitespace(text: string, offset: number): string {
  return /^[ \t]*/.exec(lineAround(text, offset))?.[0] ?? '';
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Parse one data file. Syntax problems are all reported, each at its line and column. */
export function parseSource(file: string, text: string): { source?: SourceDoc; diagnostics: Diagnostic[] } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    return { diagnostics: [diagnostic('file-troppo-grande', msg.fileTooBig(bytes, MAX_FILE_BYTES), { file, line: 1, col: 1 })] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of doc.errors) {
    const offset = e.pos[0];
    const { code, text: t } = yamlProblem(e.code, e.message, text, offset);
    const where = at(file, lines, offset);
    // The parser often reports one slip several times on the same line; once is enough.
    const key = `${code}:${where.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(diagnostic(code, t, where));
  }
  if (diagnostics.length) return { diagnostics };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    if (cause instanceof ReferenceError || /alias/i.test(String(cause))) {
      const firstAlias = text.search(/[*&][A-Za-z0-9_-]/);
      return { diagnostics: [diagnostic('yaml-alias', msg.yamlAliases(), at(file, lines, Math.max(0, firstAlias)))] };
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

/** The characters the user typed for the scalar at `path` (e.g. "3.308"), when there is one. */
export function sourceText(src: SourceDoc, path: readonly PropertyKey[]): string | undefined {
  const { node, depth } = nodeAt(src, path);
  if (depth !== path.length || !isScalar(node) || !node.range) return undefined;
  return src.text.slice(node.range[0], node.range[1]);
}
