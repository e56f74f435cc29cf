/** Text -> HTML text or attribute value, for the pages the build writes without Handlebars
 * (the review page, the preview server's pages, chart labels). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
