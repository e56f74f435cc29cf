/** Text -> HTML text or attribute value, for the pages the build writes without Handlebars
 * (the review page, the preview server's pages, chart labels). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** An SVG's size from the width and height attributes of its outer element (0 when absent). */
export function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg[^>]*>/.exec(svg)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(open)?.[1] ?? 0);
  return { width: attr('width'), height: attr('height') };
}
