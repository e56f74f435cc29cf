/** Files in memory -> output/<year>/, atomically: everything is written to a staging folder beside the
 * target, then swapped in with renames, so a build that fails at any step leaves the old folder as it was. */
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type Files = Record<string, string | Uint8Array>;

export interface Staging {
  dir: string;
  /** Writes more files into the staging folder (e.g. PDFs printed from the staged HTML). */
  add(files: Files): Promise<void>;
  /** Moves the staging folder into place. */
  commit(): Promise<string>;
  /** Removes the staging folder; the target is untouched. */
  abort(): Promise<void>;
}

async function writeAll(dir: string, files: Files): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const abs = path.join(dir, name);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}

export async function stage(outDir: string, year: number, files: Files): Promise<Staging> {
  await mkdir(outDir, { recursive: true });
  const target = path.join(outDir, String(year));
  // Staging lives in the same folder as the target, so the final rename never crosses file systems.
  const dir = await mkdtemp(path.join(outDir, `.${year}-in-corso-`));
  // mkdtemp makes a private folder; the output is for everyone (it may be uploaded as it is).
  await chmod(dir, 0o755);
  const staging: Staging = {
    dir,
    add: (more) => writeAll(dir, more),
    async commit() {
      const old = `${target}.vecchio-${process.pid}`;
      let moved = false;
      try {
        await rename(target, old);
        moved = true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      try {
        await rename(dir, target);
      } catch (e) {
        if (moved) await rename(old, target);
        throw e;
      }
      if (moved) await rm(old, { recursive: true, force: true });
      return target;
    },
    abort: () => rm(dir, { recursive: true, force: true }),
  };
  try {
    await writeAll(dir, files);
  } catch (e) {
    await staging.abort();
    throw e;
  }
  return staging;
}

/** Leftovers of builds that were killed before they could clean up. */
export async function sweepStale(outDir: string): Promise<void> {
  const { readdir } = await import('node:fs/promises');
  const names = await readdir(outDir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => /^\.\d{4}-in-corso-/.test(n)).map((n) => rm(path.join(outDir, n), { recursive: true, force: true })));
}
