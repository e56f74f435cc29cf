/** Types for the two font packages that ship none (see pptx-fonts.ts). */
declare module 'fontverter' {
  /** A font's bytes in another format: 'truetype' (sfnt), 'woff' or 'woff2'; the source's is read from its first bytes. */
  export function convert(font: Uint8Array, to: 'truetype' | 'sfnt' | 'woff' | 'woff2'): Promise<Buffer>;
  export function detectFormat(font: Uint8Array): 'sfnt' | 'woff' | 'woff2';
}
declare module 'ttf2eot' {
  /** A TrueType font wrapped as Embedded OpenType (EOT 2.1, not compressed). */
  export default function ttf2eot(ttf: Uint8Array): Uint8Array;
}
