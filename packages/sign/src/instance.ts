/**
 * Which Sigstore instance to sign with: public-good (default), GitHub's instance (preset `github`), a Sigstore
 * signing_config.json (v0.2), or explicit URLs.
 */
import { SignInputError } from './errors.js';

export interface SigningInstance {
  /** For messages: "public-good", "github", "signing config FILE", "custom URLs". */
  name: string;
  fulcioUrl?: string;
  rekorUrl?: string;
  tsaUrl?: string;
}

export type InstancePreset = 'public-good' | 'github';

export const PRESETS: Record<InstancePreset, SigningInstance> = {
  // Public-good Sigstore: Fulcio + Rekor v1 (the dsse entry is the timestamp evidence).
  'public-good': { name: 'public-good', fulcioUrl: 'https://fulcio.sigstore.dev', rekorUrl: 'https://rekor.sigstore.dev' },
  // GitHub's Sigstore instance (private repositories): Fulcio + TSA, no public transparency log.
  github: { name: 'github', fulcioUrl: 'https://fulcio.githubapp.com', tsaUrl: 'https://timestamp.githubapp.com/api/v1/timestamp' },
};

export const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';

interface ServiceEntry {
  url?: unknown;
  majorApiVersion?: unknown;
  validFor?: { start?: unknown; end?: unknown };
}

function pick(entries: unknown, maxApi: number, what: string, location: string, now: Date): { url: string; skipped: number[] } | undefined {
  if (entries === undefined) return undefined;
  if (!Array.isArray(entries)) throw new SignInputError('SIGN_CONFIG_INVALID', `${what} is not a list.`, { location, hint: 'Use the Sigstore signing_config.json v0.2 format.' });
  const skipped: number[] = [];
  const usable = (entries as ServiceEntry[])
    .filter((e) => {
      if (typeof e?.url !== 'string') return false;
      const api = typeof e.majorApiVersion === 'number' ? e.majorApiVersion : 1;
      if (api > maxApi) {
        skipped.push(api);
        return false;
      }
      const start = typeof e.validFor?.start === 'string' ? Date.parse(e.validFor.start) : 0;
      const end = typeof e.validFor?.end === 'string' ? Date.parse(e.validFor.end) : Infinity;
      return start <= now.getTime() && now.getTime() <= end;
    })
    .sort((a, b) => Date.parse(String(b.validFor?.start ?? 0)) - Date.parse(String(a.validFor?.start ?? 0)));
  const first = usable[0];
  return first ? { url: first.url as string, skipped } : { url: '', skipped };
}

/** Reads a signing_config.json (already parsed). `location` is the file for messages. */
export function instanceFromSigningConfig(config: unknown, location: string, now = new Date()): SigningInstance {
  const c = config as Record<string, unknown> | null;
  if (!c || typeof c !== 'object') {
    throw new SignInputError('SIGN_CONFIG_INVALID', 'the signing config is not a JSON object.', { location, hint: 'Use the Sigstore signing_config.json v0.2 format.' });
  }
  if (c.mediaType !== SIGNING_CONFIG_MEDIA_TYPE) {
    throw new SignInputError('SIGN_CONFIG_INVALID', `the signing config's mediaType is ${JSON.stringify(c.mediaType ?? null)}, not ${SIGNING_CONFIG_MEDIA_TYPE}.`, {
      location,
      hint: 'Custody reads Sigstore signing_config.json v0.2 (as shipped in the instance TUF repository).',
    });
  }
  const ca = pick(c.caUrls, 1, 'caUrls', location, now);
  const tlog = pick(c.rekorTlogUrls, 1, 'rekorTlogUrls', location, now);
  const tsa = pick(c.tsaUrls, 1, 'tsaUrls', location, now);
  if (tlog && !tlog.url && tlog.skipped.length) {
    throw new SignInputError('SIGN_CONFIG_UNSUPPORTED', `the signing config lists only Rekor API v${tlog.skipped[0]} logs; Custody writes Rekor v1 entries.`, {
      location,
      hint: 'Add a Rekor v1 log to rekorTlogUrls, or leave the log out and use a TSA (tsaUrls).',
    });
  }
  const instance: SigningInstance = { name: `signing config ${location}` };
  if (ca?.url) instance.fulcioUrl = ca.url;
  if (tlog?.url) instance.rekorUrl = tlog.url;
  if (tsa?.url) instance.tsaUrl = tsa.url;
  if (!instance.fulcioUrl && !instance.rekorUrl && !instance.tsaUrl) {
    throw new SignInputError('SIGN_CONFIG_INVALID', 'the signing config lists no usable Fulcio, Rekor or TSA service (none valid now).', {
      location,
      hint: 'Check caUrls / rekorTlogUrls / tsaUrls and their validFor dates.',
    });
  }
  return instance;
}

function checkUrl(url: string, flag: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SignInputError('SIGN_URL_INVALID', `${flag} "${url}" is not a URL.`, { hint: `Give ${flag} as https://host[:port].` });
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))) {
    throw new SignInputError('SIGN_URL_INSECURE', `${flag} ${url} is not https.`, { hint: 'Sigstore services are reached over https (plain http only on loopback, for tests).' });
  }
  return url;
}

export interface ResolveInstanceOptions {
  preset?: string;
  signingConfig?: { json: unknown; location: string };
  fulcioUrl?: string;
  rekorUrl?: string;
  tsaUrl?: string;
  /** Key-based signing: no instance unless asked for (signing with a key works offline). */
  keyBased: boolean;
  now?: Date;
}

/**
 * The instance to use. Explicit URLs override the signing config's, which override the preset's. Keyless without
 * anything: public-good. Key-based without anything: no services (no tlog, no timestamp).
 */
export function resolveInstance(options: ResolveInstanceOptions): SigningInstance {
  let base: SigningInstance;
  if (options.preset) {
    const preset = PRESETS[options.preset as InstancePreset];
    if (!preset) {
      throw new SignInputError('SIGN_INSTANCE_UNKNOWN', `"${options.preset}" is not a Sigstore instance Custody knows.`, {
        hint: `Use one of ${Object.keys(PRESETS).join(', ')}, or --signing-config FILE for any other instance.`,
      });
    }
    base = { ...preset };
  } else base = { name: 'custom URLs' };
  if (options.signingConfig) base = instanceFromSigningConfig(options.signingConfig.json, options.signingConfig.location, options.now);
  const explicit = Boolean(options.fulcioUrl || options.rekorUrl || options.tsaUrl);
  if (options.fulcioUrl) base.fulcioUrl = checkUrl(options.fulcioUrl, '--fulcio-url');
  if (options.rekorUrl) base.rekorUrl = checkUrl(options.rekorUrl, '--rekor-url');
  if (options.tsaUrl) base.tsaUrl = checkUrl(options.tsaUrl, '--tsa-url');
  if (!options.preset && !options.signingConfig && !explicit) {
    return options.keyBased ? { name: 'none (offline key signing)' } : { ...PRESETS['public-good'] };
  }
  if (!options.keyBased) {
    if (!base.fulcioUrl) {
      throw new SignInputError('SIGN_INSTANCE_INCOMPLETE', `keyless signing needs a Fulcio URL and ${base.name} has none.`, {
        hint: 'Add --fulcio-url, or use a signing config with caUrls, or sign with --key.',
      });
    }
    if (!base.rekorUrl && !base.tsaUrl) {
      throw new SignInputError('SIGN_INSTANCE_INCOMPLETE', `keyless signing needs a transparency log or a timestamp authority and ${base.name} has neither.`, {
        hint: 'A certificate is valid for minutes, so a verifier needs a signed time: add --rekor-url and/or --tsa-url.',
      });
    }
  }
  return base;
}
