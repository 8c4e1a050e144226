// @custody/github/api's configuration: where the API is (as gh derives it per host), which token is used, and what
// is refused. Pure functions over the environment; the HTTP behaviour is tested end to end in
// test/github-attestations.test.ts against a double of GitHub's REST endpoints.
import { describe, expect, it } from 'vitest';
import { githubApi, parseRepo, rateLimitWait, requireToken } from '../api/index.js';

describe('githubApi', () => {
  it('GITHUB_API_URL wins (runners set it: GHES, GHE.com); else the API is derived from the host as gh does', () => {
    expect(githubApi({ GITHUB_API_URL: 'https://ghes.example/api/v3/' }).apiUrl).toBe('https://ghes.example/api/v3');
    expect(githubApi({}).apiUrl).toBe('https://api.github.com');
    expect(githubApi({}, { hostname: 'acme.ghe.com' }).apiUrl).toBe('https://api.acme.ghe.com');
    expect(githubApi({}, { hostname: 'ghes.example' }).apiUrl).toBe('https://ghes.example/api/v3');
    expect(githubApi({}, { hostname: 'acme.ghe.com' }).serverUrl).toBe('https://acme.ghe.com');
    expect(githubApi({ GITHUB_SERVER_URL: 'https://acme.ghe.com/' }).serverUrl).toBe('https://acme.ghe.com');
  });

  it('refuses plain http off loopback (the token would travel in clear), accepts it on loopback', () => {
    expect(() => githubApi({ GITHUB_API_URL: 'http://api.example' })).toThrow(/clear text/);
    expect(() => githubApi({ GITHUB_API_URL: 'not a url' })).toThrow(/not a URL/);
    expect(githubApi({ GITHUB_API_URL: 'http://127.0.0.1:9' }).apiUrl).toBe('http://127.0.0.1:9');
  });

  it('token: an explicit one (the github-token input), else GITHUB_TOKEN, else GH_TOKEN; the message names sources, never the value', () => {
    expect(githubApi({ GITHUB_TOKEN: 'a', GH_TOKEN: 'b' }).tokenSource).toBe('GITHUB_TOKEN');
    expect(githubApi({ GH_TOKEN: 'b' }).tokenSource).toBe('GH_TOKEN');
    expect(githubApi({ GITHUB_TOKEN: 'a' }, { token: 'c', tokenSource: 'the github-token input' }).token).toBe('c');
    const none = githubApi({});
    expect(() => requireToken(none, 'reading', 'attestations: read', 'pass --bundle')).toThrow(/tried GITHUB_TOKEN, GH_TOKEN/);
  });

  it('repository names are OWNER/REPO and nothing that could change the path', () => {
    expect(parseRepo('octo-org/app.git')).toEqual({ owner: 'octo-org', repo: 'app' });
    for (const bad of ['octo-org', 'a/b/c', '../x', 'a/..', 'a/b?x=1', 'a /b']) expect(() => parseRepo(bad), bad).toThrow(/OWNER\/REPO/);
  });

  it('rate limits: Retry-After (seconds or date), x-ratelimit-reset, a secondary limit without headers; a plain 403 is not one', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    const none = Buffer.from('{"message":"Resource not accessible by integration"}');
    expect(rateLimitWait(429, h({ 'retry-after': '3' }), none)).toBe(3000);
    expect(rateLimitWait(403, h({ 'retry-after': new Date(10_000).toUTCString() }), none, 5_000)).toBe(5000);
    expect(rateLimitWait(403, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' }), none, 40_000)).toBe(60_000);
    expect(rateLimitWait(403, h({}), Buffer.from('{"message":"You have exceeded a secondary rate limit"}'))).toBe(60_000);
    expect(rateLimitWait(403, h({}), none)).toBeUndefined();
    expect(rateLimitWait(404, h({ 'retry-after': '1' }), none)).toBeUndefined();
  });
});
