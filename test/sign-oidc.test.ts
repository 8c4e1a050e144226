// packages/ci's identity-token acquisition (oidc.ts), against the local OIDC issuer over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireIdentityToken, identityTokenHint } from '@custody/ci';
import { mask } from '@custody/core';
import { startOidcIssuer, type OidcIssuer } from '@custody/testing';

describe('acquireIdentityToken', () => {
  let issuer: OidcIssuer;
  beforeAll(async () => {
    issuer = await startOidcIssuer();
  });
  afterAll(async () => {
    await issuer.close();
  });

  it('prefers the explicit token, then SIGSTORE_ID_TOKEN, then GitHub, Buildkite, CircleCI; registers each as a secret', async () => {
    const t = (sub: string) => issuer.mint({ sub });
    const env = { ...issuer.githubEnv(), SIGSTORE_ID_TOKEN: t('env'), CIRCLE_OIDC_TOKEN_V2: t('circle'), GITLAB_CI: 'true' };
    expect((await acquireIdentityToken({ env, explicit: t('flag') }))?.source).toBe('flag');
    const gl = await acquireIdentityToken({ env });
    expect(gl).toMatchObject({ source: 'SIGSTORE_ID_TOKEN', description: 'GitLab id_tokens (SIGSTORE_ID_TOKEN)' });
    expect(mask(`x ${gl!.token} y`)).toBe('x *** y');
    const gh = await acquireIdentityToken({ env: { ...issuer.githubEnv(), CIRCLE_OIDC_TOKEN_V2: t('circle') } });
    expect(gh?.source).toBe('github-actions');
    expect(issuer.verify(gh!.token, { audience: 'sigstore' }).claims.repository).toBe('custody-test/app');
    expect(mask(issuer.requestToken)).toBe('***');
    const bk = await acquireIdentityToken({
      env: { BUILDKITE: 'true', CIRCLE_OIDC_TOKEN_V2: t('circle') },
      // Test double for buildkite-agent (cannot run here): records the arguments, prints a token.
      run: async (file, args) => {
        expect([file, ...args]).toEqual(['buildkite-agent', 'oidc', 'request-token', '--audience', 'sigstore']);
        return `${t('bk')}\n`;
      },
    });
    expect(bk?.source).toBe('buildkite');
    expect(bk?.token.endsWith('\n')).toBe(false);
    expect((await acquireIdentityToken({ env: { CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: t('circle') } }))?.source).toBe('circleci');
    expect(await acquireIdentityToken({ env: {} })).toBeUndefined();
  });

  it('fails with the fix when the platform cannot give a token', async () => {
    await expect(acquireIdentityToken({ env: { BUILDKITE: 'true', PATH: '/nonexistent' } })).rejects.toThrow(
      /buildkite-agent is not on PATH/,
    );
    await expect(
      acquireIdentityToken({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: issuer.tokenRequestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'bad-bearer' } }),
    ).rejects.toMatchObject({
      code: 'OIDC_TOKEN_REQUEST_DENIED',
      hint: expect.stringContaining('id-token: write'),
    });
    expect(identityTokenHint({ GITLAB_CI: 'true' })).toMatch(/id_tokens/);
    expect(identityTokenHint({ GITHUB_ACTIONS: 'true' })).toMatch(/id-token: write/);
  });
});
