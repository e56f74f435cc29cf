#!/usr/bin/env -S node --max-semi-space-size=4
// Entry point of `npx assemblea`: runs the compiled CLI (dist/ is built by `npm ci` via `prepare`).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
