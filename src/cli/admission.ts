/**
 * `custody admission`: the CLI face of src/commands/admission.ts, the Kubernetes validating admission webhook. Reads
 * the flags (verify's identity and policy flags among them), starts the server, reloads the policy file on SIGHUP,
 * and on SIGTERM or SIGINT stops answering readiness, finishes the reviews in flight and exits 0.
 */
import { admissionOptions, admissionVerb } from '../verbs/admission.js';
import { flagReader, type CommandSpec } from './spec.js';

export const admissionCommand: CommandSpec = {
  name: 'admission',
  summary: 'A Kubernetes validating admission webhook: every image of a Pod or workload verified as custody verify does.',
  usage: [
    'custody admission --tls-cert tls.crt --tls-key tls.key (--repo ORG/REPO | --certificate-identity ID --certificate-oidc-issuer URL | --key PUB.pem) [--config policies.yaml]',
    'custody admission ... [--port 8443] [--failure-policy fail|ignore] [--dry-run] [--cache-ttl 300] [--timeout 8]',
    'custody admission --insecure-http ...   (plain HTTP: tests, or behind a mesh that terminates TLS)',
  ],
  description: [
    'Serves AdmissionReview (admission.k8s.io/v1) requests at POST /validate, as a ValidatingWebhookConfiguration',
    'sends them (deploy/kubernetes/ ships the manifests; docs/admission.md explains the install). For a Pod, Deployment,',
    'StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or PodTemplate, every image of its Pod',
    'spec (containers, init and ephemeral containers) is verified as custody verify oci://IMAGE@DIGEST would, with the',
    "identity, key, trust and policy flags given, or those of the object's namespace in the --config policy file.",
    '',
    'A tag is resolved to its digest first and the digest is verified (the response warns: pin it). A verified',
    '(digest, policy) pair is cached for --cache-ttl seconds; denials are not cached. Fail-closed: a registry error or',
    'a review past --timeout denies; --failure-policy ignore admits instead (DANGEROUS: an outage then admits anything).',
    '--dry-run (or dry-run: true for a namespace) allows everything, with warnings saying what would be denied.',
    '',
    'Also serves GET /healthz (the process is alive), /readyz (policies loaded, not shutting down) and /metrics',
    '(Prometheus text: decisions by result and reason, review latency, image results, cache hits and misses, reloads).',
    'A body over CUSTODY_MAX_ADMISSION_REVIEW_BYTES (4 MiB) is refused with 413; a body that is not an AdmissionReview',
    'gets 400, or a denying review when its request.uid can be read.',
    '',
    'The policy file is reloaded when it changes (a ConfigMap update) and on SIGHUP; a bad file keeps the policies in',
    'force. SIGTERM finishes the reviews in flight and exits 0. Exit 2: cannot start (bad flags or policy file, no TLS).',
  ].join('\n'),
  options: admissionVerb.options,
  examples: [
    [
      'custody admission --tls-cert /tls/tls.crt --tls-key /tls/tls.key --config /etc/custody/policies.yaml --repo octo-org/app',
      'the webhook, as deploy/kubernetes/deployment.yaml runs it',
    ],
    [
      'custody admission --insecure-http --port 8080 --key cosign.pub --dry-run',
      'try it locally: POST AdmissionReviews to http://127.0.0.1:8080/validate; nothing is denied',
    ],
  ],
  async run({ values, io, settings }) {
    const { startAdmissionServer } = await import('../commands/admission.js');
    const options = admissionOptions(flagReader(values), settings, io.logger);
    if (options.failurePolicy === 'ignore')
      io.logger.warn('custody admission: --failure-policy ignore: an error or timeout ADMITS the object unverified');
    for (const f of ['insecure-ignore-tlog', 'insecure-ignore-sct'].filter((n) => values[n] === true))
      io.logger.warn(`custody admission: verification is weakened by --${f}`);
    const server = await startAdmissionServer({ ...options, cwd: io.cwd, env: io.env, logger: io.logger });
    const hup = () => void server.reload();
    const stop = () => void server.close();
    process.on('SIGHUP', hup);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    try {
      await server.closed;
    } finally {
      process.off('SIGHUP', hup);
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    }
    io.logger.info('custody admission: stopped');
    return 0;
  },
};
