/** Where the package's own files live (templates, bundled data), whether run from src/ or dist/. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
