import { UsageError, stableJson } from '@custody/core';
import { bool, str, type CommandSpec } from './spec.js';

export const keysGenerateCommand: CommandSpec = {
  name: 'keys generate',
  summary: 'Make a signing key pair for key-based attestations (ECDSA P-256 or Ed25519, PEM).',
  usage: [
    'custody keys generate [--output-key FILE] [--output-pub FILE] [--algorithm ecdsa-p256|ed25519] [--force]',
    'custody keys generate --kms URI [--algorithm ecdsa-p256|ed25519]',
  ],
  description: [
    'Writes the private key (PKCS#8 PEM, mode 0600) and the public key (SPKI PEM). When CUSTODY_KEY_PASSWORD is',
    'set, the private key is encrypted with it (PKCS#8, AES-256-CBC); `custody attest --key` reads the same variable.',
    'The key id printed is the SHA-256 of the public key; bundles signed with the key carry it as their key hint.',
    'With --kms URI the key is made in the service instead and never leaves it: hashivault://NAME (Vault Transit;',
    'VAULT_ADDR, VAULT_TOKEN) or awskms:///alias/NAME (AWS KMS CreateKey + CreateAlias); sign with --key URI.',
  ].join('\n'),
  options: {
    'output-key': { type: 'string', value: 'FILE', description: 'Private key file.', default: 'custody.key' },
    'output-pub': { type: 'string', value: 'FILE', description: 'Public key file.', default: 'custody.pub' },
    algorithm: { type: 'string', value: 'ALG', description: 'ecdsa-p256 or ed25519.', default: 'ecdsa-p256' },
    force: { type: 'boolean', description: 'Overwrite existing key files.' },
    kms: { type: 'string', value: 'URI', description: 'Create the key in a service (hashivault://NAME, awskms:///alias/NAME).' },
    format: { type: 'string', value: 'FMT', description: 'text or json.', default: 'text' },
  },
  examples: [
    ['CUSTODY_KEY_PASSWORD=… custody keys generate --output-key ci.key --output-pub ci.pub', 'an encrypted P-256 key pair'],
    ['custody keys generate --algorithm ed25519', 'an Ed25519 key pair in custody.key / custody.pub'],
    ['custody keys generate --kms hashivault://release', 'a P-256 key in Vault Transit'],
  ],
  async run({ values, io, settings }) {
    const env = io.env;
    const kms = str(values, 'kms');
    if (kms) {
      const { keysGenerateRemote } = await import('../commands/keys.js');
      const r = await keysGenerateRemote({ uri: kms, algorithm: str(values, 'algorithm'), cwd: io.cwd, env });
      if (str(values, 'format') === 'json') io.stdout(stableJson(r));
      else io.stdout([`key:         ${r.uri}`, `algorithm:   ${r.algorithm}`, `key id:      ${r.keyId}`, '', r.publicKeyPem].join('\n'));
      return 0;
    }
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { keysGenerate } = await import('../commands/keys.js');
    const r = await keysGenerate({
      outputKey: str(values, 'output-key'),
      outputPub: str(values, 'output-pub'),
      algorithm: str(values, 'algorithm'),
      passphrase: settings.keyPassword,
      force: bool(values, 'force'),
      cwd: io.cwd,
      logger: io.logger,
    });
    if (str(values, 'format') === 'json') io.stdout(stableJson(r));
    else {
      io.stdout(
        [
          `private key: ${r.privateKeyPath}${r.encrypted ? ' (encrypted with CUSTODY_KEY_PASSWORD)' : ''}`,
          `public key:  ${r.publicKeyPath}`,
          `algorithm:   ${r.algorithm}`,
          `key id:      ${r.keyId}`,
          '',
        ].join('\n'),
      );
    }
    return 0;
  },
};

export const keysPublicKeyCommand: CommandSpec = {
  name: 'keys public-key',
  summary: 'Print the public key (PEM) of a key held in a KMS or Vault, for verifiers.',
  usage: ['custody keys public-key --key URI'],
  description: [
    'Asks the service for the public key of awskms://…, gcpkms://…, azurekms://… or hashivault://… and prints it as',
    'SPKI PEM (with --format json, also its key id and algorithm). `custody verify --key URI` fetches it itself.',
  ].join('\n'),
  options: {
    key: { type: 'string', value: 'URI', description: 'The key URI.' },
    format: { type: 'string', value: 'FMT', description: 'text (the PEM) or json.', default: 'text' },
  },
  examples: [['custody keys public-key --key awskms:///alias/release > release.pub', 'the public key for verifiers']],
  async run({ values, io }) {
    const env = io.env;
    const key = str(values, 'key');
    if (!key) throw new UsageError('--key URI is required.', { hint: 'e.g. custody keys public-key --key hashivault://release' });
    const { keysPublicKey } = await import('../commands/keys.js');
    const r = await keysPublicKey({ key, cwd: io.cwd, env });
    io.stdout(str(values, 'format') === 'json' ? stableJson(r) : r.publicKeyPem);
    return 0;
  },
};
