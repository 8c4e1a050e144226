// custody admission, the validating admission webhook, against Debian's real docker-registry (packages/testing
// startRegistry) and a real HTTP(S) server on loopback: AdmissionReview requests shaped as the Kubernetes API server
// sends them (admission.k8s.io/v1; fields as in kubernetes.io/docs/reference/access-authn-authz/
// extensible-admission-controllers/#request), each image attested with a key by custody attest --push or the sign
// helpers. Images:
//   good     provenance signed with the trusted key (custody attest --push)   -> allowed
//   tagged   provenance signed with the trusted key, deployed by TAG         -> allowed, with a warning to pin it
//   foreign  provenance signed by another key (not trusted by default)        -> denied: wrong signer
//   bare     no attestation                                                  -> denied: unattested
// Nothing is mocked: the server verifies through verifyArtifact, the registry is a real process. A TCP listener that
// never answers stands in for a hung registry (the per-review deadline), the one stand-in here.
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type Server } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStatement, PREDICATE_SLSA_PROVENANCE_V1, silentLogger } from '@custody/core';
import { pushTestImage, registryToolsAvailable, startRegistry, type StartedRegistry, type TestImage } from '@custody/testing';
import { generateSigningKey, loadSigningKey, resolveInstance, signStatement } from '@custody/sign';
import { attachBundle, openImage } from '@custody/oci';
import { startAdmissionServer, type AdmissionServer } from '../src/commands/admission.js';
import { admissionOptions, admissionVerb } from '../src/verbs/admission.js';
import { flagReader, type OptionValues } from '../src/cli/spec.js';
import { readSettings } from '../src/settings.js';
import { runCli } from './support/cli.js';

const NAMES = ['good', 'tagged', 'foreign', 'bare'] as const;
type Name = (typeof NAMES)[number];

interface Reply {
  status: number;
  body: string;
  json: () => {
    apiVersion: string;
    kind: string;
    response: {
      uid: string;
      allowed: boolean;
      status?: { code: number; reason?: string; message: string };
      warnings?: string[];
    };
  };
}

function post(url: string, body: string | Buffer, opts: { ca?: Buffer; method?: string; path?: string } = {}): Promise<Reply> {
  const u = new URL(opts.path ?? '/validate', url);
  const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, {
    method: opts.method ?? 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    ...(opts.ca ? { ca: opts.ca } : {}),
  });
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, body: text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const get = (url: string, path: string) => post(url, '', { method: 'GET', path });

let uidCounter = 0;
/** An AdmissionReview as the API server sends it for a CREATE of `object` (a workload) in `namespace`. */
function review(object: Record<string, unknown>, namespace = 'shop', operation = 'CREATE'): Record<string, unknown> {
  const kind = object.kind as string;
  const group = kind === 'Pod' ? '' : kind === 'CronJob' || kind === 'Job' ? 'batch' : 'apps';
  const resource = `${kind.toLowerCase()}s`;
  const gvk = { group, version: 'v1', kind };
  const gvr = { group, version: 'v1', resource };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `705ab4f5-6393-11e8-b7cc-42010a8${String(++uidCounter).padStart(5, '0')}`,
      kind: gvk,
      resource: gvr,
      requestKind: gvk,
      requestResource: gvr,
      name: (object.metadata as { name: string }).name,
      namespace,
      operation,
      userInfo: { username: 'admin', uid: '014fbff9a07c', groups: ['system:authenticated', 'my-admin-group'], extra: {} },
      object,
      oldObject: null,
      dryRun: false,
      options: { kind: operation === 'CREATE' ? 'CreateOptions' : 'UpdateOptions', apiVersion: 'meta.k8s.io/v1' },
    },
  };
}

const pod = (name: string, containers: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', uid: 'a1b2c3', creationTimestamp: null },
  spec: { containers, restartPolicy: 'Always', ...extra },
  status: {},
});

describe.runIf(registryToolsAvailable())('custody admission: AdmissionReviews against a real registry', () => {
  let registry: StartedRegistry;
  let dir: string;
  let server: AdmissionServer;
  let hung: Server;
  const images = {} as Record<Name, TestImage>;
  const ref = (n: Name) => `${registry.host}/apps/${n}`;
  const pinned = (n: Name) => `${ref(n)}@${images[n].digest}`;
  const env = () => ({ PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: join(dir, 'no-docker') });

  /** The verb's own mapping, from flags as parseArgs gives them (the spec's defaults applied). */
  const start = (flags: OptionValues) => {
    const values: OptionValues = {};
    for (const [k, spec] of Object.entries(admissionVerb.options)) if (spec.default !== undefined) values[k] = spec.default;
    Object.assign(values, flags);
    const o = admissionOptions(flagReader(values), readSettings(env()), silentLogger);
    return startAdmissionServer({ ...o, cwd: dir, env: env(), logger: silentLogger, watchIntervalMs: 100 });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-admission-'));
    registry = await startRegistry();
    for (const n of NAMES) images[n] = await pushTestImage(registry, `apps/${n}`, 'v1', { seed: `adm-${n}` });
    const keys = await runCli(['keys', 'generate', '--output-key', join(dir, 'trusted.key'), '--output-pub', join(dir, 'trusted.pub')], {
      cwd: dir,
      env: env(),
    });
    expect(keys.code, keys.stderr).toBe(0);
    const predicate = {
      buildDefinition: { buildType: 'https://custody.dev/test/v1', externalParameters: {} },
      runDetails: { builder: { id: 'https://custody.dev/test-builder' } },
    };
    await writeFile(join(dir, 'predicate.json'), JSON.stringify(predicate));
    for (const n of ['good', 'tagged'] as const) {
      const r = await runCli(
        [
          'attest',
          '--subject',
          `oci://${pinned(n)}`,
          '--predicate-type',
          PREDICATE_SLSA_PROVENANCE_V1,
          '--predicate',
          'predicate.json',
          '--key',
          'trusted.key',
          '--bundle',
          `${n}.sigstore.json`,
          '--push',
        ],
        { cwd: dir, env: env() },
      );
      expect(r.code, r.stderr).toBe(0);
    }
    // Another signer: its key is trusted only in the "partner" namespace of the policy file.
    const foreign = generateSigningKey();
    await writeFile(join(dir, 'foreign.pub'), foreign.publicKeyPem);
    const st = makeStatement(
      [{ name: 'foreign', digest: { sha256: images.foreign.digest.slice(7) } }],
      PREDICATE_SLSA_PROVENANCE_V1,
      predicate,
    );
    const { bundleJson } = await signStatement(st, {
      key: loadSigningKey(foreign.privateKeyPem),
      instance: resolveInstance({ keyBased: true }),
    });
    const store = (await openImage(`oci://${ref('foreign')}:v1`)).store;
    await attachBundle(
      store,
      { mediaType: images.foreign.mediaType, digest: images.foreign.digest, size: images.foreign.size },
      Buffer.from(bundleJson),
      {
        mode: 'fallback',
      },
    );
    await writeFile(
      join(dir, 'policies.yaml'),
      ['# custody admission policies', 'namespaces:', '  partner:', '    key: foreign.pub', '  staging:', '    dry-run: true', ''].join(
        '\n',
      ),
    );
    hung = createServer(() => {}); // accepts connections, never answers
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
    server = await start({
      'insecure-http': true,
      port: '0',
      address: '127.0.0.1',
      key: ['trusted.pub'],
      'predicate-type': [PREDICATE_SLSA_PROVENANCE_V1],
      config: 'policies.yaml',
    });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    hung?.close();
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('allows a Pod whose image is attested by the trusted key, and answers with the same uid', async () => {
    const body = review(pod('web', [{ name: 'web', image: pinned('good'), imagePullPolicy: 'IfNotPresent' }]));
    const r = await post(server.url, JSON.stringify(body));
    expect(r.status).toBe(200);
    const out = r.json();
    expect(out.apiVersion).toBe('admission.k8s.io/v1');
    expect(out.kind).toBe('AdmissionReview');
    expect(out.response.uid).toBe((body.request as { uid: string }).uid);
    expect(out.response.allowed).toBe(true);
    expect(out.response.warnings).toBeUndefined();
  });

  it('denies a Deployment with an unattested image and one signed by another key, with the reason for each', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'shop' } },
        template: {
          metadata: { labels: { app: 'shop' } },
          spec: {
            initContainers: [{ name: 'migrate', image: pinned('good') }],
            containers: [
              { name: 'app', image: pinned('bare') },
              { name: 'ledger', image: pinned('foreign') },
            ],
          },
        },
      },
    };
    const r = await post(server.url, JSON.stringify(review(deployment)));
    const out = r.json();
    expect(r.status).toBe(200);
    expect(out.response.allowed).toBe(false);
    expect(out.response.status?.code).toBe(403);
    expect(out.response.status?.reason).toBe('Forbidden');
    const message = out.response.status!.message;
    expect(message).toContain('Deployment shop/shop');
    expect(message).toContain(`${pinned('bare')}: no attestation is stored next to the image`);
    expect(message).toMatch(new RegExp(`${pinned('foreign').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^;]*key`));
    expect(message).not.toContain(`${pinned('good')}:`);
  });

  it('checks init and ephemeral containers of every workload kind (CronJob, StatefulSet, ephemeralcontainers)', async () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: { initContainers: [{ name: 'i', image: pinned('bare') }], containers: [{ name: 'w', image: pinned('good') }] },
            },
          },
        },
      },
    };
    expect((await post(server.url, JSON.stringify(review(cron)))).json().response.allowed).toBe(false);
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { template: { spec: { containers: [{ name: 'db', image: pinned('good') }] } } },
    };
    expect((await post(server.url, JSON.stringify(review(sts)))).json().response.allowed).toBe(true);
    // kubectl debug: an UPDATE of the pods/ephemeralcontainers subresource; the object is the Pod.
    const debug = review(
      pod('web', [{ name: 'web', image: pinned('good') }], { ephemeralContainers: [{ name: 'debugger', image: pinned('bare') }] }),
      'shop',
      'UPDATE',
    );
    Object.assign(debug.request as object, { subResource: 'ephemeralcontainers', requestSubResource: 'ephemeralcontainers' });
    const out = (await post(server.url, JSON.stringify(debug))).json();
    expect(out.response.allowed).toBe(false);
    expect(out.response.status?.message).toContain(pinned('bare'));
  });

  it("names a controller's Pod by its generateName in a denial (the API server sends no name yet)", async () => {
    const object = pod('x', [{ name: 'app', image: pinned('bare') }]);
    object.metadata = { generateName: 'shop-7d4b9-', namespace: 'shop' } as never;
    const body = review(object);
    delete (body.request as { name?: string }).name;
    const out = (await post(server.url, JSON.stringify(body))).json();
    expect(out.response.allowed).toBe(false);
    expect(out.response.status?.message).toMatch(/^custody admission denied Pod shop\/shop-7d4b9-\*: /);
  });

  it('verifies a tag-only image by the digest it resolves to, and warns to pin it', async () => {
    const out = (await post(server.url, JSON.stringify(review(pod('t', [{ name: 't', image: `${ref('tagged')}:v1` }]))))).json();
    expect(out.response.allowed).toBe(true);
    expect(out.response.warnings?.[0]).toContain(`${ref('tagged')}:v1 is named by tag: custody verified ${images.tagged.digest}`);
  });

  it('uses the policy of the namespace from the policy file, and reloads it on change (SIGHUP: reload())', async () => {
    const foreignPod = review(pod('p', [{ name: 'p', image: pinned('foreign') }]), 'partner');
    expect((await post(server.url, JSON.stringify(foreignPod))).json().response.allowed).toBe(true);
    const goodInPartner = review(pod('p', [{ name: 'p', image: pinned('good') }]), 'partner');
    expect((await post(server.url, JSON.stringify(goodInPartner))).json().response.allowed).toBe(false);
    // The partner's key is withdrawn: the default applies to the namespace again.
    await writeFile(join(dir, 'policies.yaml'), 'namespaces:\n  staging:\n    dry-run: true\n');
    expect(await server.reload()).toBeUndefined();
    expect((await post(server.url, JSON.stringify(foreignPod))).json().response.allowed).toBe(false);
    // A broken file keeps the policies in force, and says why.
    await writeFile(join(dir, 'policies.yaml'), 'namespaces:\n  staging:\n    certificate-identiy: x\n');
    const err = await server.reload();
    expect(err?.message).toMatch(/"certificate-identiy" is not an option the policy file takes/);
    expect((await post(server.url, JSON.stringify(goodInPartner))).json().response.allowed).toBe(true);
    // The file poller (100 ms here) may have reloaded the same bad file as well: one failed reload or more.
    expect((await get(server.url, '/metrics')).body).toMatch(/custody_admission_config_reloads_total\{result="error"\} [1-9]\d*\n/);
    await writeFile(join(dir, 'policies.yaml'), 'namespaces:\n  partner:\n    key: foreign.pub\n  staging:\n    dry-run: true\n');
    // Reloaded by the file watcher (it polls the file's stat).
    for (let i = 0; i < 50; i++) {
      if ((await post(server.url, JSON.stringify(foreignPod))).json().response.allowed) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await post(server.url, JSON.stringify(foreignPod))).json().response.allowed).toBe(true);
  });

  it('dry run: a namespace in dry-run mode, and --dry-run, allow with warnings saying what would be denied', async () => {
    const out = (await post(server.url, JSON.stringify(review(pod('s', [{ name: 's', image: pinned('bare') }]), 'staging')))).json();
    expect(out.response.allowed).toBe(true);
    expect(out.response.warnings?.[0]).toMatch(/^dry run: would deny: .*no attestation is stored next to the image/);
    const dry = await start({ 'insecure-http': true, port: '0', address: '127.0.0.1', key: ['trusted.pub'], 'dry-run': true });
    try {
      const r = (await post(dry.url, JSON.stringify(review(pod('s', [{ name: 's', image: pinned('foreign') }]))))).json();
      expect(r.response.allowed).toBe(true);
      expect(r.response.warnings?.[0]).toMatch(/^dry run: would deny: /);
      expect((await get(dry.url, '/metrics')).body).toMatch(/custody_admission_reviews_total\{decision="warned",reason="unverified"\} 1/);
    } finally {
      await dry.close();
    }
  });

  it('malformed reviews: not JSON -> 400; no readable uid -> 400; a readable uid -> a denying review with code 400', async () => {
    const notJson = await post(server.url, '{"apiVersion": "admission.k8s.io/v1", ');
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toMatchObject({ error: 'malformed AdmissionReview' });
    const noUid = await post(
      server.url,
      JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { kind: { kind: 'Pod' } } }),
    );
    expect(noUid.status).toBe(400);
    const v1beta1 = review(pod('x', [{ name: 'x', image: pinned('good') }]));
    v1beta1.apiVersion = 'admission.k8s.io/v1beta1';
    const r = await post(server.url, JSON.stringify(v1beta1));
    expect(r.status).toBe(200);
    const out = r.json();
    expect(out.response.uid).toBe((v1beta1.request as { uid: string }).uid);
    expect(out.response.allowed).toBe(false);
    expect(out.response.status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(out.response.status?.message).toMatch(/DEPLOY_ADMISSION_REVIEW_INVALID: apiVersion is "admission.k8s.io\/v1beta1"/);
    const notAList = review({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: { name: 'x', image: 'y' } } });
    const bad = (await post(server.url, JSON.stringify(notAList))).json();
    expect(bad.response).toMatchObject({ allowed: false, status: { code: 400 } });
    expect(bad.response.status?.message).toMatch(/containers is not a list/);
    const control = (await post(server.url, JSON.stringify(review(pod('c', [{ name: 'c', image: `${ref('good')}:v1\u001b[2J` }]))))).json();
    expect(control.response.allowed).toBe(false);
    expect(control.response.status?.message).toMatch(/control character/);
    expect(control.response.status?.message).not.toContain('\u001b');
  });

  it('refuses an oversized body with 413 before reading it all', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const r = await post(server.url, big);
    expect(r.status).toBe(413);
    expect(r.body).toContain('LIMIT_ADMISSION_REVIEW_BYTES');
    // Without a content-length (chunked), counted as it arrives.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(new URL('/validate', server.url), { method: 'POST', headers: { 'content-type': 'application/json' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 24 && req.write(chunk)) sent++;
        if (sent < 24) req.once('drain', () => pump());
        else req.end();
      };
      pump();
    }).catch((err: NodeJS.ErrnoException) => err.code);
    expect(chunked).toBe(413);
    expect((await get(server.url, '/metrics')).body).toMatch(/custody_admission_requests_refused_total 2/);
    expect((await get(server.url, '/healthz')).status).toBe(200);
  });

  it('answers the second review of an image from the cache (the metrics show the hit)', async () => {
    const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec((await get(server.url, '/metrics')).body)?.[1]);
    const fresh = await start({ 'insecure-http': true, port: '0', address: '127.0.0.1', key: ['trusted.pub'] });
    const m = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec((await get(fresh.url, '/metrics')).body)?.[1]);
    try {
      const body = () => JSON.stringify(review(pod('c', [{ name: 'c', image: pinned('good') }])));
      expect((await post(fresh.url, body())).json().response.allowed).toBe(true);
      expect([await m('custody_admission_cache_hits_total'), await m('custody_admission_cache_misses_total')]).toEqual([0, 1]);
      expect((await post(fresh.url, body())).json().response.allowed).toBe(true);
      expect([await m('custody_admission_cache_hits_total'), await m('custody_admission_cache_misses_total')]).toEqual([1, 1]);
      expect(await m('custody_admission_cache_entries')).toBe(1);
      // Denials are not cached: the unattested image is verified again each time.
      const bare = () => JSON.stringify(review(pod('b', [{ name: 'b', image: pinned('bare') }])));
      await post(fresh.url, bare());
      await post(fresh.url, bare());
      expect(await m('custody_admission_cache_misses_total')).toBe(3);
      const text = (await get(fresh.url, '/metrics')).body;
      expect(text).toMatch(/custody_admission_reviews_total\{decision="allowed",reason="verified"\} 2/);
      expect(text).toMatch(/custody_admission_reviews_total\{decision="denied",reason="unverified"\} 2/);
      expect(text).toMatch(/custody_admission_review_duration_seconds_count 4/);
    } finally {
      await fresh.close();
    }
    expect(await metric('custody_admission_cache_hits_total')).toBeGreaterThan(0);
  });

  it('fails closed: an unreachable registry and a review past its deadline deny; --failure-policy ignore admits with a warning', async () => {
    const unreachable = review(pod('u', [{ name: 'u', image: `127.0.0.1:1/apps/x@${images.good.digest}` }]));
    const hungHost = `127.0.0.1:${(hung.address() as { port: number }).port}`;
    const fast = await start({ 'insecure-http': true, port: '0', address: '127.0.0.1', key: ['trusted.pub'], timeout: '0.5' });
    const lax = await start({
      'insecure-http': true,
      port: '0',
      address: '127.0.0.1',
      key: ['trusted.pub'],
      timeout: '0.5',
      'failure-policy': 'ignore',
    });
    try {
      const denied = (await post(fast.url, JSON.stringify(unreachable))).json();
      expect(denied.response.allowed).toBe(false);
      expect(denied.response.status).toMatchObject({ code: 500, reason: 'InternalError' });
      expect(denied.response.status?.message).toMatch(/cannot verify .*127\.0\.0\.1:1\/apps\/x.*\(fail closed\)/);
      const slow = review(pod('h', [{ name: 'h', image: `${hungHost}/apps/x:v1` }]));
      const t = Date.now();
      const timedOut = (await post(fast.url, JSON.stringify(slow))).json();
      expect(Date.now() - t).toBeLessThan(5000);
      expect(timedOut.response.allowed).toBe(false);
      expect(timedOut.response.status?.message).toMatch(/could not be verified within 500 ms \(fail closed\)/);
      const admitted = (await post(lax.url, JSON.stringify(slow))).json();
      expect(admitted.response.allowed).toBe(true);
      expect(admitted.response.warnings?.[0]).toMatch(/^--failure-policy ignore: admitted unverified: /);
      const text = (await get(fast.url, '/metrics')).body;
      expect(text).toMatch(/decision="denied",reason="error"\} 1/);
      expect(text).toMatch(/decision="denied",reason="timeout"\} 1/);
    } finally {
      await Promise.all([fast.close(), lax.close()]);
    }
  }, 30_000);

  it('lets through what it does not judge: DELETE, status updates, kinds without a Pod spec', async () => {
    const del = review(pod('d', [{ name: 'd', image: pinned('bare') }]), 'shop', 'DELETE');
    expect((await post(server.url, JSON.stringify(del))).json().response.allowed).toBe(true);
    const status = review(pod('d', [{ name: 'd', image: pinned('bare') }]), 'shop', 'UPDATE');
    Object.assign(status.request as object, { subResource: 'status' });
    expect((await post(server.url, JSON.stringify(status))).json().response.allowed).toBe(true);
    const svc = review({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } });
    expect((await post(server.url, JSON.stringify(svc))).json().response.allowed).toBe(true);
  });

  it('serves /healthz, /readyz and /metrics; readiness fails once it is closing', async () => {
    expect((await get(server.url, '/healthz')).status).toBe(200);
    expect((await get(server.url, '/readyz')).status).toBe(200);
    const metrics = await get(server.url, '/metrics');
    expect(metrics.body).toMatch(/# TYPE custody_admission_review_duration_seconds histogram/);
    expect((await get(server.url, '/nope')).status).toBe(404);
    expect((await post(server.url, '', { method: 'GET' })).status).toBe(405);
  });

  it('serves HTTPS with the certificate given, and refuses to start without one unless --insecure-http', async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=custody-admission',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'tls.key'),
        '-out',
        join(dir, 'tls.crt'),
      ],
      { stdio: 'ignore' },
    );
    const tls = await start({ port: '0', address: '127.0.0.1', key: ['trusted.pub'], 'tls-cert': 'tls.crt', 'tls-key': 'tls.key' });
    try {
      expect(tls.url).toMatch(/^https:/);
      const ca = await readFile(join(dir, 'tls.crt'));
      const out = (await post(tls.url, JSON.stringify(review(pod('w', [{ name: 'w', image: pinned('good') }]))), { ca })).json();
      expect(out.response.allowed).toBe(true);
    } finally {
      await tls.close();
    }
    await expect(start({ port: '0', key: ['trusted.pub'] })).rejects.toMatchObject({ code: 'ADMISSION_TLS_REQUIRED' });
    const r = await runCli(['admission', '--port', '0', '--key', 'trusted.pub', '--failure-policy', 'maybe'], { cwd: dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--failure-policy is "maybe", not fail or ignore/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
