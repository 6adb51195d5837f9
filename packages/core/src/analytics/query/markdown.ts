/** The two pieces of Markdown that analytics output is written with (core's result summary, the server's report). */

/** User text safe in a table cell or a list item: pipes, backslashes, emphasis, links, HTML and code marks escaped, one line. */
export function markdownText(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_|[\]<>]/g, (c) => `\\${c}`);
}

/** A Markdown table; the cells are written as given (escape user text with {@link markdownText}). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}
