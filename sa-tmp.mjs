import puppeteer from 'puppeteer';
import { readFileSync } from 'node:fs';
const html = readFileSync(process.argv[2], 'utf8');
const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium-headless-shell', headless: 'shell', args: ['--no-sandbox','--disable-gpu','--font-render-hinting=none'] });
const p = await b.newPage();
await p.setViewport({ width: 1280, height: 720 });
await p.setJavaScriptEnabled(false);
await p.setContent(html, { waitUntil: 'load' });
await p.evaluate(() => document.fonts.ready);
await p.emulateMediaType('print');
console.log(await p.evaluate(() => {
  const out = [];
  document.querySelectorAll('.slide-inner').forEach((inner, i) => {
    const box = inner.getBoundingClientRect(); const cs = getComputedStyle(inner);
    const pad = { t: parseFloat(cs.paddingTop), r: parseFloat(cs.paddingRight), b: parseFloat(cs.paddingBottom), l: parseFloat(cs.paddingLeft) };
    for (const el of inner.querySelectorAll('*')) {
      if (el.closest('.slide-footer, .visually-hidden')) continue;
      const r = el.getBoundingClientRect(); if (!r.width || !r.height) continue;
      const o = { top: box.top + pad.t - r.top, bottom: r.bottom - (box.bottom - pad.b), left: box.left + pad.l - r.left, right: r.right - (box.right - pad.r) };
      const worst = Math.max(...Object.values(o));
      if (worst > 1) out.push(`${i+1} ${el.tagName} ${el.className?.baseVal ?? el.className} ${JSON.stringify(Object.fromEntries(Object.entries(o).filter(([,v])=>v>1).map(([k,v])=>[k,Math.round(v)])))} ${(el.textContent||'').trim().slice(0,30)}`);
    }
  });
  return out.join('\n');
}));
await b.close();
