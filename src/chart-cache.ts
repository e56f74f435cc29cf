/** A folder (ASSEMBLEA_CACHE) <-> the chart SVGs of earlier builds, by a hash of each drawing's whole
 * input (chart id, filled Vega-Lite spec, config) and of the versions that draw it. Off unless the
 * folder is named; a build that reads it draws only the charts whose figures changed. Best effort:
 * a cache that cannot be read or written is as good as empty and never fails the build. */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface ChartStore {
  get(input: string): string | undefined;
  set(input: string, svg: string): void;
  /** Writes the drawings this build used (the others are dropped), when any was new. */
  save(): Promise<void>;
}

const FILE = 'grafici.json';

/** `drawnBy` names what draws (charts.ts DRAWN_BY: vega's and vega-lite's versions): a new version may
 * draw the same input differently, so it finds nothing of the old ones. */
export async function openChartStore(dir: string, drawnBy: string): Promise<ChartStore> {
  const hash = (input: string) => createHash('sha256').update(drawnBy).update('\u0000').update(input).digest('base64url');
  const file = path.join(dir, FILE);
  let saved: Record<string, string> = {};
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) saved = parsed as Record<string, string>;
  } catch {
    // No cache yet, or one left unreadable: start empty.
  }
  const used = new Map<string, string>();
  let added = false;
  return {
    get(input) {
      const key = hash(input);
      const svg = saved[key];
      if (typeof svg !== 'string') return undefined;
      used.set(key, svg);
      return svg;
    },
    set(input, svg) {
      const key = hash(input);
      used.set(key, svg);
      if (saved[key] !== svg) added = true;
    },
    async save() {
      if (!added && used.size === Object.keys(saved).length) return;
      try {
        await mkdir(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(Object.fromEntries(used)));
        await rename(tmp, file);
      } catch {
        // A read-only or full disk: the next build draws again.
      }
    },
  };
}
