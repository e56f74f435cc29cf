/* Preloaded by the benchmark (`node --import ./bench/rss.js ...`): writes the process's peak resident set,
 * in kB, to BENCH_RSS_FILE when it exits. Chromium's own processes are not counted. */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
