import puppeteer from 'puppeteer';
import { pathToFileURL } from 'node:url';
const [file, w, css] = process.argv.slice(2);
const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium-headless-shell', headless: 'shell', args: ['--no-sandbox','--disable-gpu','--font-render-hinting=none'] });
const p = await b.newPage();
await p.setViewport({ width: Number(w), height: 800 });
await p.goto(pathToFileURL(file).href, { waitUntil: 'load' });
if (css) await p.addStyleTag({ content: css });
await p.evaluate(() => document.fonts.ready);
await p.evaluate(() => document.querySelectorAll('details').forEach(d => d.open = true));
console.log(await p.evaluate(() => {
  const col = document.querySelector('.report').getBoundingClientRect().width;
  const out = ['col ' + col + ' doc ' + document.documentElement.scrollWidth];
  for (const t of document.querySelectorAll('.data-table')) { const r = t.getBoundingClientRect(); if (!r.width || r.width < 2) continue; out.push(`${t.closest('section')?.id} ${Math.round(r.width)} cols ${t.rows[0].cells.length} fs ${getComputedStyle(t.querySelector('td,th')).fontSize}`); }
  return out.join('\n');
}));
await b.close();
