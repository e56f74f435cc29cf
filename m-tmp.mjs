import puppeteer from 'puppeteer';
import { pathToFileURL } from 'node:url';
const [file, w] = process.argv.slice(2);
const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium-headless-shell', headless: 'shell', args: ['--no-sandbox','--disable-gpu','--font-render-hinting=none'] });
const p = await b.newPage();
await p.setViewport({ width: Number(w), height: 800 });
await p.goto(pathToFileURL(file).href, { waitUntil: 'load' });
await p.evaluate(() => document.fonts.ready);
console.log(await p.evaluate(() => {
  const col = document.querySelector('.report').getBoundingClientRect().width;
  const out = ['content column ' + col];
  for (const fig of document.querySelectorAll('.chart')) {
    const svg = [...fig.querySelectorAll('svg')].find(s => s.getBoundingClientRect().width > 2);
    if (!svg) continue;
    const r = svg.getBoundingClientRect();
    // ink extent: bbox of all marks
    let l = Infinity, rr = -Infinity;
    for (const e of svg.querySelectorAll('path, rect, text, line')) { const q = e.getBoundingClientRect(); if (q.width || q.height) { l = Math.min(l, q.left); rr = Math.max(rr, q.right); } }
    const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * (r.width / (svg.viewBox.baseVal?.width || r.width)));
    out.push(`${fig.closest('section').id} ${fig.className.baseVal ?? fig.className}: svg ${Math.round(r.width)}x${Math.round(r.height)} ink ${Math.round(rr - l)} (${Math.round((rr-l)/col*100)}%) minText ${Math.min(...sizes).toFixed(1)}`);
  }
  out.push('tables: ' + [...new Set([...document.querySelectorAll('.data-table td')].map(t => getComputedStyle(t).fontSize))].join(','));
  out.push('H3=H2: ' + [...document.querySelectorAll('h3')].filter(h => { const h2 = [...document.querySelectorAll('h2')].filter(x => x.compareDocumentPosition(h) & 4).at(-1); return h2 && h2.textContent.trim() === h.textContent.trim(); }).map(h=>h.textContent).join('|'));
  return out.join('\n');
}));
await b.close();
