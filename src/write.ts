/** Files in memory -> output/<year>/, atomically: everything is written to a staging folder beside the
 * target, then swapped in with renames, so a build that fails at any step leaves the old folder as it was.
 * The staging folder starts with the old folder's files that this build does not remake (`keep`): a
 * build of some outputs, or one that could not print, leaves the others as they were. */
import { chmod, copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataChangedAt } from './load.js';

export type Files = Record<string, string | Uint8Array>;

/** Where a build's files go (Observable Framework's BuildEffects are the model): a staged output folder
 * (`stagedOutput`), or memory for the live preview (`memoryOutput`). A build begins once every file made
 * without a browser is made, writes the printed ones as they come, and ends with a commit, or an abort
 * that leaves everything as it was. */
export interface Effects {
  /** The files of `year` made without a browser: the output begins with them. */
  begin(year: number, files: Files): Promise<void>;
  /** More files (the printed ones), each in place of a file of its name kept from the earlier build;
   * `replacing`: those kept files that go even when this build did not make them again. */
  write(files: Files, replacing?: readonly string[]): Promise<void>;
  /** Puts every file in place at once. */
  commit(): Promise<Committed>;
  /** Leaves the output as it was (nothing, after a commit). */
  abort(): Promise<void>;
}

export interface Committed {
  /** Where the files are: output/<year>/, or '' for memory. */
  outputDir: string;
  /** The files this build wrote. */
  written: string[];
  /** Files left as an earlier build wrote them (outputs `--only` did not ask for, printed files the browser did not print again). */
  kept: string[];
  /** Those of `kept` that are older than the data. */
  stale: string[];
  /** Every file there now. */
  all: string[];
  /** In memory: every file, by name. */
  files?: Files;
}

/** output/<year>/ under `outDir`, staged (see stage): `keep` says which files of the earlier build stay
 * unless this one makes them again; `dataDir` tells which of those are older than the data. */
export function stagedOutput(options: { outDir: string; dataDir: string; keep: (name: string) => boolean }): Effects {
  let staging: Staging | undefined;
  let committed = false;
  const begun = () => {
    if (!staging) throw new Error('the output was not begun');
    return staging;
  };
  return {
    async begin(year, files) {
      await sweepStale(options.outDir);
      staging = await stage(options.outDir, year, files, options.keep);
    },
    async write(files, replacing = []) {
      await begun().remove(replacing);
      await begun().add(files);
    },
    async commit() {
      const s = begun();
      const outputDir = await s.commit();
      committed = true;
      const all = (await filesIn(outputDir)).sort();
      const kept = [...s.kept.keys()].sort();
      const changedAt = await dataChangedAt(options.dataDir);
      return { outputDir, written: all.filter((f) => !s.kept.has(f)), kept, stale: kept.filter((name) => s.kept.get(name)! < changedAt), all };
    },
    abort: async () => {
      if (staging && !committed) await staging.abort();
    },
  };
}

/** The files kept in memory, for the live preview: nothing is written. */
export function memoryOutput(): Effects {
  const files: Files = {};
  return {
    begin: async (_year, made) => void Object.assign(files, made),
    write: async (more, replacing = []) => {
      for (const name of replacing) delete files[name];
      Object.assign(files, more);
    },
    commit: async () => {
      const all = Object.keys(files).sort();
      return { outputDir: '', written: all, kept: [], stale: [], all, files };
    },
    abort: async () => undefined,
  };
}

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
