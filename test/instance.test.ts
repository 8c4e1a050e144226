// Issue 13, must-show 2 (part): Custody chooses the Sigstore instance as @actions/attest (GitHub's own library,
// installed as an exact-pinned devDependency for this test only) chooses it, side by side for the same inputs:
// public github.com, private, internal, no visibility, a GHE.com tenant, GHES, and the explicit override.
// @actions/attest builds its GitHub context when it is imported, so each case runs it in a child process with that
// case's environment and event payload; Custody's choice runs in-process through the same signingInstanceFor()
// that `custody attest` and the actions use.
// The token issuer is compared the same way: @actions/attest's getIDTokenClaims() derives the issuer and fetches
// its discovery document; a loopback CONNECT proxy (https_proxy) records which host it asked for, and refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { defaultIssuer, detectCi } from '@custody/ci';
import { tsaEndpoint } from '@custody/sign';
import { startOidcIssuer, type OidcIssuer } from '@custody/testing';
import { signingInstanceFor } from '../src/commands/attest.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const attestLib = join(root, 'node_modules', '@actions', 'attest', 'lib');

interface Endpoints {
  fulcio?: string;
  rekor?: string;
  tsa?: string;
}

/** @actions/attest's signingEndpoints() for an environment (the function attest() calls to pick the instance). */
async function theirs(env: Record<string, string>, sigstore?: string): Promise<Endpoints> {
  const script = `const { signingEndpoints } = await import(${JSON.stringify(pathToFileURL(join(attestLib, 'endpoints.js')).href)});
process.stdout.write(JSON.stringify(signingEndpoints(${sigstore ? JSON.stringify(sigstore) : 'undefined'})));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ...env },
    cwd: root,
  });
  const e = JSON.parse(stdout) as { fulcioURL?: string; rekorURL?: string; tsaServerURL?: string };
  // @actions/attest's TSAWitness appends /api/v1/timestamp to the base URL, as Custody's tsaEndpoint() does.
  return {
    ...(e.fulcioURL ? { fulcio: e.fulcioURL } : {}),
    ...(e.rekorURL ? { rekor: e.rekorURL } : {}),
    ...(e.tsaServerURL ? { tsa: `${e.tsaServerURL}/api/v1/timestamp` } : {}),
  };
}

async function ours(env: Record<string, string>, instance?: string): Promise<Endpoints> {
  const i = await signingInstanceFor({ cwd: root, env, ...(instance ? { instance } : {}) }, false);
  return {
    ...(i.fulcioUrl ? { fulcio: i.fulcioUrl } : {}),
    ...(i.rekorUrl ? { rekor: i.rekorUrl } : {}),
    ...(i.tsaUrl ? { tsa: tsaEndpoint(i.tsaUrl) } : {}),
  };
}

describe('Sigstore instance choice, side by side with @actions/attest 3.2.0', () => {
  let dir: string;
  let proxy: Server;
  let proxyUrl: string;
  const connects: string[] = [];
  let issuer: OidcIssuer;
  const payload = async (name: string, body: unknown) => {
    const p = join(dir, `${name}.json`);
    await writeFile(p, JSON.stringify(body));
    return p;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-instance-'));
    issuer = await startOidcIssuer();
    proxy = createServer((_req, res) => res.writeHead(403).end());
    proxy.on('connect', (req, socket) => {
      connects.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => proxy.close(() => r()));
    await issuer.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cases: Array<{ name: string; server?: string; visibility?: string; override?: string; expected: Endpoints }> = [
    {
      name: 'public repository on github.com',
      visibility: 'public',
      expected: { fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' },
    },
    {
      name: 'private repository on github.com',
      visibility: 'private',
      expected: { fulcio: 'https://fulcio.githubapp.com', tsa: 'https://timestamp.githubapp.com/api/v1/timestamp' },
    },
    {
      name: 'internal repository on github.com',
      visibility: 'internal',
      expected: { fulcio: 'https://fulcio.githubapp.com', tsa: 'https://timestamp.githubapp.com/api/v1/timestamp' },
    },
    {
      name: 'event payload without repository.visibility',
      expected: { fulcio: 'https://fulcio.githubapp.com', tsa: 'https://timestamp.githubapp.com/api/v1/timestamp' },
    },
    {
      name: 'private repository on a GHE.com tenant',
      server: 'https://acme.ghe.com',
      visibility: 'private',
      expected: { fulcio: 'https://fulcio.acme.ghe.com', tsa: 'https://timestamp.acme.ghe.com/api/v1/timestamp' },
    },
    {
      name: 'internal repository on a GHE.com tenant',
      server: 'https://acme.ghe.com',
      visibility: 'internal',
      expected: { fulcio: 'https://fulcio.acme.ghe.com', tsa: 'https://timestamp.acme.ghe.com/api/v1/timestamp' },
    },
    {
      name: 'private repository on GHES (self-hosted server)',
      server: 'https://github.example.com',
      visibility: 'private',
      expected: { fulcio: 'https://fulcio.github.example.com', tsa: 'https://timestamp.github.example.com/api/v1/timestamp' },
    },
    {
      name: 'public repository on GHES',
      server: 'https://github.example.com',
      visibility: 'public',
      expected: { fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' },
    },
    {
      name: 'private repository, public-good asked for explicitly',
      visibility: 'private',
      override: 'public-good',
      expected: { fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' },
    },
    {
      name: 'public repository on a GHE.com tenant, github asked for explicitly',
      server: 'https://acme.ghe.com',
      visibility: 'public',
      override: 'github',
      expected: { fulcio: 'https://fulcio.acme.ghe.com', tsa: 'https://timestamp.acme.ghe.com/api/v1/timestamp' },
    },
  ];

  for (const c of cases) {
    it(`${c.name}: same endpoints`, async () => {
      const event = await payload(c.name.replace(/\W+/g, '-'), {
        repository: { full_name: 'acme/app', ...(c.visibility ? { visibility: c.visibility } : {}) },
      });
      const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: event, ...(c.server ? { GITHUB_SERVER_URL: c.server } : {}) };
      const [a, b] = await Promise.all([theirs(env, c.override), ours(env, c.override)]);
      expect(a).toEqual(c.expected);
      expect(b).toEqual(a);
    });
  }

  it('the OIDC token issuer: the host @actions/attest asks for is the issuer Custody expects (github.com, GHE.com)', async () => {
    const script = `const { getIDTokenClaims } = await import(${JSON.stringify(pathToFileURL(join(attestLib, 'oidc.js')).href)});
try { await getIDTokenClaims(); process.stdout.write('no error'); } catch (e) { process.stdout.write(String(e.message)); }`;
    const issuerOf = async (server?: string) => {
      connects.length = 0;
      const env = {
        PATH: process.env.PATH,
        GITHUB_ACTIONS: 'true',
        https_proxy: proxyUrl,
        no_proxy: '',
        ...issuer.githubEnv(),
        ...(server ? { GITHUB_SERVER_URL: server } : {}),
      };
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: root });
      return { asked: [...connects], message: stdout };
    };
    for (const [server, host] of [
      [undefined, 'token.actions.githubusercontent.com'],
      ['https://acme.ghe.com', 'token.actions.acme.ghe.com'],
    ] as const) {
      const seen = await issuerOf(server);
      expect(seen.asked, seen.message).toEqual([`${host}:443`]);
      const ctx = detectCi({ GITHUB_ACTIONS: 'true', ...(server ? { GITHUB_SERVER_URL: server } : {}) });
      expect(defaultIssuer(ctx)).toBe(`https://${host}`);
    }
    // GHES: @actions/attest refuses the server; Custody expects GHES's documented issuer, SERVER/_services/token.
    const ghes = await issuerOf('https://github.example.com');
    expect(ghes.asked).toEqual([]);
    expect(ghes.message).toMatch(/Invalid server URL: https:\/\/github\.example\.com/);
    expect(defaultIssuer(detectCi({ GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.example.com' }))).toBe(
      'https://github.example.com/_services/token',
    );
  });

  it('off GitHub Actions Custody stays on public-good for keyless signing, and on no services with a key', async () => {
    expect(await ours({})).toEqual({ fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' });
    expect((await signingInstanceFor({ cwd: root, env: { GITHUB_ACTIONS: 'true' } }, true)).name).toBe('none (offline key signing)');
  });
});
