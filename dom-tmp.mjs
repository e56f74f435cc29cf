import puppeteer from 'puppeteer';
import { readFileSync } from 'node:fs';
const html = readFileSync(process.argv[2], 'utf8');
const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium-headless-shell', headless: 'shell', args: ['--no-sandbox','--disable-gpu','--font-render-hinting=none'] });
const p = await b.newPage();
await p.setViewport({ width: 1280, height: 720 });
await p.setJavaScriptEnabled(false);
await p.setContent(html, { waitUntil: 'load' });
await p.evaluate(() => document.fonts.ready);
await p.emulateMediaType(process.argv[4] || 'print');
console.log(await p.evaluate((n) => {
  const inner = document.querySelectorAll('.slide-inner')[n]; const top = inner.getBoundingClientRect().top;
  const out = [];
  const w = document.createTreeWalker(inner, NodeFilter.SHOW_TEXT);
  let t; while ((t = w.nextNode())) {
    if (!t.textContent.trim() || t.parentElement.closest('.visually-hidden,.notes')) continue;
    const r = document.createRange(); r.selectNodeContents(t);
    const rs=[...r.getClientRects()]; if(!rs.length) continue;
    out.push(Math.round(rs[0].left)+' '+(rs[0].top-top).toFixed(1)+' '+(rs.at(-1).bottom-top).toFixed(1)+' '+t.textContent.trim().slice(0,40));
  }
  return out.join('\n');
}, Number(process.argv[3])));
await b.close();
