/**
 * Debian control-file stanzas (deb822): `Field: value` lines, continuation lines start with a space or tab,
 * stanzas are separated by blank lines. Field names are case-insensitive; they are kept as written in the first
 * stanza that uses them and looked up through `field()`.
 */
export interface Stanza {
  /** 1-based line where the stanza starts, for messages. */
  line: number;
  fields: Map<string, string>;
}

export function parseStanzas(text: string): Stanza[] {
  const out: Stanza[] = [];
  let current: Stanza | undefined;
  let lastKey: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') {
      current = undefined;
      lastKey = undefined;
      continue;
    }
    if (line.startsWith('#')) continue;
    if ((line[0] === ' ' || line[0] === '\t') && current && lastKey) {
      current.fields.set(lastKey, `${current.fields.get(lastKey)}\n${line.slice(1)}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (!current) {
      current = { line: i + 1, fields: new Map() };
      out.push(current);
    }
    lastKey = line.slice(0, colon).trim().toLowerCase();
    current.fields.set(lastKey, line.slice(colon + 1).trim());
  }
  return out;
}

export function field(stanza: Stanza, name: string): string | undefined {
  const v = stanza.fields.get(name.toLowerCase());
  return v === undefined ? undefined : v.trim();
}
