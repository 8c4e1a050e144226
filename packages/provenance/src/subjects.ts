/**
 * Subjects of a statement: files by path or glob (sha256 each), NAME@sha256:HEX, oci://REGISTRY/REPO@sha256:HEX,
 * and shasum-format checksum files (sha256sum / sha512sum output, text and binary mode, and the BSD "--tag" form).
 * Duplicates are removed; the list is sorted by name, then digest.
 */
import { resolve } from 'node:path';
import { compareStrings, CustodyError, isDigestAlgorithm, parseSubjectSpec, type Subject } from '@custody/core';
import { ProvenanceInputError } from './errors.js';
import { digestFiles, expandFiles, readInputText } from './files.js';

/** Digest algorithms accepted for subjects (in-toto DigestSet names). */
const SUBJECT_ALGS = new Set(['sha256', 'sha384', 'sha512']);
const HEX_LEN: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

function checkDigest(spec: string, alg: string, hex: string, where: string): Record<string, string> {
  if (!SUBJECT_ALGS.has(alg)) {
    throw new ProvenanceInputError(
      'SUBJECT_DIGEST_UNSUPPORTED',
      `subject "${spec}" uses digest algorithm "${alg}", which is not supported.`,
      {
        location: where,
        hint: 'Give a sha256 digest (sha384 and sha512 are accepted too), e.g. NAME@sha256:<64 hex characters>.',
      },
    );
  }
  const want = HEX_LEN[alg]!;
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== want) {
    throw new ProvenanceInputError(
      'SUBJECT_DIGEST_INVALID',
      `subject "${spec}": a ${alg} digest is ${want} hex characters, got "${hex}".`,
      {
        location: where,
        hint: 'Check that the digest was copied whole.',
      },
    );
  }
  return { [alg]: hex.toLowerCase() };
}

/** Parses one subject that carries its digest (NAME@ALG:HEX, oci://…@ALG:HEX); undefined for paths and globs. */
export function parseDigestSubject(spec: string, where = '--subject'): Subject | undefined {
  const d = parseSubjectSpec(spec); // core's subject grammar; the digest is judged here, with the SUBJECT_* codes
  if (!d) return undefined;
  if (d.kind === 'unpinned') {
    throw new ProvenanceInputError('SUBJECT_IMAGE_NOT_PINNED', `image subject "${spec}" has no digest.`, {
      location: where,
      hint: 'Give the image by digest: oci://REGISTRY/REPO@sha256:HEX (resolve a tag first, e.g. with `crane digest` or `docker buildx imagetools inspect`).',
    });
  }
  if (d.kind === 'image') return { name: d.name, digest: checkDigest(spec, d.algorithm, d.hex, where) };
  // A digest-shaped suffix with an unknown algorithm word still means a digest (sha1:, md5:): refuse it clearly.
  if (!isDigestAlgorithm(d.algorithm) && !/^(md5|sha1|sha224|sha3-?\d*|blake\w*)$/.test(d.algorithm)) return undefined;
  return { name: d.name, digest: checkDigest(spec, d.algorithm, d.hex, where) };
}

/** Parses a shasum-format checksum file. `file` is for messages. */
export function parseChecksums(text: string, file: string): Subject[] {
  const out: Subject[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const where = `${file}:${i + 1}`;
    const line = raw.trimEnd();
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    let hex: string;
    let name: string;
    let alg: string | undefined;
    const bsd = /^(SHA256|SHA384|SHA512|SHA1|MD5|SHA224)\s*\((.+)\)\s*=\s*([0-9A-Fa-f]+)$/.exec(line);
    const gnu = /^(\\?)([0-9A-Fa-f]+) ([ *])(.+)$/.exec(line);
    if (bsd) {
      alg = bsd[1]!.toLowerCase();
      name = bsd[2]!;
      hex = bsd[3]!;
    } else if (gnu) {
      hex = gnu[2]!;
      name = gnu[4]!;
      if (gnu[1]) name = name.replace(/\\(\\|n|r)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
    } else {
      throw new ProvenanceInputError(
        'CHECKSUM_LINE_MALFORMED',
        `line ${i + 1} of ${file} is not a checksum line: "${line.slice(0, 120)}".`,
        {
          location: where,
          hint: 'Each line must be "<hex digest>  <file name>" (two spaces, or " *" for binary mode), as written by sha256sum or shasum -a 256.',
        },
      );
    }
    if (!alg) {
      alg = Object.entries(HEX_LEN).find(([, n]) => n === hex.length)?.[0];
      if (!alg) {
        const guess = hex.length === 40 ? 'sha1' : hex.length === 32 ? 'md5' : hex.length === 56 ? 'sha224' : `${hex.length * 4}-bit`;
        throw new ProvenanceInputError(
          'CHECKSUM_ALGORITHM_UNSUPPORTED',
          `line ${i + 1} of ${file} has a ${guess} digest (${hex.length} hex characters); only sha256 and sha512 checksums are accepted.`,
          {
            location: where,
            hint: 'Regenerate the file with sha256sum (or shasum -a 256 / sha512sum).',
          },
        );
      }
    }
    out.push({ name, digest: checkDigest(`${name} (${file}:${i + 1})`, alg, hex, where) });
  });
  if (out.length === 0) {
    throw new ProvenanceInputError('CHECKSUM_FILE_EMPTY', `${file} lists no checksums.`, {
      location: file,
      hint: 'Generate it with sha256sum FILES > checksums.txt.',
    });
  }
  return out;
}

/** Removes exact duplicates (same name, same digests), merges digest sets of the same name, sorts. */
export function dedupeSubjects(subjects: readonly Subject[]): Subject[] {
  const byKey = new Map<string, Subject>();
  for (const s of subjects) {
    const digest = Object.fromEntries(Object.entries(s.digest).sort(([a], [b]) => compareStrings(a, b)));
    const key = `${s.name}\u0000${JSON.stringify(digest)}`;
    if (!byKey.has(key)) byKey.set(key, { name: s.name, digest });
  }
  return [...byKey.values()].sort(
    (a, b) => compareStrings(a.name, b.name) || compareStrings(JSON.stringify(a.digest), JSON.stringify(b.digest)),
  );
}

/**
 * Resolves --subject SPECs and an optional --subject-checksums FILE to subjects (sorted, without duplicates).
 * Throws ProvenanceInputError (exit 2) naming the input and the fix.
 */
export async function resolveSubjects(specs: readonly string[], checksumsFile: string | undefined, cwd: string): Promise<Subject[]> {
  if (specs.length === 0 && !checksumsFile) {
    throw new ProvenanceInputError('SUBJECT_MISSING', 'no subject given.', {
      location: '--subject',
      hint: 'Name what the statement is about: --subject dist/app.tgz, --subject "dist/*.tgz", --subject NAME@sha256:HEX, --subject oci://REG/REPO@sha256:HEX or --subject-checksums FILE.',
    });
  }
  const subjects: Subject[] = [];
  const files: Array<{ name: string; path: string }> = [];
  for (const spec of specs) {
    if (spec.trim() === '') {
      throw new ProvenanceInputError('SUBJECT_EMPTY', 'an empty --subject was given.', {
        location: '--subject',
        hint: 'Remove it or give a path.',
      });
    }
    const digestSubject = parseDigestSubject(spec);
    if (digestSubject) subjects.push(digestSubject);
    else files.push(...(await expandFiles(spec, cwd, '--subject')));
  }
  const seen = new Set<string>();
  const unique = files.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
  subjects.push(...(await digestFiles(unique)));
  if (checksumsFile) {
    const path = resolve(cwd, checksumsFile);
    let text: string;
    try {
      text = await readInputText(path, `--subject-checksums "${checksumsFile}"`, '--subject-checksums');
    } catch (err) {
      if (err instanceof CustodyError) throw err;
      const why = (err as NodeJS.ErrnoException).code === undefined ? `: ${(err as Error).message}` : '';
      throw new ProvenanceInputError(
        'CHECKSUM_FILE_NOT_FOUND',
        `--subject-checksums "${checksumsFile}" cannot be read (looked for ${path})${why}.`,
        {
          location: '--subject-checksums',
          hint: 'Check the path, or create it with sha256sum FILES > checksums.txt.',
        },
      );
    }
    subjects.push(...parseChecksums(text, checksumsFile));
  }
  return dedupeSubjects(subjects);
}
