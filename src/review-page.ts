/** Review + every warning of the build -> revisione.html, the page for the people who check the figures
 * before the assembly. Pure: no clock, no disk; the same data gives the same page. */
import { formatLocation, type Diagnostic } from './diagnostics.js';
import { escapeHtml } from './html.js';
import { formatNumber, formatSigned, formatSignedPercent } from './format.js';
import { FLAG_CODE, type Flag, type Review, type ReviewRow } from './review.js';

/** Text and double-quoted attributes. */
const esc = escapeHtml;

const FLAG_TEXT: Record<Flag, (row: ReviewRow) => string> = {
  zero: () => 'Sceso a zero',
  cifra: (r) => `Una cifra ${r.current! > r.previous! ? 'in più' : 'in meno'}?`,
  terzo: () => 'Cambiato di più di un terzo',
};

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:72rem;padding:1.5rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.7rem;margin:0 0 .5rem}h2{margin-top:2.2rem;border-bottom:2px solid #ccc;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;font-size:1.1rem;padding:.4rem 0}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
thead th{background:#f2f2f2}
tr.flag{background:#fff3cd}tr.flag td.controllo{font-weight:700;color:#7a4b00}
.loc{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;color:#444;white-space:nowrap}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
.summary{font-size:1.05rem}.ok{color:#1d6b2f}
ul.warnings{padding-left:1.2rem}ul.warnings li{margin-bottom:.8rem;overflow-wrap:anywhere}
a{color:#0b4f9c}
.scroll{overflow-x:auto}.scroll:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
@media print{tr.flag{background:none;outline:2px solid #7a4b00}}
`;

function row(r: ReviewRow, section: string): string {
  const name = r.field.startsWith(`${section} › `) ? r.field.slice(section.length + 3) : r.field;
  const cell = (n: number | undefined, f: (n: number) => string = formatNumber) => (n === undefined ? '—' : esc(f(n)));
  const ratio = r.change?.ratio;
  return `<tr${r.flag ? ' class="flag"' : ''}>
<th scope="row"><code>${esc(name)}</code></th>
<td class="n">${r.current === undefined ? 'manca' : cell(r.current)}</td>
<td class="n">${cell(r.previous)}</td>
<td class="n">${cell(r.change?.diff, formatSigned)}</td>
<td class="n">${ratio === undefined ? '—' : esc(formatSignedPercent(ratio))}</td>
<td class="controllo">${r.flag ? `<span aria-hidden="true">⚠ </span>${esc(FLAG_TEXT[r.flag](r))}` : ''}</td>
<td class="loc">${r.at ? esc(formatLocation(r.at)) : ''}</td>
</tr>`;
}

/** `caption` is HTML; `label` the same in plain text, for the scrolling region that holds the table on a phone. */
function table(section: string, rows: ReviewRow[], review: Review, caption: string, label: string): string {
  const prev = review.previousYear ?? review.year - 1;
  return `<div class="scroll" role="region" tabindex="0" aria-label="${esc(label)}"><table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Dato</th><th scope="col" class="n">${review.year}</th><th scope="col" class="n">${prev}</th><th scope="col" class="n">Differenza</th><th scope="col" class="n">Variazione</th><th scope="col">Controllo</th><th scope="col">Dove</th></tr></thead>
<tbody>
${rows.map((r) => row(r, section)).join('\n')}
</tbody>
</table></div>`;
}

function warning(d: Diagnostic): string {
  return `<li>${d.at ? `<span class="loc">${esc(formatLocation(d.at))}</span> ` : ''}${d.field ? `<code>${esc(d.field)}</code>` : ''}
<p>${esc(d.message)}</p>${d.hint ? `<p>Come correggere: ${esc(d.hint)}</p>` : ''}</li>`;
}

export function reviewPage(review: Review, diagnostics: readonly Diagnostic[], organisation: string): string {
  const flagged = review.rows.filter((r) => r.flag);
  // The flags are the table's own column; the list below holds every other warning.
  const warnings = diagnostics.filter((d) => d.severity === 'warning' && d.code !== FLAG_CODE);
  const sections = [...new Set(review.rows.map((r) => r.section))];
  const title = `Revisione dei dati ${review.year}`;
  const compared = review.previousYear
    ? `Ogni dato del ${review.year} accanto a quello del ${review.previousYear}, con la differenza.`
    : `Non c'è il file del ${review.year - 1}: i dati del ${review.year} sono elencati senza confronto.`;
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — ${esc(organisation)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p>${esc(organisation)}. ${esc(compared)} Sono segnate le variazioni che sembrano errori di battitura: un dato sceso a zero, che ha una cifra in più o in meno, o che è cambiato di più di un terzo. Una variazione segnata può essere giusta: va solo controllata sul documento di partenza.</p>
<p class="summary">${formatNumber(review.rows.length)} dati; <strong>${formatNumber(flagged.length)} ${flagged.length === 1 ? 'variazione da controllare' : 'variazioni da controllare'}</strong>; ${formatNumber(warnings.length)} ${warnings.length === 1 ? 'altro avviso' : 'altri avvisi'}.</p>
</header>
<main>
<nav aria-label="Sezioni"><ul>
<li><a href="#da-controllare">Variazioni da controllare</a></li>
<li><a href="#tutti-i-dati">Tutti i dati</a></li>
<li><a href="#avvisi">Avvisi del controllo</a></li>
</ul></nav>
<section id="da-controllare" aria-labelledby="h-da-controllare">
<h2 id="h-da-controllare">Variazioni da controllare</h2>
${flagged.length ? table('', flagged, review, 'Dati con una variazione sospetta', 'Dati con una variazione sospetta') : '<p class="ok">Nessuna variazione sospetta.</p>'}
</section>
<section id="tutti-i-dati" aria-labelledby="h-tutti-i-dati">
<h2 id="h-tutti-i-dati">Tutti i dati</h2>
${sections.map((s) => table(s, review.rows.filter((r) => r.section === s), review, `<code>${esc(s)}</code>`, s)).join('\n')}
</section>
<section id="avvisi" aria-labelledby="h-avvisi">
<h2 id="h-avvisi">Avvisi del controllo</h2>
${warnings.length ? `<ul class="warnings">\n${warnings.map(warning).join('\n')}\n</ul>` : '<p class="ok">Nessun avviso.</p>'}
</section>
</main>
</body>
</html>
`;
}
