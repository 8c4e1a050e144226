/**
 * @custody/deploy's admission parts: reviews as the API server sends them and malformed ones, the response (same
 * uid, bounded and printable warnings), the images of each workload kind, and the policy file, hostile ones included.
 */
import { describe, expect, it } from 'vitest';
import { CustodyError } from '@custody/core';
import { admissionResponse, MAX_WARNINGS, parseAdmissionConfig, parseAdmissionReview, reviewImages, reviewUid } from '../index.js';

const KEYS = ['key', 'repo', 'policy', 'dry-run'];
const review = (request: Record<string, unknown>) => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });
const base = {
  uid: 'b5a0c1f2-1d4e-4c1e-9a5e-6c4d8f7e0a11',
  kind: { group: 'apps', version: 'v1', kind: 'DaemonSet' },
  operation: 'CREATE',
  namespace: 'ops',
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CustodyError);
    return (err as CustodyError).code;
  }
  return undefined;
}

describe('admission reviews', () => {
  it('reads a review and the images of its workload, deduplicated, with the containers that run each', () => {
    const object = {
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        template: {
          spec: {
            initContainers: [{ name: 'i', image: 'r/a:1' }],
            containers: [
              { name: 'c', image: 'r/a:1' },
              { name: 'd', image: `r/b@sha256:${'a'.repeat(64)}` },
            ],
          },
        },
      },
    };
    const r = parseAdmissionReview(review({ ...base, object }));
    expect(r).toMatchObject({ uid: base.uid, kind: 'DaemonSet', operation: 'CREATE', namespace: 'ops', dryRun: false });
    expect(reviewImages(r)).toEqual({
      workload: true,
      images: [
        { image: 'r/a:1', containers: ['initContainers/i', 'containers/c'] },
        { image: `r/b@sha256:${'a'.repeat(64)}`, containers: ['containers/d'] },
      ],
    });
    expect(
      reviewImages(parseAdmissionReview(review({ ...base, kind: { kind: 'ConfigMap' }, object: { kind: 'ConfigMap', data: {} } }))),
    ).toEqual({ workload: false, images: [] });
  });

  it('refuses what is not a v1 AdmissionReview, and reads the uid when it can', () => {
    expect(codeOf(() => parseAdmissionReview([]))).toBe('DEPLOY_ADMISSION_REVIEW_INVALID');
    expect(codeOf(() => parseAdmissionReview({ ...review(base), apiVersion: 'admission.k8s.io/v1beta1' }))).toBe(
      'DEPLOY_ADMISSION_REVIEW_INVALID',
    );
    expect(codeOf(() => parseAdmissionReview(review({ ...base, operation: 'PATCH' })))).toBe('DEPLOY_ADMISSION_REVIEW_INVALID');
    expect(codeOf(() => parseAdmissionReview(review(base)))).toBe('DEPLOY_ADMISSION_REVIEW_INVALID'); // CREATE without an object
    expect(reviewUid(review({ ...base, uid: 'x\n' }))).toBeUndefined();
    expect(reviewUid(review({ ...base, uid: 'a'.repeat(200) }))).toBeUndefined();
    expect(reviewUid({ request: { uid: base.uid } })).toBe(base.uid);
  });

  it('answers with the same uid; warnings bounded in length and number, control characters made visible', () => {
    const many = Array.from({ length: 40 }, (_, i) => `w${i} \u001b[31m${'x'.repeat(400)}`);
    const out = admissionResponse('u-1', { allowed: false, code: 403, reason: 'Forbidden', message: 'no\u0007', warnings: many }) as {
      response: { uid: string; allowed: boolean; status: { code: number; message: string }; warnings: string[] };
    };
    expect(out.response.uid).toBe('u-1');
    expect(out.response.status).toMatchObject({ code: 403 });
    expect(out.response.status.message).not.toContain('\u0007');
    expect(out.response.warnings).toHaveLength(MAX_WARNINGS);
    expect(out.response.warnings.every((w) => w.length <= 256 && !w.includes('\u001b'))).toBe(true);
    expect(out.response.warnings.at(-1)).toBe('… and 25 more');
    expect(admissionResponse('u-2', { allowed: true })).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u-2', allowed: true },
    });
  });
});

describe('the policy file', () => {
  it('reads a default and namespaces (YAML or JSON)', () => {
    const c = parseAdmissionConfig(
      'default: {repo: o/r}\nnamespaces:\n  prod: {key: [a.pub, b.pub], dry-run: false}\n  dev:\n',
      'p.yaml',
      KEYS,
    );
    expect(c).toEqual({ default: { repo: 'o/r' }, namespaces: { prod: { key: ['a.pub', 'b.pub'], 'dry-run': false }, dev: {} } });
    expect(parseAdmissionConfig('{"namespaces": {"a": {"repo": "o/r"}}}', 'p.json', KEYS)).toEqual({ namespaces: { a: { repo: 'o/r' } } });
    expect(parseAdmissionConfig('', 'empty.yaml', KEYS)).toEqual({ namespaces: {} });
  });

  it('refuses unknown options, bad namespace names, wrong types, custom tags and alias bombs', () => {
    for (const text of [
      'namespaces: {prod: {certificate-identiy: x}}',
      'namespaces: {Prod_1: {repo: o/r}}',
      'namespaces: {prod: {repo: {a: 1}}}',
      'namespaces: {prod: {key: [1]}}',
      'defaults: {repo: o/r}',
      'namespaces: [prod]',
      'namespaces: {prod: !!binary aGk=}',
      'namespaces: {prod: {repo: o/r}',
    ])
      expect(
        codeOf(() => parseAdmissionConfig(text, 'p.yaml', KEYS)),
        text,
      ).toBe('DEPLOY_ADMISSION_CONFIG_INVALID');
    const bomb = `a: &a [x]\n${Array.from({ length: 150 }, (_, i) => `b${i}: *a`).join('\n')}\n`;
    expect(codeOf(() => parseAdmissionConfig(bomb, 'p.yaml', KEYS))).toBe('DEPLOY_ADMISSION_CONFIG_INVALID');
    expect(codeOf(() => parseAdmissionConfig(`${'['.repeat(10_000)}`, 'p.yaml', KEYS))).toBe('LIMIT_JSON_DEPTH');
  });
});
