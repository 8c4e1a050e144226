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
  /** Why this instance was chosen, when Custody chose it (the automatic choice on GitHub Actions). */
  reason?: string;
}

export type InstancePreset = 'public-good' | 'github';

export const PRESETS: Record<InstancePreset, SigningInstance> = {
  // Public-good Sigstore: Fulcio + Rekor v1 (the dsse entry is the timestamp evidence).
  'public-good': { name: 'public-good', fulcioUrl: 'https://fulcio.sigstore.dev', rekorUrl: 'https://rekor.sigstore.dev' },
  // GitHub's Sigstore instance (private repositories): Fulcio + TSA, no public transparency log.
  github: { name: 'github', fulcioUrl: 'https://fulcio.githubapp.com', tsaUrl: 'https://timestamp.githubapp.com/api/v1/timestamp' },
};

export const INSTANCE_PRESETS = Object.keys(PRESETS) as InstancePreset[];

/**
 * GitHub's Sigstore instance for a GitHub server, derived as @actions/attest derives it: github.com (or no server)
 * -> fulcio.githubapp.com and timestamp.githubapp.com; any other server host H (a GHE.com tenant TENANT.ghe.com, or a
 * GHES host) -> https://fulcio.H and https://timestamp.H. No transparency log: the TSA's timestamp is the evidence.
 */
export function githubInstance(serverUrl?: string): SigningInstance {
  let host = 'github.com';
  if (serverUrl) {
    try {
      host = new URL(serverUrl).hostname;
    } catch {
      throw new SignInputError('SIGN_URL_INVALID', `the GitHub server URL "${serverUrl}" is not a URL.`, {
        hint: 'GITHUB_SERVER_URL is set by the runner (https://github.com, https://TENANT.ghe.com); unset it or fix it.',
      });
    }
  }
  if (host === 'github.com') return { ...PRESETS.github };
  return { name: `github (${host})`, fulcioUrl: `https://fulcio.${host}`, tsaUrl: `https://timestamp.${host}/api/v1/timestamp` };
}

/** What the automatic choice on GitHub Actions looks at (from the runner's environment and event payload). */
export interface GitHubInstanceFacts {
  serverUrl?: string;
  /** The event payload's repository.visibility: public, private, internal, or unknown (undefined). */
  visibility?: string;
  /** Where the visibility came from, for the reason. */
  visibilitySource?: string;
}

/**
 * The instance @actions/attest picks on GitHub Actions: public repositories sign on public-good Sigstore (the
 * transparency log is public anyway); private and internal ones, and any repository not known to be public, on
 * GitHub's instance for the server, so that their names, workflows and commits stay out of a public log.
 */
export function chooseGitHubInstance(facts: GitHubInstanceFacts): { preset: InstancePreset; reason: string } {
  const from = facts.visibilitySource ? ` (${facts.visibilitySource})` : '';
  if (facts.visibility === 'public') return { preset: 'public-good', reason: `the repository is public${from}` };
  return {
    preset: 'github',
    reason: facts.visibility ? `the repository is ${facts.visibility}${from}` : `the repository is not known to be public${from}`,
  };
}

export const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';

interface ServiceEntry {
  url?: unknown;
  majorApiVersion?: unknown;
  validFor?: { start?: unknown; end?: unknown };
}

function pick(entries: unknown, maxApi: number, what: string, location: string, now: Date): { url: string; skipped: number[] } | undefined {
  if (entries === undefined) return undefined;
  if (!Array.isArray(entries))
    throw new SignInputError('SIGN_CONFIG_INVALID', `${what} is not a list.`, {
      location,
      hint: 'Use the Sigstore signing_config.json v0.2 format.',
    });
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
    throw new SignInputError('SIGN_CONFIG_INVALID', 'the signing config is not a JSON object.', {
      location,
      hint: 'Use the Sigstore signing_config.json v0.2 format.',
    });
  }
  if (c.mediaType !== SIGNING_CONFIG_MEDIA_TYPE) {
    throw new SignInputError(
      'SIGN_CONFIG_INVALID',
      `the signing config's mediaType is ${JSON.stringify(c.mediaType ?? null)}, not ${SIGNING_CONFIG_MEDIA_TYPE}.`,
      {
        location,
        hint: 'Custody reads Sigstore signing_config.json v0.2 (as shipped in the instance TUF repository).',
      },
    );
  }
  const ca = pick(c.caUrls, 1, 'caUrls', location, now);
  const tlog = pick(c.rekorTlogUrls, 1, 'rekorTlogUrls', location, now);
  const tsa = pick(c.tsaUrls, 1, 'tsaUrls', location, now);
  if (tlog && !tlog.url && tlog.skipped.length) {
    throw new SignInputError(
      'SIGN_CONFIG_UNSUPPORTED',
      `the signing config lists only Rekor API v${tlog.skipped[0]} logs; Custody writes Rekor v1 entries.`,
      {
        location,
        hint: 'Add a Rekor v1 log to rekorTlogUrls, or leave the log out and use a TSA (tsaUrls).',
      },
    );
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
    throw new SignInputError('SIGN_URL_INSECURE', `${flag} ${url} is not https.`, {
      hint: 'Sigstore services are reached over https (plain http only on loopback, for tests).',
    });
  }
  return url;
}

export interface ResolveInstanceOptions {
  preset?: string;
  /** The GitHub server (GITHUB_SERVER_URL): the `github` preset's hosts are derived from it (GHE.com tenants). */
  serverUrl?: string;
  /**
   * The preset's endpoints from a signing_config.json instead of the built-in ones (CUSTODY_SIGNING_CONFIG_GITHUB /
   * CUSTODY_SIGNING_CONFIG_PUBLIC_GOOD: a mirror, a proxy, or a local stack in tests). The instance keeps its name.
   */
  presetSigningConfig?: { json: unknown; location: string };
  /** Why the preset was chosen (the automatic choice), copied to the instance. */
  reason?: string;
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
    const preset = Object.hasOwn(PRESETS, options.preset) ? PRESETS[options.preset as InstancePreset] : undefined;
    if (!preset) {
      throw new SignInputError('SIGN_INSTANCE_UNKNOWN', `"${options.preset}" is not a Sigstore instance Custody knows.`, {
        hint: `Use one of ${INSTANCE_PRESETS.join(', ')}, or --signing-config FILE for any other instance.`,
      });
    }
    base = options.preset === 'github' ? githubInstance(options.serverUrl) : { ...preset };
    if (options.presetSigningConfig) {
      const fromConfig = instanceFromSigningConfig(options.presetSigningConfig.json, options.presetSigningConfig.location, options.now);
      base = { ...fromConfig, name: `${base.name} (endpoints from ${options.presetSigningConfig.location})` };
    }
    if (options.reason) base.reason = options.reason;
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
      throw new SignInputError(
        'SIGN_INSTANCE_INCOMPLETE',
        `keyless signing needs a transparency log or a timestamp authority and ${base.name} has neither.`,
        {
          hint: 'A certificate is valid for minutes, so a verifier needs a signed time: add --rekor-url and/or --tsa-url.',
        },
      );
    }
  }
  return base;
}
