/** rete.yaml's `tema:` -> the CSS custom properties the stylesheets read (accent, ink, font), the font
 * family named by charts and deck.pptx, and warnings where text would fall below WCAG AA contrast. Pure:
 * the font file is read by assets.ts. Without `tema:` nothing changes: the stylesheets keep their own values. */

import { contrast, darkened } from './colour.js';
import type { Diagnostic } from './diagnostics.js';
import { diagnostic } from './diagnostics.js';
import { themeMsg } from './messages.js';
import type { Network } from './schema.js';
import { locate, type SourceDoc } from './source.js';

/** The package's look (templates/deck/slides.css, report.css): what a theme's colours are checked against. */
export const DEFAULT_FONT = 'Titillium Web';
const PAPER = '#ffffff';
/** The light band behind list boxes, where text is ink. */
const BAND = '#eef3f8';
/** WCAG 2.x AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;

export interface Theme {
  accent?: string;
  ink?: string;
  /** The font's family name, when the data folder gives a font file. */
  font?: string;
}

export function themeOf(network: Pick<Network, 'tema'>): Theme {
  const t = network.tema;
  return { accent: t?.colore_principale, ink: t?.colore_testo, font: t?.carattere?.nome };
}

/** The font stack the pages and charts use: the network's font first, Titillium Web (embedded) behind it. */
export const fontStack = (theme: Theme): string => [...(theme.font ? [`'${theme.font.replace(/'/g, '')}'`] : []), `'${DEFAULT_FONT}'`, "'Segoe UI'", 'Helvetica', 'Arial', 'sans-serif'].join(', ');

/** The custom properties a theme sets, appended after each stylesheet (so a data folder's own CSS reads them too). */
export function themeCss(theme: Theme): string {
  const props: string[] = [];
  if (theme.accent) {
    props.push(`--accent: ${theme.accent}`, `--deck-accent: ${theme.accent}`);
    // Rules and quieter text on the accent (covers, dividers), from the accent rather than the package's blue.
    props.push(`--on-accent-rule: color-mix(in srgb, #ffffff 30%, ${theme.accent})`, `--on-accent-soft: color-mix(in srgb, #ffffff 85%, ${theme.accent})`);
  }
  if (theme.ink) props.push(`--ink: ${theme.ink}`);
  if (theme.font) props.push(`--font: ${fontStack(theme)}`, `--deck-ui-font: ${fontStack(theme)}`);
  return props.length ? `\n/* rete.yaml, tema: */\n:root { ${props.join('; ')}; }\n` : '';
}

/** Stylesheets by name -> the same with the theme's properties after each. */
export function themedStyles(style: Record<string, string>, theme: Theme): Record<string, string> {
  const css = themeCss(theme);
  return css ? Object.fromEntries(Object.entries(style).map(([k, v]) => [k, v + css])) : style;
}

/** The same hue made darker, step by step, until it reaches AA against `background`: a suggestion. */
export function darkenedFor(hex: string, background: string): string {
  return darkened(hex, background, MIN_TEXT_CONTRAST);
}

/** Where a theme's colours would make text hard to read: the accent is text on white (section names,
 * the report's headings) and white text's background (covers); the ink is text on white and on the band. */
export function themeWarnings(network: Pick<Network, 'tema'>, src: SourceDoc): Diagnostic[] {
  const t = network.tema;
  if (!t) return [];
  const out: Diagnostic[] = [];
  const check = (key: 'colore_principale' | 'colore_testo', colour: string | undefined, backgrounds: string[]) => {
    if (!colour) return;
    const worst = backgrounds.map((b) => ({ b, ratio: contrast(colour, b) })).sort((x, y) => x.ratio - y.ratio)[0];
    if (worst.ratio >= MIN_TEXT_CONTRAST) return;
    const field = `tema › ${key}`;
    out.push(diagnostic('tema-contrasto', themeMsg.lowContrast(colour, worst.b, worst.ratio, darkenedFor(colour, worst.b)), locate(src, ['tema', key]), field, 'warning'));
  };
  check('colore_principale', t.colore_principale, [PAPER]);
  check('colore_testo', t.colore_testo, [PAPER, BAND]);
  return out;
}
