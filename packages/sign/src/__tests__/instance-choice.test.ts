// The Sigstore instance choice on GitHub Actions (issue 13): public repositories on public-good, private, internal
// and unknown ones on GitHub's instance, whose hosts follow the server (github.com or a GHE.com tenant).
// test/instance.test.ts checks the same choice side by side with @actions/attest's own.
import { describe, expect, it } from 'vitest';
import { chooseGitHubInstance, githubInstance, PRESETS, resolveInstance } from '../index.js';

describe('GitHub instance choice', () => {
  it('public -> public-good; private, internal and unknown -> github, with the reason', () => {
    expect(chooseGitHubInstance({ visibility: 'public', visibilitySource: 'event' })).toEqual({
      preset: 'public-good',
      reason: 'the repository is public (event)',
    });
    expect(chooseGitHubInstance({ visibility: 'private' })).toEqual({ preset: 'github', reason: 'the repository is private' });
    expect(chooseGitHubInstance({ visibility: 'internal' }).preset).toBe('github');
    // Not known to be public: never the public log (as @actions/attest, which tests `=== 'public'`).
    expect(chooseGitHubInstance({})).toEqual({ preset: 'github', reason: 'the repository is not known to be public' });
    expect(chooseGitHubInstance({ visibility: 'PUBLIC' }).preset).toBe('github');
  });

  it('GitHub instance hosts: githubapp.com for github.com, the tenant host for GHE.com and for GHES', () => {
    expect(githubInstance()).toEqual(PRESETS.github);
    expect(githubInstance('https://github.com')).toEqual(PRESETS.github);
    expect(githubInstance('https://acme.ghe.com')).toEqual({
      name: 'github (acme.ghe.com)',
      fulcioUrl: 'https://fulcio.acme.ghe.com',
      tsaUrl: 'https://timestamp.acme.ghe.com/api/v1/timestamp',
    });
    expect(githubInstance('https://github.example.com').fulcioUrl).toBe('https://fulcio.github.example.com');
    expect(() => githubInstance('not a url')).toThrow(expect.objectContaining({ code: 'SIGN_URL_INVALID' }));
  });

  it('resolveInstance: the github preset follows the server; a preset signing config replaces the endpoints, keeps the name', () => {
    expect(
      resolveInstance({ keyBased: false, preset: 'github', serverUrl: 'https://acme.ghe.com', reason: 'the repository is private' }),
    ).toEqual({
      name: 'github (acme.ghe.com)',
      fulcioUrl: 'https://fulcio.acme.ghe.com',
      tsaUrl: 'https://timestamp.acme.ghe.com/api/v1/timestamp',
      reason: 'the repository is private',
    });
    // public-good ignores the server (a GHE.com tenant asking for public-good gets public-good's hosts).
    expect(resolveInstance({ keyBased: false, preset: 'public-good', serverUrl: 'https://acme.ghe.com' }).fulcioUrl).toBe(
      'https://fulcio.sigstore.dev',
    );
    const config = {
      mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
      caUrls: [{ url: 'http://127.0.0.1:1/', validFor: { start: '2020-01-01T00:00:00Z' } }],
      tsaUrls: [{ url: 'http://127.0.0.1:2/api/v1/timestamp', validFor: { start: '2020-01-01T00:00:00Z' } }],
    };
    expect(resolveInstance({ keyBased: false, preset: 'github', presetSigningConfig: { json: config, location: '/tmp/gh.json' } })).toEqual(
      {
        name: 'github (endpoints from /tmp/gh.json)',
        fulcioUrl: 'http://127.0.0.1:1/',
        tsaUrl: 'http://127.0.0.1:2/api/v1/timestamp',
      },
    );
    // An explicit URL still wins over both.
    expect(
      resolveInstance({ keyBased: false, preset: 'github', serverUrl: 'https://acme.ghe.com', fulcioUrl: 'https://fulcio.example' })
        .fulcioUrl,
    ).toBe('https://fulcio.example');
  });

  it('a preset name that is an Object property is still unknown', () => {
    expect(() => resolveInstance({ keyBased: false, preset: 'toString' })).toThrow(
      expect.objectContaining({ code: 'SIGN_INSTANCE_UNKNOWN' }),
    );
  });
});
