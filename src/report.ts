/** Charts -> the files the web report links to beside report.html: one CSV per chart. Pure; no I/O. */
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
