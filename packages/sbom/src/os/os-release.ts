/** /etc/os-release (freedesktop.org os-release(5)): KEY=value lines, values optionally quoted. */
export interface OsRelease {
  id: string;
  versionId?: string;
  name?: string;
  prettyName?: string;
  versionCodename?: string;
  idLike?: string[];
}

export function parseOsRelease(text: string): OsRelease | undefined {
  const fields: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    fields[line.slice(0, eq).trim()] = unquote(line.slice(eq + 1).trim());
  }
  const id = fields.ID?.toLowerCase();
  if (!id) return undefined;
  const os: OsRelease = { id };
  if (fields.VERSION_ID) os.versionId = fields.VERSION_ID;
  if (fields.NAME) os.name = fields.NAME;
  if (fields.PRETTY_NAME) os.prettyName = fields.PRETTY_NAME;
  if (fields.VERSION_CODENAME) os.versionCodename = fields.VERSION_CODENAME;
  if (fields.ID_LIKE) os.idLike = fields.ID_LIKE.split(/\s+/).filter(Boolean);
  return os;
}

function unquote(v: string): string {
  const q = v[0];
  if ((q === '"' || q === "'") && v.endsWith(q) && v.length >= 2) {
    const inner = v.slice(1, -1);
    return q === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return v;
}

/** The purl `distro` qualifier: `debian-12`, `alpine-3.19.1`, `ubuntu-22.04`; the id alone when there is no version. */
export function distroQualifier(os: OsRelease | undefined): string | undefined {
  if (!os) return undefined;
  return os.versionId ? `${os.id}-${os.versionId}` : os.id;
}
