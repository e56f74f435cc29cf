/* One build in a fresh process, for the benchmark: `node bench/child.js <templates dir or -> <argv...>`.
 * The same build as `assemblea build`, with a templates folder of the bench's choosing (the tenfold
 * deck). Prints one line of JSON: the stages' times, the build's time, how the charts were drawn (draw.ts's
 * drawingStats) and the process's peak RSS. */
import { build } from '../dist/build.js';
import { configFrom } from '../dist/config.js';
import { drawingStats } from '../dist/draw.js';

const [templatesDir, ...argv] = process.argv.slice(2);
const parsed = configFrom(argv, process.env, process.cwd(), false);
if (parsed === 'help') throw new Error('unexpected help');
const config = templatesDir === '-' ? parsed : { ...parsed, templatesDir };
const t0 = performance.now();
const result = await build(config);
const totalMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ timings: result.timings, totalMs, drawing: drawingStats(), maxRssKb: process.resourceUsage().maxRSS })}\n`);
