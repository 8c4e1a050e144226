/**
 * A small POSIX shell-word tokenizer, for redaction only (nothing is ever executed from it). It splits a script into
 * simple commands and words the way sh would for quoting: single quotes (literal), double quotes (backslash escapes
 * $ ` " \ and newline), backslash outside quotes, $'…' (ANSI-C quotes); `;`, `&`, `&&`, `|`, `||`, newlines,
 * parentheses, `$(`, and backticks separate commands; `<` and `>` end a word. Each word keeps the span of source it
 * came from, so a redactor can replace exactly that span and leave the rest of the script as written.
 * An unterminated quote is not an error: the word runs to the end of the script (and is still redacted).
 */
export interface ShellWord {
  /** The word after quote removal. */
  value: string;
  /** Its source span [start, end) in the script. */
  start: number;
  end: number;
}

const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')', '`']);

export function tokenizeShell(script: string): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let value = '';
  let start = -1;
  const endWord = (end: number) => {
    if (start >= 0) words.push({ value, start, end });
    value = '';
    start = -1;
  };
  const endCommand = (at: number) => {
    endWord(at);
    if (words.length) commands.push(words);
    words = [];
  };
  const begin = (i: number) => {
    if (start < 0) start = i;
  };
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord(i);
      i++;
    } else if (SEPARATORS.has(c)) {
      endCommand(i);
      i++;
    } else if (c === '<' || c === '>') {
      endWord(i);
      i++;
    } else if (c === '$' && script[i + 1] === '(') {
      endCommand(i);
      i += 2;
    } else if (c === '\\') {
      if (script[i + 1] === '\n') {
        endWord(i); // a line continuation (inside a word it joins, but a redactor loses nothing by splitting)
        i += 2;
        continue;
      }
      begin(i);
      if (i + 1 < n) value += script[i + 1];
      i += 2;
    } else if (c === "'") {
      begin(i);
      const close = script.indexOf("'", i + 1);
      const stop = close < 0 ? n : close;
      value += script.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '$' && script[i + 1] === "'") {
      begin(i);
      let j = i + 2;
      while (j < n && script[j] !== "'") {
        if (script[j] === '\\' && j + 1 < n) {
          const e = script[j + 1]!;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else value += script[j++];
      }
      i = j + 1;
    } else if (c === '"') {
      begin(i);
      let j = i + 1;
      while (j < n && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < n && '$`"\\\n'.includes(script[j + 1]!)) {
          if (script[j + 1] !== '\n') value += script[j + 1];
          j += 2;
        } else value += script[j++];
      }
      i = j + 1;
    } else {
      begin(i);
      value += c;
      i++;
    }
  }
  endCommand(n);
  return commands;
}

/** Does this text hold more than one shell word (spaces, quotes, operators)? Then it may be a script or an argument list. */
export function looksLikeScript(text: string): boolean {
  return /[\s;&|`'"()<>]/.test(text);
}
