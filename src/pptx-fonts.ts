/** Font files (WOFF, WOFF2 or TTF, as read by templates.ts and assets.ts) -> the font deck.pptx embeds,
 * as PowerPoint embeds one: each face as Embedded OpenType data (ppt/fonts/*.fntdata, see pptx-parts.ts),
 * so the slides show in their own font on a computer that does not have it. Pure.
 *
 * fontverter unpacks WOFF and WOFF2 into the TrueType font they carry; ttf2eot wraps that as EOT. A font
 * is embedded only when it may be: TrueType outlines (PowerPoint embeds no others) and an OS/2 embedding
 * permission other than "restricted" or "bitmap only". Titillium Web (SIL Open Font License) may. */
import { convert } from 'fontverter';
import ttf2eot from 'ttf2eot';
import type { EmbeddedFont } from './pptx-parts.js';

/** The faces PowerPoint keeps for a typeface; bold and italic fall back on the regular one when absent. */
export interface FontFaces {
  regular: Uint8Array;
  bold?: Uint8Array;
  italic?: Uint8Array;
}

/** The sfnt tables of a TrueType font, by tag. */
function tables(ttf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const count = ttf.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const offset = ttf.readUInt32BE(at + 8);
    out.set(ttf.toString('latin1', at, at + 4), ttf.subarray(offset, offset + ttf.readUInt32BE(at + 12)));
  }
  return out;
}

/** OS/2 fsType bits that forbid embedding the font in a document (OpenType spec): restricted licence, bitmap only. */
const RESTRICTED = 0x0002;
const BITMAP_ONLY = 0x0200;

/** One face as EOT data, or undefined when it cannot or may not be embedded. */
async function face(file: Uint8Array): Promise<Uint8Array | undefined> {
  let ttf: Buffer;
  try {
    ttf = await convert(Buffer.from(file), 'truetype');
  } catch {
    return undefined;
  }
  const t = tables(ttf);
  const os2 = t.get('OS/2');
  if (!t.has('glyf') || !os2 || os2.length < 10) return undefined;
  const fsType = os2.readUInt16BE(8);
  if (fsType & (RESTRICTED | BITMAP_ONLY)) return undefined;
  return ttf2eot(ttf);
}

/** The typeface the slides name with its faces, or undefined when its regular face cannot be embedded. */
export async function embeddableFont(typeface: string, files: FontFaces): Promise<EmbeddedFont | undefined> {
  const [regular, bold, italic] = await Promise.all([face(files.regular), files.bold && face(files.bold), files.italic && face(files.italic)]);
  if (!regular) return undefined;
  return { typeface, faces: { regular, ...(bold ? { bold } : {}), ...(italic ? { italic } : {}) } };
}
