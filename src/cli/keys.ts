import { UsageError, stableJson } from '@custody/core';
import { bool, str, type CommandSpec } from './spec.js';

export const keysGenerateCommand: CommandSpec = {
  name: 'keys generate',
  summary: 'Make a signing key pair for key-based attestations (ECDSA P-256 or Ed25519, PEM), or a key in a key service.',
  usage: [
    'custody keys generate [--output-key FILE] [--output-pub FILE] [--algorithm ecdsa-p256|ed25519] [--force]',
    'custody keys generate --kms URI [--algorithm ecdsa-p256|ecdsa-p384|ed25519]',
  ],
  description: [
    'Writes the private key (PKCS#8 PEM, mode 0600) and the public key (SPKI PEM). When CUSTODY_KEY_PASSWORD is',
    'set, the private key is encrypted with it (PKCS#8, AES-256-CBC); `custody attest --key` reads the same variable.',
    'The key id printed is the SHA-256 of the public key; bundles signed with the key carry it as their key hint.',
    'With --kms URI the key is made in a key service and never leaves it; sign with --key URI (docs/keys.md).',
    'With --kms, --algorithm ecdsa-p384 makes a P-384 key too (signing ECDSA P-384 with SHA-256); Azure Key Vault',
    'makes no Ed25519 keys. A key file is ecdsa-p256 or ed25519.',
  ].join('\n'),
  options: {
    'output-key': { type: 'string', value: 'FILE', description: 'Private key file.', default: 'custody.key' },
    'output-pub': { type: 'string', value: 'FILE', description: 'Public key file.', default: 'custody.pub' },
    algorithm: { type: 'string', value: 'ALG', description: 'ecdsa-p256 or ed25519; with --kms also ecdsa-p384.', default: 'ecdsa-p256' },
    force: { type: 'boolean', description: 'Overwrite existing key files.' },
    kms: {
      type: 'string',
      value: 'URI',
      description: 'Create the key in a key service (hashivault://, awskms://, gcpkms://, azurekms://).',
    },
    format: { type: 'string', value: 'FMT', description: 'text or json.', default: 'text' },
  },
  examples: [
    ['CUSTODY_KEY_PASSWORD=… custody keys generate --output-key ci.key --output-pub ci.pub', 'an encrypted P-256 key pair'],
    ['custody keys generate --algorithm ed25519', 'an Ed25519 key pair in custody.key / custody.pub'],
    ['custody keys generate --kms hashivault://release', 'a P-256 key in Vault Transit'],
    ['custody keys generate --kms awskms:///alias/release --algorithm ecdsa-p384', 'a P-384 key in AWS KMS'],
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
  summary: 'Print the public key (PEM) of a signing key: a key URI or a PEM private key file.',
  usage: ['custody keys public-key --key URI|FILE [--format text|json]'],
  description: [
    'Prints the SPKI PEM public key for `custody verify --key`, read from the token or asked of the service',
    '(docs/keys.md).',
  ].join('\n'),
  options: {
    key: {
      type: 'string',
      value: 'URI|FILE',
      description: 'The key: a key URI (pkcs11:, hashivault://, awskms://, gcpkms://, azurekms://) or a PEM private key file.',
    },
    format: { type: 'string', value: 'FMT', description: 'text (the PEM) or json (PEM, algorithm, key id).', default: 'text' },
  },
  examples: [['custody keys public-key --key awskms:///alias/release > release.pub', 'the public key of an AWS KMS key']],
  async run({ values, io, settings }) {
    const key = str(values, 'key');
    if (!key)
      throw new UsageError('--key is required.', {
        hint: 'Give a key URI or a PEM private key file (docs/keys.md).',
      });
    const { keysPublicKey } = await import('../commands/keys.js');
    const r = await keysPublicKey({
      key,
      cwd: io.cwd,
      env: io.env,
      ...(settings.keyPassword ? { passphrase: settings.keyPassword } : {}),
      ...(settings.pkcs11Pin ? { pin: settings.pkcs11Pin } : {}),
    });
    if (str(values, 'format') === 'json') io.stdout(stableJson(r));
    else io.stdout(r.publicKeyPem);
    return 0;
  },
};
