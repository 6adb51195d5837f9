/**
 * Safe pieces of the self-contained HTML pages renderers write: text escaped for HTML, JSON and library code that
 * cannot close the `<script>` element they sit in, whatever run names or titles they carry.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` written as \u escapes (so no `</script>`
 * or `<!--` can appear), and the line separators JavaScript once rejected too. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * JavaScript source for an inline `<script>`: a `</script` or `<!--` inside it (only ever in string literals of the
 * libraries we inline) is written with an escaped slash or bang, which means the same in a JS string.
 */
export function scriptSource(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export interface HtmlPageParts {
  title: string;
  width: number;
  height: number;
  /** JSON data the page script reads from `document.getElementById('runlens-data').textContent`. */
  data: unknown;
  /** Library builds, inlined in order. */
  libraries: string[];
  /** The script that draws into `#chart`. */
  main: string;
}

/** A standalone page: no network access, every user string escaped. */
export function htmlPage(parts: HtmlPageParts): string {
  const title = escapeHtml(parts.title);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    '<style>html,body{margin:0;padding:0}#chart{display:block}</style>',
    '</head>',
    '<body>',
    `<div id="chart" role="img" aria-label="${title}" style="width:${Math.round(parts.width)}px;height:${Math.round(parts.height)}px"></div>`,
    `<script type="application/json" id="runlens-data">${jsonForScript(parts.data)}</script>`,
    ...parts.libraries.map((lib) => `<script>${scriptSource(lib)}</script>`),
    `<script>${scriptSource(parts.main)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
