import { describe, expect, it } from 'vitest';
import {
  formatPlatform,
  layerCompression,
  parsePlatform,
  parseReference,
  parseSubjectSpec,
  platformMatches,
  platformStringMatches,
} from '../index.js';

describe('platforms', () => {
  it('parses OS/ARCH[/VARIANT] and refuses anything shorter with IMAGE_PLATFORM_INVALID', () => {
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(parsePlatform('linux/amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(() => parsePlatform('linux')).toThrow(expect.objectContaining({ code: 'IMAGE_PLATFORM_INVALID' }));
  });

  it('linux/arm never matches linux/arm64; without a variant any variant matches; arm64 images omit v8', () => {
    expect(platformStringMatches('linux/arm', 'linux/arm64')).toBe(false);
    expect(platformStringMatches('linux/arm', 'linux/arm/v7')).toBe(true);
    expect(platformStringMatches('linux/arm/v7', 'linux/arm/v6')).toBe(false);
    expect(platformStringMatches('linux/arm64/v8', 'linux/arm64')).toBe(true);
    expect(platformMatches({ os: 'linux', architecture: 'amd64' }, { os: 'windows', architecture: 'amd64' })).toBe(false);
    expect(platformStringMatches('linux', 'linux/amd64')).toBe(false);
  });

  it('formats a platform only when it has an os and an architecture', () => {
    expect(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' })).toBe('linux/arm/v7');
    expect(formatPlatform(undefined)).toBeUndefined();
  });

  it('knows the compression of each filesystem layer media type, and nothing else', () => {
    expect(layerCompression('application/vnd.oci.image.layer.v1.tar+zstd')).toBe('zstd');
    expect(layerCompression('application/vnd.docker.image.rootfs.diff.tar.gzip')).toBe('gzip');
    expect(layerCompression(undefined)).toBe('sniff');
    expect(layerCompression('application/vnd.dev.sigstore.bundle.v0.3+json')).toBeUndefined();
  });
});

describe('references and subject specs', () => {
  const D = `sha256:${'a'.repeat(64)}`;

  it('keeps the name as written beside the normalized repository', () => {
    expect(parseReference(`oci://alpine:3@${D}`)).toMatchObject({
      name: 'alpine',
      repository: 'library/alpine',
      registry: 'docker.io',
      tag: '3',
      digest: D,
    });
    expect(parseReference('localhost:5000/app:1')).toMatchObject({ name: 'localhost:5000/app', repository: 'app' });
  });

  it('splits subject specs without judging the digest', () => {
    expect(parseSubjectSpec(`oci://ghcr.io/o/app:1.0@${D}`)).toEqual({
      kind: 'image',
      name: 'ghcr.io/o/app',
      algorithm: 'sha256',
      hex: 'a'.repeat(64),
    });
    expect(parseSubjectSpec('oci://ghcr.io/o/app:1.0')).toEqual({ kind: 'unpinned', name: 'ghcr.io/o/app:1.0' });
    expect(parseSubjectSpec('app.tgz@SHA256:ABC')).toEqual({ kind: 'named', name: 'app.tgz', algorithm: 'sha256', hex: 'ABC' });
    expect(parseSubjectSpec('dist/*.tgz')).toBeUndefined();
  });
});
