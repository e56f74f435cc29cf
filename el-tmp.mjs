import puppeteer from 'puppeteer';
import { pathToFileURL } from 'node:url';
const [file, w, out, ...ids] = process.argv.slice(2);
const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium-headless-shell', headless: 'shell', args: ['--no-sandbox','--disable-gpu','--font-render-hinting=none'] });
const p = await b.newPage();
await p.setViewport({ width: Number(w), height: 800, deviceScaleFactor: 1 });
await p.goto(pathToFileURL(file).href, { waitUntil: 'load' });
await p.evaluate(() => document.fonts.ready);
let i = 0;
for (const id of ids) { const el = await p.$('#' + id); await el.screenshot({ path: `${out}-${i++}.png` }); }
await b.close();
