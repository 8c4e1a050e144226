import type { LockfileReader } from '../model.js';
import { cargoReader } from './cargo.js';
import { composerReader } from './composer.js';
import { gemfileReader } from './gemfile.js';
import { goModReader } from './gomod.js';
import { nugetReader } from './nuget.js';
import { pdmReader } from './pdm.js';
import { pipfileReader } from './pipfile.js';
import { poetryReader } from './poetry.js';
import { requirementsReader } from './requirements.js';
import { uvReader } from './uv.js';

/**
 * Python, Go, Rust, Ruby, PHP and .NET readers. go.mod declares `siblings: ['go.sum']` (see LockfileReader):
 * go.sum is read through it, never on its own.
 */
export const readers: LockfileReader[] = [
  poetryReader,
  uvReader,
  pdmReader,
  pipfileReader,
  requirementsReader,
  goModReader,
  cargoReader,
  gemfileReader,
  composerReader,
  nugetReader,
];
