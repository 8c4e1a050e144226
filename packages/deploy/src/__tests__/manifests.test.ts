/**
 * @custody/deploy over manifests as helm template, kustomize build and kubectl write them, and over hostile ones:
 * oversized nesting (flow and block), alias bombs, custom tags, image strings with control characters.
 */
import { describe, expect, it } from 'vitest';
import { CustodyError } from '@custody/core';
import { parseImageList, parseManifests, pinText } from '../index.js';

const D = `sha256:${'a'.repeat(64)}`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CustodyError);
    expect((err as CustodyError).exitCode).toBe(2);
    return (err as CustodyError).code;
  }
  return undefined;
}

describe('parseManifests', () => {
  it('finds every container image of every workload kind, with file, line, workload and helm source', () => {
    const text = [
      '---',
      '# Source: app/templates/job.yaml',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: {name: migrate}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: m, image: "reg.example/app/migrate:1"}]',
      '--- # a comment after the marker',
      'kind: DaemonSet',
      'metadata: {name: agent, namespace: kube-system}',
      'spec: {template: {spec: {containers: [{name: a, image: reg.example/agent:2}]}}}',
      '---',
      'kind: ReplicaSet',
      'metadata: {name: rs}',
      `spec: {template: {spec: {containers: [{name: r, image: "reg.example/rs@${D}"}]}}}`,
      '---',
      'kind: ConfigMap',
      'metadata: {name: cm}',
      'data: {image: "not/a-container:1"}',
      '...',
      '---',
      'kind: PodList',
      'items:',
      '- kind: Pod',
      '  metadata: {name: p}',
      '  spec:',
      '    initContainers: [{name: i, image: "nginx"}]',
      '    ephemeralContainers: [{name: e, image: busybox:1.36}]',
      '',
    ].join('\n');
    const r = parseManifests(text, 'all.yaml');
    expect(r.documents).toBe(5);
    expect(r.otherKinds).toEqual({ ConfigMap: 1 });
    expect(r.uses.map((u) => [u.image, u.kind, u.name, u.container, u.containerList, u.line, u.document])).toEqual([
      ['reg.example/app/migrate:1', 'Job', 'migrate', 'm', 'containers', 9, 1],
      ['reg.example/agent:2', 'DaemonSet', 'agent', 'a', 'containers', 13, 2],
      [`reg.example/rs@${D}`, 'ReplicaSet', 'rs', 'r', 'containers', 17, 3],
      ['nginx', 'Pod', 'p', 'i', 'initContainers', 29, 5],
      ['busybox:1.36', 'Pod', 'p', 'e', 'ephemeralContainers', 30, 5],
    ]);
    expect(r.uses[0]!.helmSource).toBe('app/templates/job.yaml');
    expect(r.uses[1]!.namespace).toBe('kube-system');
    for (const u of r.uses) expect(text.slice(u.span![0], u.span![1]).replace(/^"|"$/g, '')).toBe(u.image);
  });

  it('reads JSON (kubectl get -o json) and a CronJob', () => {
    const list = JSON.stringify({
      kind: 'List',
      items: [
        {
          kind: 'CronJob',
          metadata: { name: 'c' },
          spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'x', image: 'r.example/x:1' }] } } } } },
        },
      ],
    });
    const r = parseManifests(list, 'l.json');
    expect(r.uses.map((u) => [u.image, u.kind, u.line])).toEqual([['r.example/x:1', 'CronJob', 1]]);
  });

  it('refuses deep flow nesting, deep block nesting, alias bombs and custom tags (exit 2, with the file)', () => {
    expect(codeOf(() => parseManifests(`kind: Pod\nspec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'f.yaml'))).toBe('LIMIT_JSON_DEPTH');
    const block = `kind: Pod\nspec:\n${Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i + 1)}a:\n`).join('')}`;
    expect(codeOf(() => parseManifests(block, 'b.yaml'))).toBe('LIMIT_JSON_DEPTH');
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 40; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i === 1 ? '' : i - 1}`)
          .join(',')}]`,
      );
    expect(codeOf(() => parseManifests(bomb.join('\n'), 'bomb.yaml'))).toBe('DEPLOY_YAML_ALIASES');
    expect(codeOf(() => parseManifests('kind: Pod\nspec: !!js/function "function(){}"\n', 't.yaml'))).toBe('DEPLOY_MANIFEST_INVALID');
    expect(codeOf(() => parseManifests('kind: Pod\nspec: {containers: [', 's.yaml'))).toBe('DEPLOY_MANIFEST_INVALID');
    expect(codeOf(() => parseManifests('- just\n- a list\n', 'x.yaml'))).toBe('DEPLOY_MANIFEST_INVALID');
  });

  it('refuses image strings with control characters or bidi overrides, naming the line, escaped', () => {
    for (const bad of ['\\e[31m', '\\x07', '\\u202E', '\\n']) {
      const text = `kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: "reg.example/app${bad}:1"\n`;
      let err: CustodyError | undefined;
      try {
        parseManifests(text, 'evil.yaml');
      } catch (e) {
        err = e as CustodyError;
      }
      expect(err?.code, bad).toBe('DEPLOY_IMAGE_INVALID');
      expect(err!.location).toBe('evil.yaml:6');
      expect(err!.describe()).not.toMatch(/[\u0000-\u001f\u202e]/);
    }
    expect(codeOf(() => parseManifests('kind: Pod\nspec: {containers: [{image: "Not A Ref"}]}\n', 'x.yaml'))).toBe('DEPLOY_IMAGE_INVALID');
  });
});

describe('parseImageList', () => {
  it('one reference a line; comments, blank lines and oci:// allowed; control characters refused', () => {
    expect(
      parseImageList(`# released\nreg.example/a:1\r\n\n  oci://reg.example/b@${D}  \n`, 'list.txt').map((u) => [u.image, u.line]),
    ).toEqual([
      ['reg.example/a:1', 2],
      [`reg.example/b@${D}`, 4],
    ]);
    expect(codeOf(() => parseImageList('reg.example/a:1\u001b[2J\n', 'l'))).toBe('DEPLOY_IMAGE_INVALID');
  });
});

describe('pinText', () => {
  it('rewrites only the image values, keeping each quoting style and every other byte', () => {
    const text = `# keep me\nkind: Pod\nspec:\n  containers:\n  - image: reg.example/a:1   # plain\n  - image: "reg.example/b:2"\n  - {image: 'reg.example/c:3'}\n`;
    const uses = parseManifests(text, 'p.yaml').uses;
    const out = pinText(
      text,
      uses.map((u) => ({ span: u.span!, image: u.image, pinned: `${u.image.replace(/:\d$/, '')}@${D}` })),
      'p.yaml',
    );
    expect(out).toBe(
      `# keep me\nkind: Pod\nspec:\n  containers:\n  - image: reg.example/a@${D}   # plain\n  - image: "reg.example/b@${D}"\n  - {image: 'reg.example/c@${D}'}\n`,
    );
    expect(parseManifests(out, 'p.yaml').uses.map((u) => u.image)).toEqual(['a', 'b', 'c'].map((n) => `reg.example/${n}@${D}`));
    // A span that no longer holds its image (the file changed) is refused, not overwritten.
    expect(
      codeOf(() => pinText(text.replace('a:1', 'z:1'), [{ span: uses[0]!.span!, image: uses[0]!.image, pinned: 'x' }], 'p.yaml')),
    ).toBe('DEPLOY_PIN_CONFLICT');
  });
});
