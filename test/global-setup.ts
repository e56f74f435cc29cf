/** Before any test file: dist/ compiled from src/ when it is older, once, so that tests running the
 * real command (`node bin/assemblea.js`) in child processes never read a half-written dist/. */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const mtime = (file: string) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

export default function setup(): void {
  const sources = readdirSync(path.join(ROOT, 'src')).filter((f) => f.endsWith('.ts'));
  const stale = sources.some((f) => mtime(path.join(ROOT, 'src', f)) > mtime(path.join(ROOT, 'dist', f.replace(/\.ts$/, '.js'))));
  if (!stale) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    // tsc exits non-zero on a type error but still writes dist/; the typecheck reports the error.
  }
}
