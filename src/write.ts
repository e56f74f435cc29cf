/** Files in memory -> output/<year>/, atomically: everything is written to a staging folder beside the
 * target, then swapped in with renames, so a build that fails at any step leaves the old folder as it was.
 * The staging folder starts with the old folder's files that this build does not remake (`keep`): a
 * build of some outputs, or one that could not print, leaves the others as they were. */
import { chmod, copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type Files = Record<string, string | Uint8Array>;

export interface Staging {
  dir: string;
  /** Files carried over from the previous output folder, with when each was last written (ms). */
  kept: Map<string, number>;
  /** Writes more files into the staging folder (e.g. PDFs printed from the staged HTML). */
  add(files: Files): Promise<void>;
  /** Takes files out of the staging folder (what is carried over, before its new version is added). */
  remove(names: readonly string[]): Promise<void>;
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

/** Every file under `dir`, relative to it with "/" as separator; none when `dir` is not there. */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  return entries.filter((f) => f.isFile()).map((f) => path.relative(dir, path.join(f.parentPath, f.name)).split(path.sep).join('/'));
}

/** Copies the files of `from` that `keep` accepts into `to`, with their times, so that "older than the
 * data" still reads true of them afterwards. */
async function carryOver(from: string, to: string, keep: (name: string) => boolean): Promise<Map<string, number>> {
  const kept = new Map<string, number>();
  for (const name of (await filesIn(from)).filter(keep)) {
    const src = path.join(from, name);
    const dest = path.join(to, name);
    await mkdir(path.dirname(dest), { recursive: true });
    // A copy, not a hard link: a later write to the staged file must never reach the old one.
    await copyFile(src, dest);
    const { atime, mtime } = await stat(src);
    await utimes(dest, atime, mtime);
    kept.set(name, mtime.getTime());
  }
  return kept;
}

export async function stage(outDir: string, year: number, files: Files, keep: (name: string) => boolean = () => false): Promise<Staging> {
  await mkdir(outDir, { recursive: true });
  const target = path.join(outDir, String(year));
  // Staging lives in the same folder as the target, so the final rename never crosses file systems.
  const dir = await mkdtemp(path.join(outDir, `.${year}-in-corso-`));
  // mkdtemp makes a private folder; the output is for everyone (it may be uploaded as it is).
  await chmod(dir, 0o755);
  const staging: Staging = {
    dir,
    kept: new Map(),
    add: (more) => writeAll(dir, more),
    async remove(names) {
      for (const name of names) {
        await rm(path.join(dir, name), { force: true });
        staging.kept.delete(name);
      }
    },
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
    staging.kept = await carryOver(target, dir, (name) => keep(name) && !Object.hasOwn(files, name));
    await writeAll(dir, files);
  } catch (e) {
    await staging.abort();
    throw e;
  }
  return staging;
}

/** Leftovers of builds that were killed before they could clean up. */
export async function sweepStale(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => /^\.\d{4}-in-corso-/.test(n)).map((n) => rm(path.join(outDir, n), { recursive: true, force: true })));
}
