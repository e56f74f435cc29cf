/** data/ folder -> Loaded: rete.yaml and every <anno>.yaml parsed (not yet validated), and the
 * municipal boundaries. The only stage besides `write` and `print` that touches the disk. */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from './paths.js';
import type { Diagnostic } from './diagnostics.js';
import { msg } from './messages.js';
import { diagnostic, MAX_FILE_BYTES, parseSource, type SourceDoc } from './source.js';

export const NETWORK_FILE = 'rete.yaml';
export const GEO_FILE = path.join('geo', 'cremona-comuni.topo.json');
const YEAR_FILE = /^(\d{4})\.ya?ml$/;

export interface YearSource {
  /** The year its file name says. */
  year: number;
  source: SourceDoc;
}

export interface Topology {
  type: 'Topology';
  objects: { municipalities: { type: string; geometries: { properties: { name: string; com_istat_code: string } }[] } };
  [key: string]: unknown;
}

export interface Loaded {
  dataDir: string;
  network?: SourceDoc;
  years: YearSource[];
  geo: Topology;
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  dataDir: string;
  /** Paths in messages are shown relative to this folder. */
  cwd: string;
}

/** Reads a text file, refusing a huge one before reading it whole. */
async function readText(abs: string, shown: string): Promise<{ text?: string; diagnostics: Diagnostic[] }> {
  const where = { file: shown, line: 1, col: 1 };
  try {
    const info = await stat(abs);
    if (info.size > MAX_FILE_BYTES) return { diagnostics: [diagnostic('file-troppo-grande', msg.fileTooBig(info.size, MAX_FILE_BYTES), where)] };
    const text = await readFile(abs, 'utf8');
    return { text: text.replace(/^\uFEFF/, ''), diagnostics: [] };
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'non esiste' : String((cause as Error).message);
    return { diagnostics: [diagnostic('file-illeggibile', msg.fileUnreadable(reason), where)] };
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function loadSource(abs: string, cwd: string): Promise<{ source?: SourceDoc; diagnostics: Diagnostic[] }> {
  const shown = path.relative(cwd, abs) || abs;
  const { text, diagnostics } = await readText(abs, shown);
  if (text === undefined) return { diagnostics };
  return parseSource(shown, text);
}

/** A data folder may carry its own boundaries; otherwise the project's copy is used. */
async function loadGeo(dataDir: string): Promise<Topology> {
  const ownGeo = path.join(dataDir, GEO_FILE);
  const geoPath = (await exists(ownGeo)) ? ownGeo : path.join(PACKAGE_ROOT, 'data', GEO_FILE);
  try {
    return JSON.parse(await readFile(geoPath, 'utf8')) as Topology;
  } catch (cause) {
    throw new Error(`Reading the municipal boundaries ${geoPath}`, { cause });
  }
}

export async function load({ dataDir, cwd }: LoadOptions): Promise<Loaded> {
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
      return { dataDir, years: [], geo: await loadGeo(dataDir), diagnostics };
    }
    names = [];
  }

  const network = await loadSource(path.join(dataDir, NETWORK_FILE), cwd);
  diagnostics.push(...network.diagnostics);

  const years: YearSource[] = [];
  for (const name of names) {
    const m = YEAR_FILE.exec(name);
    if (!m) {
      if (/\.ya?ml$/i.test(name) && name !== NETWORK_FILE) {
        diagnostics.push(diagnostic('file-ignorato', msg.fileIgnored(name), { file: path.join(shownDir, name), line: 1, col: 1 }, undefined, 'warning'));
      }
      continue;
    }
    const r = await loadSource(path.join(dataDir, name), cwd);
    diagnostics.push(...r.diagnostics);
    if (r.source) years.push({ year: Number(m[1]), source: r.source });
  }
  if (!names.some((n) => YEAR_FILE.test(n))) {
    diagnostics.push(diagnostic('nessun-anno', msg.noYears(shownDir), undefined));
  }

  const geo = await loadGeo(dataDir);
  return { dataDir, network: network.source, years, geo, diagnostics };
}
