import puppeteer from 'puppeteer';
import { pathToFileURL } from 'node:url';
const [file, outPrefix, ...widths] = process.argv.slice(2);
const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium-headless-shell', headless: 'shell', args: ['--no-sandbox','--disable-gpu','--font-render-hinting=none'] });
for (const w of widths) {
  const p = await b.newPage();
  await p.setViewport({ width: Number(w), height: 800, deviceScaleFactor: 1 });
  await p.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await p.evaluate(() => document.fonts.ready);
  await p.screenshot({ path: `${outPrefix}-${w}.png`, fullPage: true });
  console.log(w, await p.evaluate(() => document.documentElement.scrollHeight));
  await p.close();
}
await b.close();
