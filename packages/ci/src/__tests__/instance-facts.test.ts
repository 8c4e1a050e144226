// The facts the Sigstore instance choice reads on GitHub Actions (issue 13): the server and the repository's
// visibility from the event payload; and the OIDC token issuer per server (GHE.com tenants have their own).
import { describe, expect, it } from 'vitest';
import { defaultIssuer, detectCi, githubOidcIssuer, githubSigningFacts, isGheComServer } from '../index.js';

const files: Record<string, string> = {
  '/ev/private.json': JSON.stringify({ repository: { full_name: 'acme/secret', visibility: 'private' } }),
  '/ev/public.json': JSON.stringify({ repository: { visibility: 'public' } }),
  '/ev/none.json': JSON.stringify({ action: 'x' }),
  '/ev/bad.json': '{not json',
};
const readFile = (p: string) => files[p];

describe('GitHub signing facts', () => {
  it('visibility from GITHUB_EVENT_PATH, server from GITHUB_SERVER_URL; undefined off GitHub Actions', () => {
    expect(githubSigningFacts({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: '/ev/private.json' }, { readFile })).toEqual({
      serverUrl: 'https://github.com',
      visibility: 'private',
      visibilitySource: 'repository.visibility in the event payload (/ev/private.json)',
    });
    expect(
      githubSigningFacts(
        { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: '/ev/public.json', GITHUB_SERVER_URL: 'https://acme.ghe.com/' },
        { readFile },
      ),
    ).toMatchObject({
      serverUrl: 'https://acme.ghe.com',
      visibility: 'public',
    });
    for (const path of ['/ev/none.json', '/ev/bad.json', '/ev/missing.json']) {
      const facts = githubSigningFacts({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: path }, { readFile });
      expect(facts?.visibility).toBeUndefined();
      expect(facts?.visibilitySource).toContain(path);
    }
    expect(githubSigningFacts({ GITHUB_ACTIONS: 'true' }, { readFile })?.visibilitySource).toBe('GITHUB_EVENT_PATH is not set');
    expect(githubSigningFacts({ GITLAB_CI: 'true' }, { readFile })).toBeUndefined();
  });

  it('token issuer: github.com, a GHE.com tenant (as @actions/attest derives it), GHES', () => {
    expect(githubOidcIssuer(undefined)).toBe('https://token.actions.githubusercontent.com');
    expect(githubOidcIssuer('https://github.com/')).toBe('https://token.actions.githubusercontent.com');
    expect(githubOidcIssuer('https://acme.ghe.com')).toBe('https://token.actions.acme.ghe.com');
    expect(githubOidcIssuer('https://github.example.com')).toBe('https://github.example.com/_services/token');
    expect(isGheComServer('https://acme.ghe.com')).toBe(true);
    expect(isGheComServer('https://acme.ghe.com.evil.example')).toBe(false);
    expect(isGheComServer('http://acme.ghe.com')).toBe(false);
    expect(defaultIssuer(detectCi({ GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://acme.ghe.com' }))).toBe(
      'https://token.actions.acme.ghe.com',
    );
  });
});
