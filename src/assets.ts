/** Dataset -> the pictures the data names (the year's photos, the network's logo), read from the data
 * folder and turned into data: URIs, so that every output stays one self-contained file. A picture
 * that is missing, outside the data folder, of an unknown kind, too large, or without a description
 * is a located error. Run by check, so that `assemblea check` finds them too. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { msg } from './messages.js';
import { diagnostic, locate, type SourceDoc } from './source.js';
import type { Dataset } from './validate.js';

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
  const fail = (code: string, text: ReturnType<(typeof msg)[keyof typeof msg]>) => ({ problem: diagnostic(code, text, at, w.label) });
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

export async function loadAssets(ds: Dataset, dataDir: string): Promise<{ images: Images; diagnostics: Diagnostic[] }> {
  const yearSource = ds.sources.get(ds.year)!;
  const wanted: Wanted[] = (ds.years.get(ds.year)?.foto ?? []).map((p, i) => ({ file: p.file, source: yearSource, field: ['foto', i, 'file'], label: `foto › voce ${i + 1}` }));
  const diagnostics: Diagnostic[] = [];
  if (ds.network.logo !== undefined) {
    wanted.push({ file: ds.network.logo, source: ds.networkSource, field: ['logo'], label: 'logo' });
    if (!ds.network.logo_alt?.trim()) diagnostics.push(diagnostic('logo-senza-descrizione', msg.logoWithoutAlt(ds.network.organizzazione), locate(ds.networkSource, ['logo']), 'logo_alt'));
  }
  const images: Images = new Map();
  const read = await Promise.all(wanted.map((w) => readImage(dataDir, w)));
  read.forEach((r, i) => {
    if (r.uri) images.set(wanted[i].file, r.uri);
    if (r.problem) diagnostics.push(r.problem);
  });
  return { images, diagnostics };
}
