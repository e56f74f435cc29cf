/* One build in a fresh process, for the benchmark: `node bench/child.js <templates dir or -> <argv...>`.
 * The same build as `assemblea build`, with a templates folder of the bench's choosing (the tenfold
 * deck). Prints one line of JSON: the stages' times, the build's time, how the charts were drawn (draw.ts's
 * drawingStats), the process's peak RSS, and where the process's time went, each time read from the
 * process's start (performance.now()): Node's own start (until this file runs), the loading of the
 * libraries the build imports before it starts (each one measured as it is added to what is loaded
 * already, in the order the build's modules import them), the rest of the build's modules, then each
 * stage's end as the build reports it. */
const bootMs = performance.now();
const loads = [];
const timedImport = async (name, what) => {
  const t0 = performance.now();
  const m = await import(what);
  loads.push({ name, ms: performance.now() - t0 });
  return m;
};
// The libraries first (yaml and zod for the check, handlebars for the pages, vega and vega-lite for the
// charts), then the build's own modules, which find them loaded.
await timedImport('yaml', 'yaml');
await timedImport('zod', 'zod');
await timedImport('handlebars', 'handlebars');
await timedImport('vega', 'vega');
await timedImport('vega-lite', 'vega-lite');
const { build } = await timedImport('moduli della build (dist/)', '../dist/build.js');
const { configFrom } = await import('../dist/config.js');
const { buildContext } = await import('../dist/context.js');
const { drawingStats } = await import('../dist/draw.js');
const loadedMs = performance.now();

const [templatesDir, ...argv] = process.argv.slice(2);
const parsed = configFrom(argv, process.env, process.cwd(), false);
if (parsed === 'help') throw new Error('unexpected help');
const config = templatesDir === '-' ? parsed : { ...parsed, templatesDir };
/** Each stage's start and end, from the process's start: the build reports a stage as it ends. */
const steps = [];
const t0 = performance.now();
// The build's context as `assemblea build` makes it (a staged output folder, the browser launched now, new caches).
const context = buildContext(config, {
  progress: (step, ms) => {
    const end = performance.now();
    steps.push({ step, start: end - ms, end });
  },
});
const result = await build(config, context);
const builtMs = performance.now();
const totalMs = builtMs - t0;
process.stdout.write(`${JSON.stringify({ timings: result.timings, totalMs, drawing: drawingStats(), maxRssKb: process.resourceUsage().maxRSS, bootMs, loads, loadedMs, steps, builtMs })}\n`);
