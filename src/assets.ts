/** Dataset -> the pictures the data names (the year's photos, the network's logo), read from the data
 * folder and turned into data: URIs, so that every output stays one self-contained file. A picture
 * that is missing, outside the data folder, of an unknown kind, too large, or without a description
 * is a located error. Run by check, so that `assemblea check` finds them too. */

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Code } from './codes.js';
import type { Dataset } from './dataset.js';
import type { Diagnostic } from './diagnostics.js';
import { diagnostic } from './diagnostics.js';
import { msg, themeMsg } from './messages.js';
import { locate, type SourceDoc } from './source.js';

/** File name (as written in the data) -> data: URI. */
export type Images = Map<string, string>;

const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.svg': 'image/svg+xml' };
/** A deck is emailed and opened on old laptops: a photo larger than this should be made smaller first. */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

interface Wanted {
  file: string;
  source: SourceDoc;
  field: (string | number)[];
  label: string;
}

async function readImage(dataDir: string, w: Wanted): Promise<{ uri?: string; problem?: Diagnostic }> {
  const at = locate(w.source, w.field);
  const fail = (code: Code, text: ReturnType<(typeof msg)[keyof typeof msg]>) => ({ problem: diagnostic(code, text, at, w.label) });
  const abs = path.resolve(dataDir, w.file);
  const inside = path.relative(path.resolve(dataDir), abs);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return fail('immagine-fuori-cartella', msg.imageOutside(w.file));
  const type = TYPES[path.extname(w.file).toLowerCase()];
  if (!type) return fail('immagine-tipo', msg.imageType(w.file, Object.keys(TYPES)));
  const info = await stat(abs).catch(() => undefined);
  if (!info?.isFile()) return fail('immagine-assente', msg.imageMissing(w.file));
  if (info.size > MAX_IMAGE_BYTES) return fail('immagine-troppo-grande', msg.imageTooBig(w.file, info.size, MAX_IMAGE_BYTES));
  const bytes = await readFile(abs);
  return { uri: `data:${type};base64,${bytes.toString('base64')}` };
}

/** The network's own font (rete.yaml, tema › carattere), embedded as a data: URI. */
export interface FontFile {
  family: string;
  /** CSS format() name: woff2, woff or truetype. */
  format: string;
  mime: string;
  base64: string;
}

/** A font file's first bytes say what it is, whatever its name says. */
function fontFormat(bytes: Uint8Array): { format: string; mime: string } | undefined {
  const tag = Buffer.from(bytes.subarray(0, 4)).toString('latin1');
  if (tag === 'wOF2') return { format: 'woff2', mime: 'font/woff2' };
  if (tag === 'wOFF') return { format: 'woff', mime: 'font/woff' };
  if (tag === '\x00\x01\x00\x00' || tag === 'true') return { format: 'truetype', mime: 'font/ttf' };
  return undefined;
}

const FONT_EXTENSIONS = ['.woff2', '.woff', '.ttf'];

/** tema › carattere › file -> the font, or a located error: outside the data folder, missing, not a font. */
export async function loadFont(ds: Pick<Dataset, 'network' | 'networkSource'>, dataDir: string): Promise<{ font?: FontFile; problem?: Diagnostic }> {
  const wanted = ds.network.tema?.carattere;
  if (!wanted) return {};
  const field = ['tema', 'carattere', 'file'];
  const fail = (code: Code, text: ReturnType<(typeof themeMsg)['fontMissing']>) => ({ problem: diagnostic(code, text, locate(ds.networkSource, field), 'tema › carattere › file') });
  const abs = path.resolve(dataDir, wanted.file);
  const inside = path.relative(path.resolve(dataDir), abs);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return fail('carattere-fuori-cartella', themeMsg.fontOutside(wanted.file));
  const info = await stat(abs).catch(() => undefined);
  if (!info?.isFile()) return fail('carattere-assente', themeMsg.fontMissing(wanted.file));
  const bytes = await readFile(abs).catch(() => undefined);
  const kind = bytes && info.size <= MAX_IMAGE_BYTES && FONT_EXTENSIONS.includes(path.extname(abs).toLowerCase()) ? fontFormat(bytes) : undefined;
  if (!bytes || !kind) return fail('carattere-illeggibile', themeMsg.fontType(wanted.file));
  return { font: { family: wanted.nome, ...kind, base64: bytes.toString('base64') } };
}

export async function loadAssets(ds: Dataset, dataDir: string): Promise<{ images: Images; font?: FontFile; diagnostics: Diagnostic[] }> {
  const yearSource = ds.sources.get(ds.year)!;
  const wanted: Wanted[] = (ds.years.get(ds.year)?.foto ?? []).map((p, i) => ({ file: p.file, source: yearSource, field: ['foto', i, 'file'], label: `foto › voce ${i + 1}` }));
  const diagnostics: Diagnostic[] = [];
  if (ds.network.logo !== undefined) {
    wanted.push({ file: ds.network.logo, source: ds.networkSource, field: ['logo'], label: 'logo' });
    if (!ds.network.logo_alt?.trim()) diagnostics.push(diagnostic('logo-senza-descrizione', msg.logoWithoutAlt(ds.network.organizzazione), locate(ds.networkSource, ['logo']), 'logo_alt'));
  }
  const images: Images = new Map();
  const [read, font] = await Promise.all([Promise.all(wanted.map((w) => readImage(dataDir, w))), loadFont(ds, dataDir)]);
  if (font.problem) diagnostics.push(font.problem);
  read.forEach((r, i) => {
    if (r.uri) images.set(wanted[i].file, r.uri);
    if (r.problem) diagnostics.push(r.problem);
  });
  return { images, font: font.font, diagnostics };
}
