/** Charts -> the files the web report links to beside report.html: one CSV per chart; and the report's
 * heading for a slide. Pure; no I/O. */
import type { Chart } from './charts.js';

/** Where a chart's CSV goes, relative to report.html (the template links the same path). */
export const csvPath = (chartId: string): string => `dati/${chartId}.csv`;

/** A byte order mark first: without it, spreadsheets on Windows read the UTF-8 CSV as Latin-1 and
 * "Comunità" turns into "ComunitÃ ". */
const BOM = '\uFEFF';

/** `{ 'dati/<chart id>.csv': text }` for every chart, in the charts' order. */
export function reportFiles(charts: Iterable<Chart>): Record<string, string> {
  const files: Record<string, string> = {};
  for (const chart of charts) files[csvPath(chart.id)] = BOM + chart.csv;
  return files;
}

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The heading of a slide's entry in the report, under its section's heading. A slide's title names its
 * section to stand alone in the deck («Officine dell’aiuto: 3 officine, 17 volontari»); under the heading
 * «Officine dell’aiuto» the report says the rest («3 officine, 17 volontari»), so no heading repeats the
 * one above it. Any other title is the report's as it is. */
export function entryHeading(section: string, title: string): string {
  const colon = title.indexOf(':');
  if (colon < 0 || !section.trim() || words(title.slice(0, colon)) !== words(section)) return title;
  const rest = title.slice(colon + 1).trim();
  return rest ? rest[0].toLocaleUpperCase('it') + rest.slice(1) : title;
}
