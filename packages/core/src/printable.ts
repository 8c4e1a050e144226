/**
 * Text that came from someone else (a predicate type claimed by an unverified payload, an OCI annotation, a bundle
 * file name) made safe to print on a line of a terminal or CI log: control characters are shown escaped (`\n`,
 * `\x1b`), so that such text can neither start a line of its own (GitHub Actions reads `::stop-commands::`,
 * `::error::`, `::add-mask::` at the start of any stdout line) nor move the cursor or recolour the log.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
