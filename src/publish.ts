/** The network's site address (`sito:` in rete.yaml) + the year -> the absolute addresses the pages name
 * (canonical links, the sharing image) and the QR code to the web report printed on the handout. Pure
 * apart from the QR library's promise; no I/O. Without an address there are none: never a relative one,
 * and a warning says what the pages lack (`siteWarnings`). */

import { type Diagnostic, diagnostic } from './diagnostics.js';
import { themeMsg } from './messages.js';
import { keyLocation, type SourceDoc } from './source.js';

export interface SiteLinks {
  /** Where the year's folder (output/<anno>/) is published, ending in "/". */
  base: string;
  deck: string;
  report: string;
  /** anteprima.png, the picture social networks and chat apps show. */
  image: string;
  /** The QR code to `report`, as an inline SVG (black on white, with its quiet zone). */
  qrSvg: string;
}

/** `{anno}` in the address stands for the year built, so one address serves every year's folder. */
export const YEAR_PLACEHOLDER = '{anno}';

/** The address of the year's folder: the placeholder filled in, and a final "/" so that names resolve under it. */
export function siteBase(site: string, year: number): string {
  const filled = site.replaceAll(YEAR_PLACEHOLDER, String(year)).replaceAll(encodeURI(YEAR_PLACEHOLDER), String(year));
  const url = new URL(filled);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

export async function siteLinks(site: string | undefined, year: number): Promise<SiteLinks | undefined> {
  if (!site) return undefined;
  const base = siteBase(site, year);
  const report = new URL('report.html', base).href;
  // Medium error correction: a folded or smudged handout still scans; the quiet zone (4 modules) is the standard's.
  // Loaded only for a network with a site: a build without one does not pay for the module.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(report, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const qrSvg = svg.replace(/^<svg /, '<svg role="img" aria-label="Codice QR del resoconto sul sito" ').trim();
  return { base, deck: new URL('deck.html', base).href, report, image: new URL('anteprima.png', base).href, qrSvg };
}

/** No `sito:` in rete.yaml while the pages would show it: one warning, at `organizzazione:` (the field goes
 * just under it, as the schema orders them), saying what the handout and the report lack. `uses`: whether
 * the handout's and the report's templates (a network's own included) show the site at all. */
export function siteWarnings(network: { sito?: string }, src: SourceDoc, uses: { handout: boolean; report: boolean }): Diagnostic[] {
  if (network.sito || !(uses.handout || uses.report)) return [];
  return [diagnostic('sito-mancante', themeMsg.siteMissing(uses), keyLocation(src, [], 'organizzazione'), 'sito', 'warning')];
}
