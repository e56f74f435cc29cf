/* deck.html (our build's) -> a Marp Markdown deck of the same slides, for the benchmark's comparison. */

const decode = (s) =>
  s
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&');
const textOf = (html) =>
  decode(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

/** deck.html -> a Marp deck of the same slides: each slide's title, its visible texts (headings,
 * paragraphs, list items) and its charts' SVGs as images, in files beside the Markdown (Marp's Markdown
 * refuses SVG as a data: URI), by name in `images`. */
export function marpDeck(deckHtml) {
  const starts = [...deckHtml.matchAll(/<section class="slide /g)].map((m) => m.index);
  const end = deckHtml.indexOf('<script', starts.at(-1));
  const images = {};
  const slides = starts.map((at, i) => {
    let html = deckHtml.slice(at, starts[i + 1] ?? end);
    const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    html = html
      .replace(/<svg[\s\S]*?<\/svg>/g, '')
      .replace(/<table class="data-table visually-hidden">[\s\S]*?<\/table>/g, '')
      .replace(/<[^>]+class="[^"]*visually-hidden[^"]*"[^>]*>[\s\S]*?<\/(figcaption|span|p|div)>/g, '')
      .replace(/<footer[\s\S]*?<\/footer>/g, '');
    const title = textOf(/<h[12][^>]*>([\s\S]*?)<\/h[12]>/.exec(html)?.[1] ?? '');
    const lines = [...html.matchAll(/<(p|li|h3|dt|dd|td|th)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => (m[1] === 'li' ? '- ' : '') + textOf(m[2])).filter((l) => l.replace(/^- /, ''));
    const names = svgs.map((svg) => {
      const name = `grafico-${Object.keys(images).length + 1}.svg`;
      images[name] = /^<svg[^>]*\sxmlns=/.test(svg) ? svg : svg.replace(/^<svg /, '<svg xmlns="http://www.w3.org/2000/svg" ');
      return `![](${name})`;
    });
    return [`# ${title}`, ...lines, ...names].join('\n\n');
  });
  return { markdown: `---\nmarp: true\nsize: 16:9\n---\n\n${slides.join('\n\n---\n\n')}\n`, slides: slides.length, images };
}
