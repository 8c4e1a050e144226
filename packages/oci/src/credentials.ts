import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { addSecret } from '@custody/core';

export interface Credential {
  username: string;
  password: string;
  /** Where it came from, for error messages (never the secret itself). */
  source: string;
}

export interface CredentialLookup {
  credential?: Credential;
  /** Every source looked at, in order, for OCI_AUTH_FAILED messages. */
  tried: string[];
}

/**
 * A GitHub token for GitHub's container registry (an action's github-token input), used for `registries` only:
 * tried after CUSTODY_REGISTRY_* and the docker config (an explicit `docker login` wins), before GITHUB_TOKEN.
 */
export interface GitHubRegistryToken {
  token: string;
  /** Where it came from, for error messages: "the github-token input". */
  source: string;
  /** The registries it is sent to: githubContainerRegistries(GITHUB_SERVER_URL) (a test may name a local one). */
  registries: string[];
  /** The user name sent with it (GITHUB_ACTOR; GitHub's registry ignores it). Default "token". */
  username?: string;
}

export interface CredentialOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of the docker config.json; default $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
  dockerConfig?: string;
  githubToken?: GitHubRegistryToken;
}

/**
 * The container registry of a GitHub server, which a token of that server opens: ghcr.io for github.com (and when no
 * server is known), `containers.HOST` for a GHE.com tenant (TENANT.ghe.com) and for GitHub Enterprise Server (its
 * registry needs subdomain isolation, which puts it there). One host only: a token is never sent to another
 * server's registry (a GHES token to ghcr.io, a github.com token to a GHES).
 */
export function githubContainerRegistries(serverUrl: string | undefined): string[] {
  let host = 'github.com';
  if (serverUrl) {
    try {
      host = new URL(serverUrl).host.toLowerCase();
    } catch {
      return [];
    }
  }
  return host === 'github.com' || host === 'www.github.com' ? ['ghcr.io'] : [`containers.${host}`];
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

const HUB_KEYS = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/'];

function hostOfKey(key: string): string {
  return key
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

function sameRegistry(key: string, registry: string): boolean {
  const host = hostOfKey(key);
  if (registry === 'docker.io') return HUB_KEYS.some((k) => hostOfKey(k) === host);
  return host === registry.toLowerCase();
}

function dockerConfigPath(options: CredentialOptions): string {
  if (options.dockerConfig) return options.dockerConfig;
  const env = options.env ?? process.env;
  return join(env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), '.docker'), 'config.json');
}

async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
}

/** Runs `docker-credential-<helper> get`; undefined when the program is missing or has nothing for this host. */
export async function runCredentialHelper(
  helper: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<{ username: string; password: string } | undefined> {
  if (!/^[A-Za-z0-9_.-]+$/.test(helper)) return undefined;
  return new Promise((resolvePromise) => {
    let out = '';
    let done = false;
    const finish = (v: { username: string; password: string } | undefined) => {
      if (!done) {
        done = true;
        resolvePromise(v);
      }
    };
    let child;
    try {
      child = spawn(`docker-credential-${helper}`, ['get'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      finish(undefined);
      return;
    }
    const timer = setTimeout(() => {
      child.kill();
      finish(undefined);
    }, 10_000);
    child.on('error', () => finish(undefined));
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return finish(undefined);
      try {
        const parsed = JSON.parse(out) as { Username?: string; Secret?: string };
        if (!parsed.Secret) return finish(undefined);
        finish({ username: parsed.Username ?? '', password: parsed.Secret });
      } catch {
        finish(undefined);
      }
    });
    child.stdin.end(serverUrl);
  });
}

/**
 * Finds credentials for a registry. Order: CUSTODY_REGISTRY_USERNAME/_PASSWORD, docker config.json
 * (credHelpers for the host, auths entry, credsStore), the given GitHub token (an action's github-token input) and
 * then GITHUB_TOKEN, each for the container registry of the GitHub server (GITHUB_SERVER_URL; ghcr.io by default).
 */
export async function findCredentials(registry: string, options: CredentialOptions = {}): Promise<CredentialLookup> {
  const env = options.env ?? process.env;
  const tried: string[] = [];
  const found = (username: string, password: string, source: string): CredentialLookup => {
    addSecret(password);
    return { credential: { username, password, source }, tried: [...tried, source] };
  };

  const envSource = 'CUSTODY_REGISTRY_USERNAME/CUSTODY_REGISTRY_PASSWORD';
  if (env.CUSTODY_REGISTRY_PASSWORD) return found(env.CUSTODY_REGISTRY_USERNAME ?? '', env.CUSTODY_REGISTRY_PASSWORD, envSource);
  tried.push(`${envSource} (not set)`);

  const configPath = dockerConfigPath(options);
  const config = await readDockerConfig(configPath);
  if (config) {
    const helperKey = Object.keys(config.credHelpers ?? {}).find((k) => sameRegistry(k, registry));
    const serverUrl = registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
    if (helperKey) {
      const helper = config.credHelpers![helperKey]!;
      const source = `docker-credential-${helper} (credHelpers in ${configPath})`;
      const got = await runCredentialHelper(helper, serverUrl, env);
      if (got) return found(got.username, got.password, source);
      tried.push(`${source}: nothing for ${registry}`);
    }
    const authKey = Object.keys(config.auths ?? {}).find((k) => sameRegistry(k, registry));
    if (authKey) {
      const entry = config.auths![authKey]!;
      const source = `auths["${authKey}"] in ${configPath}`;
      if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const i = decoded.indexOf(':');
        if (i > 0) return found(decoded.slice(0, i), decoded.slice(i + 1), source);
      }
      if (entry.identitytoken) return found('<token>', entry.identitytoken, source);
      if (entry.password) return found(entry.username ?? '', entry.password, source);
      tried.push(source);
    }
    if (config.credsStore) {
      const source = `docker-credential-${config.credsStore} (credsStore in ${configPath})`;
      const got = await runCredentialHelper(config.credsStore, serverUrl, env);
      if (got) return found(got.username, got.password, source);
      tried.push(`${source}: nothing for ${registry}`);
    }
    if (!helperKey && !authKey && !config.credsStore) tried.push(`${configPath} (no entry for ${registry})`);
  } else {
    tried.push(`${configPath} (not found)`);
  }

  const host = registry.toLowerCase();
  const given = options.githubToken;
  if (given?.token) {
    if (given.registries.some((r) => r.toLowerCase() === host)) return found(given.username || 'token', given.token, given.source);
    tried.push(`${given.source} (for ${given.registries.join(', ') || 'no registry'} only)`);
  }
  if (githubContainerRegistries(env.GITHUB_SERVER_URL).includes(host)) {
    if (env.GITHUB_TOKEN) return found(env.GITHUB_ACTOR || 'token', env.GITHUB_TOKEN, 'GITHUB_TOKEN');
    tried.push('GITHUB_TOKEN (not set)');
  }
  return { tried };
}
