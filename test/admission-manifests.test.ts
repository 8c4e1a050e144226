// The deployment manifests shipped in deploy/kubernetes/ hold what docs/admission.md promises: a Deployment with
// several replicas and probes on the webhook's endpoints, its args accepted by the verb's own mapping, a
// ValidatingWebhookConfiguration (v1 reviews, failurePolicy Fail, kube-system and its own namespace excluded, every
// workload kind and ephemeral containers), a PodDisruptionBudget, a Service on the container's port, and a ConfigMap
// whose policy file custody admission loads as mounted (its policy file, and a key the Secret would hold).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { load, loadAll } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@custody/core';
import { generateSigningKey } from '@custody/sign';
import { startAdmissionServer } from '../src/commands/admission.js';
import { admissionOptions, admissionVerb } from '../src/verbs/admission.js';
import { flagReader } from '../src/cli/spec.js';
import { readSettings } from '../src/settings.js';

const root = join(import.meta.dirname, '..', 'deploy', 'kubernetes');
type Obj = Record<string, any>;
const read = async (f: string): Promise<Obj[]> => loadAll(await readFile(join(root, f), 'utf8')) as Obj[];

describe('deploy/kubernetes', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('kustomization lists every manifest', async () => {
    const k = load(await readFile(join(root, 'kustomization.yaml'), 'utf8')) as Obj;
    expect(k.resources.sort()).toEqual(
      [
        'namespace.yaml',
        'serviceaccount.yaml',
        'configmap.yaml',
        'deployment.yaml',
        'service.yaml',
        'pdb.yaml',
        'cert-manager.yaml',
        'webhook.yaml',
      ].sort(),
    );
  });

  it('the webhook: v1 reviews, fail closed, its own namespace and kube-system excluded, every workload kind', async () => {
    const [w] = await read('webhook.yaml');
    expect(w!.kind).toBe('ValidatingWebhookConfiguration');
    const hook = w!.webhooks[0];
    expect(hook.admissionReviewVersions).toEqual(['v1']);
    expect(hook.failurePolicy).toBe('Fail');
    expect(hook.sideEffects).toBe('None');
    expect(hook.timeoutSeconds).toBeLessThanOrEqual(30);
    expect(hook.clientConfig.service).toMatchObject({ name: 'custody-admission', namespace: 'custody-system', path: '/validate' });
    expect(hook.namespaceSelector.matchExpressions).toContainEqual({
      key: 'kubernetes.io/metadata.name',
      operator: 'NotIn',
      values: ['kube-system', 'custody-system'],
    });
    const resources = hook.rules.flatMap((r: Obj) => r.resources);
    for (const r of ['pods', 'pods/ephemeralcontainers', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs'])
      expect(resources).toContain(r);
  });

  it('the Deployment, Service and PDB fit together, and the args are ones custody admission accepts', async () => {
    const [d] = await read('deployment.yaml');
    const [s] = await read('service.yaml');
    const [pdb] = await read('pdb.yaml');
    expect(d!.spec.replicas).toBeGreaterThanOrEqual(3);
    expect(pdb!.kind).toBe('PodDisruptionBudget');
    expect(pdb!.spec.selector.matchLabels).toEqual(d!.spec.selector.matchLabels);
    expect(s!.spec.selector).toEqual(d!.spec.selector.matchLabels);
    const c = d!.spec.template.spec.containers[0];
    expect(s!.spec.ports[0].targetPort).toBe(c.ports[0].name);
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/readyz', scheme: 'HTTPS' });
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/healthz', scheme: 'HTTPS' });
    // The ConfigMap is mounted as a directory: a subPath mount would never be updated, and reloads would see nothing.
    expect(c.volumeMounts.every((m: Obj) => m.subPath === undefined)).toBe(true);
    expect(c.args[0]).toBe('admission');
    const { values } = parseArgs({ args: c.args.slice(1), options: admissionVerb.options as never, strict: true });
    const o = admissionOptions(flagReader(values as never), readSettings({}), silentLogger);
    expect(o).toMatchObject({
      failurePolicy: 'fail',
      port: 8443,
      tls: { cert: '/etc/custody/tls/tls.crt' },
      config: '/etc/custody/config/policies.yaml',
    });
    expect(o.timeoutMs).toBeLessThan((await read('webhook.yaml'))[0]!.webhooks[0].timeoutSeconds * 1000);
  });

  it("custody admission loads the ConfigMap's policy file as the Deployment mounts it", async () => {
    const [cm] = await read('configmap.yaml');
    dir = await mkdtemp(join(tmpdir(), 'custody-admission-cm-'));
    await mkdir(join(dir, 'config'));
    await mkdir(join(dir, 'keys'));
    for (const [name, text] of Object.entries(cm!.data as Record<string, string>)) await writeFile(join(dir, 'config', name), text);
    await writeFile(join(dir, 'keys', 'vendor.pub'), generateSigningKey().publicKeyPem);
    const values: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(admissionVerb.options)) if (spec.default !== undefined) values[k] = spec.default;
    Object.assign(values, { config: 'config/policies.yaml', 'insecure-http': true, port: '0', address: '127.0.0.1', repo: 'octo-org/x' });
    const o = admissionOptions(flagReader(values as never), readSettings({}), silentLogger);
    const server = await startAdmissionServer({ ...o, cwd: dir, env: {}, logger: silentLogger });
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(server.metrics.render()).toMatch(/custody_admission_config_reloads_total\{result="ok"\} 1/);
    } finally {
      await server.close();
    }
  });
});
