import type { CommandSpec } from './spec.js';
import { sbomCommand } from './sbom.js';

/** Every CLI verb, in the order `custody --help` lists them. */
export const commands: CommandSpec[] = [
  sbomCommand,
];
