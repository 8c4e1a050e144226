import type { CommandSpec } from './spec.js';
import { sbomCommand } from './sbom.js';
import { captureCommand } from './capture.js';
import { runCommand } from './run.js';
import { provenanceCommand } from './provenance.js';
import { keysGenerateCommand, keysPublicKeyCommand } from './keys.js';
import { attestCommand } from './attest.js';
import { verifyCommand } from './verify.js';
import { coverageCommand } from './coverage.js';
import { trustedRootCommand } from './trusted-root.js';
import { pushCommand } from './push.js';
import { attestationsListCommand, attestationsDownloadCommand } from './attestations.js';
import { demoCommand } from './demo.js';

/** Every CLI verb, in the order `custody --help` lists them. */
export const commands: CommandSpec[] = [
  sbomCommand,
  captureCommand,
  runCommand,
  provenanceCommand,
  keysGenerateCommand,
  keysPublicKeyCommand,
  attestCommand,
  verifyCommand,
  coverageCommand,
  trustedRootCommand,
  pushCommand,
  attestationsListCommand,
  attestationsDownloadCommand,
  demoCommand,
];
