/** data/ folder -> Loaded: rete.yaml and every <anno>.yaml parsed (not yet validated), and the
 * municipal boundaries that rete.yaml names (territorio › confini), checked. The only stage besides
 * `write` and `print` that touches the disk. */

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Caches, Memo } from './caches.js';
import type { Code } from './codes.js';
import type { Diagnostic } from './diagnostics.js';
import { diagnostic } from './diagnostics.js';
import { msg, textMsg } from './messages.js';
import { locate, MAX_FILE_BYTES, parseSource, type SourceDoc } from './source.js';
import { type Territory, territoryOf } from './territory.js';

export const NETWORK_FILE = 'rete.yaml';
/** A province's boundaries are some hundred kilobytes; anything far larger is not what is meant. */
const MAX_BOUNDARIES_BYTES = 20 * 1024 * 1024;
/** Windows shows "2025.YAML" and "2025.yaml" alike: the extension's case does not matter. */
const YEAR_FILE = /^(\d{4})\.ya?ml$/i;
/** Names that look meant as a year's data but are not read: "2025.yaml.txt" (Windows hides the
 * last extension), "2025 (copia).yaml", "2025-bozza.yml", "2025.txt". */
const YEAR_LIKE = /^(\d{4})\b.*\.(ya?ml|txt)$|^(\d{4})\b.*\.ya?ml\b/i;

export interface YearSource {
  /** The year its file name says. */
  year: number;
  source: SourceDoc;
}

export interface Loaded {
  dataDir: string;
  network?: SourceDoc;
  years: YearSource[];
  /** The boundaries rete.yaml names; absent when it names none or they could not be used (a diagnostic says why). */
  territory?: Territory;
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  dataDir: string;
  /** Paths in messages are shown relative to this folder. */
  cwd: string;
  /** The boundaries parsed by an earlier load (see caches.ts); without it they are parsed anew. */
  caches?: Pick<Caches, 'boundaries'>;
}

/** Reads a text file, refusing a huge one before reading it whole. */
async function readText(abs: string, shown: string): Promise<{ text?: string; diagnostics: Diagnostic[] }> {
  const where = { file: shown, line: 1, col: 1 };
  try {
    const info = await stat(abs);
    if (info.size > MAX_FILE_BYTES) return { diagnostics: [diagnostic('file-troppo-grande', msg.fileTooBig(info.size, MAX_FILE_BYTES), where)] };
    const bytes = await readFile(abs);
    const wrong = encodingProblem(bytes, shown);
    if (wrong) return { diagnostics: [wrong] };
    // Line endings of old Macintosh editors (a lone CR) are line breaks to the eye and to YAML 1.2,
    // but the parser would read the whole file as one comment line: make them plain line feeds.
    const text = new TextDecoder('utf-8')
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .replace(/\r(?!\n)/g, '\n');
    return { text, diagnostics: [] };
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? textMsg.fileMissing() : String((cause as Error).message);
    return { diagnostics: [diagnostic('file-illeggibile', msg.fileUnreadable(reason), where)] };
  }
}

/** A file saved as UTF-16 ("Unicode" in Notepad) or in a legacy encoding (Latin-1, Windows-1252)
 * would be read with its accented letters turned to "�" and go silently into the deck: refuse it,
 * pointing at the first letter that does not read. */
function encodingProblem(bytes: Uint8Array, file: string): Diagnostic | undefined {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) return diagnostic('file-non-utf8', msg.fileUtf16(), { file, line: 1, col: 1 });
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const offset = text.indexOf('\uFFFD');
    const before = text.slice(0, Math.max(0, offset));
    const line = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    // A few words around the letter, on its line, so that it can be found in the editor.
    const lineEnd = text.indexOf('\n', offset);
    const word = (/\S*\s?\S*$/u.exec(before.slice(lineStart))?.[0] ?? '') + (/^\S*(\s\S*)?/u.exec(text.slice(offset, lineEnd < 0 ? undefined : lineEnd))?.[0] ?? '');
    return diagnostic('file-non-utf8', msg.fileNotUtf8(word), { file, line, col: offset - lineStart + 1 });
  }
}

async function loadSource(abs: string, cwd: string): Promise<{ source?: SourceDoc; diagnostics: Diagnostic[] }> {
  const shown = path.relative(cwd, abs) || abs;
  const { text, diagnostics } = await readText(abs, shown);
  if (text === undefined) return { diagnostics };
  return parseSource(shown, text);
}

/** The boundaries file that rete.yaml names (territorio › confini, relative to the data folder), checked:
 * each problem is located at that value in rete.yaml. Nothing is read when rete.yaml names no file: its
 * validation says what to add. */
async function loadTerritory(dataDir: string, network: SourceDoc | undefined, cwd: string, memo?: Memo<ReturnType<typeof territoryOf>>): Promise<{ territory?: Territory; diagnostics: Diagnostic[] }> {
  const raw = network?.value as { territorio?: { confini?: unknown } } | undefined;
  const file = raw && typeof raw === 'object' && raw.territorio && typeof raw.territorio === 'object' ? raw.territorio.confini : undefined;
  if (typeof file !== 'string' || !file.trim()) return { diagnostics: [] };
  const at = locate(network!, ['territorio', 'confini']);
  const fail = (code: Code, text: Parameters<typeof diagnostic>[1]) => ({ diagnostics: [diagnostic(code, text, at, 'territorio › confini')] });
  const abs = path.resolve(dataDir, file.trim());
  let text: string;
  try {
    const info = await stat(abs);
    if (info.isDirectory()) return fail('confini-illeggibili', msg.boundariesUnreadable(file, textMsg.isAFolder()));
    if (info.size > MAX_BOUNDARIES_BYTES) return fail('confini-illeggibili', msg.boundariesUnreadable(file, textMsg.fileTooBig(Math.round(info.size / 1024 / 1024))));
    text = (await readFile(abs, 'utf8')).replace(/^\uFEFF/, '');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fail('confini-assenti', msg.boundariesMissing(file, path.relative(cwd, abs) || abs));
    return fail('confini-illeggibili', msg.boundariesUnreadable(file, (e as Error).message));
  }
  // The live preview loads the data on every save; the file seldom changes, and parsing it again was most
  // of the time of loading. The same text gives the same (never modified) Territory.
  let read = memo?.get(text);
  if (!read) {
    try {
      read = territoryOf(JSON.parse(text));
    } catch {
      return fail('confini-non-json', msg.boundariesNotJson(file));
    }
    memo?.set(text, read);
  }
  const { territory, problem } = read;
  if (problem?.kind === 'not-topojson') return fail('confini-non-topojson', msg.boundariesNotTopojson(file, problem.geojson));
  if (problem?.kind === 'no-polygons') return fail('confini-senza-poligoni', msg.boundariesNoPolygons(file, problem.object));
  if (problem?.kind === 'no-names') return fail('confini-senza-nomi', msg.boundariesNoNames(file, problem.unnamed, problem.total, problem.first));
  return { territory, diagnostics: [] };
}

export async function load({ dataDir, cwd, caches }: LoadOptions): Promise<Loaded> {
  const diagnostics: Diagnostic[] = [];
  const shownDir = path.relative(cwd, dataDir) || '.';
  let names: string[];
  try {
    names = (await readdir(dataDir)).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // Nothing else can be found in a folder that is not there: one message, not one per file.
      diagnostics.push(diagnostic('cartella-assente', msg.noDataDir(shownDir, code === 'ENOTDIR'), undefined));
      return { dataDir, years: [], diagnostics };
    }
    names = [];
  }

  const network = await loadSource(path.join(dataDir, NETWORK_FILE), cwd);
  // No rete.yaml at all: a new network, whose first step is init.
  const noNetwork = !network.source && !names.includes(NETWORK_FILE) && !names.some((n) => /^rete\.ya?ml$/i.test(n));
  diagnostics.push(
    ...(noNetwork ? [diagnostic('rete-assente', msg.networkMissing(path.join(shownDir, NETWORK_FILE)), { file: path.join(shownDir, NETWORK_FILE), line: 1, col: 1 })] : network.diagnostics),
  );

  const years: YearSource[] = [];
  const newest = Math.max(...names.map((n) => Number(YEAR_FILE.exec(n)?.[1] ?? -Infinity)));
  for (const name of names) {
    const m = YEAR_FILE.exec(name);
    if (!m) {
      const where = { file: path.join(shownDir, name), line: 1, col: 1 };
      const like = YEAR_LIKE.exec(name);
      const year = Number(like?.[1] ?? like?.[3]);
      if (name === NETWORK_FILE) continue;
      if (/^rete\.ya?ml$/i.test(name)) {
        diagnostics.push(diagnostic('file-ignorato', msg.networkFileMisnamed(name), where, undefined, 'warning'));
      } else if (like && year > newest) {
        // Without it an older year would be built, and nothing would look wrong.
        diagnostics.push(diagnostic('file-ignorato', msg.yearFileMisnamed(name, year, Number.isFinite(newest) ? newest : undefined), where));
      } else if (like || (/\.ya?ml$/i.test(name) && name !== NETWORK_FILE)) {
        diagnostics.push(diagnostic('file-ignorato', msg.fileIgnored(name), where, undefined, 'warning'));
      }
      continue;
    }
    const r = await loadSource(path.join(dataDir, name), cwd);
    diagnostics.push(...r.diagnostics);
    if (r.source) years.push({ year: Number(m[1]), source: r.source });
  }
  if (!names.some((n) => YEAR_FILE.test(n)) && !diagnostics.some((d) => d.code === 'file-ignorato' && d.severity === 'error')) {
    diagnostics.push(diagnostic('nessun-anno', msg.noYears(shownDir), undefined));
  }

  const territory = await loadTerritory(dataDir, network.source, cwd, caches?.boundaries);
  diagnostics.push(...territory.diagnostics);
  return { dataDir, network: network.source, years, territory: territory.territory, diagnostics };
}

/** When anything in the data folder was last saved (ms since the epoch), or 0: an output written
 * before this is older than the data. */
export async function dataChangedAt(dataDir: string): Promise<number> {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true }).catch(() => []);
  const times = await Promise.all(
    entries
      .filter((e) => e.isFile())
      .map((e) =>
        stat(path.join(e.parentPath, e.name)).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      ),
  );
  return Math.max(0, ...times);
}
