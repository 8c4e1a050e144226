import { arch, hostname, platform, release, type as osType, version as osVersion, cpus, totalmem } from 'node:os';

export interface HostFacts {
  os: string;
  /** Kernel name (Linux, Darwin, Windows_NT). */
  kernel: string;
  kernelRelease: string;
  kernelVersion: string;
  arch: string;
  hostname: string;
  cpus: number;
  memoryBytes: number;
}

export function readHostFacts(): HostFacts {
  return {
    os: platform(),
    kernel: osType(),
    kernelRelease: release(),
    kernelVersion: osVersion(),
    arch: arch(),
    hostname: hostname(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
  };
}
