/**
 * The sbom action's `dependency-snapshot`: the dependencies an SBOM was made from, as a snapshot for GitHub's
 * dependency submission API (the repository's dependency graph, Dependabot alerts), as anchore/sbom-action submits
 * Syft's. One manifest per lockfile or package database the SBOM read (its path in the repository, or in the image),
 * each package keyed by package URL, `direct` or `indirect` where the lockfile says which, with the packages it
 * depends on. The job, commit and ref come from the workflow run as sbom-action takes them.
 */
import { join, relative, sep } from 'node:path';
import { CUSTODY_VERSION, readBoundedFileSync, type Clock } from '@custody/core';
import type { DependencyManifest, DependencySnapshot, ResolvedDependency } from '@custody/github/api';
import type { SbomResult } from './sbom.js';

export const DETECTOR = { name: 'custody', version: CUSTODY_VERSION, url: 'https://github.com/custody-dev/custody' } as const;

/** The workflow run a snapshot belongs to (the faces read them from the runner's environment). */
export interface SnapshotRun {
  /** `<workflow>_<job>`, plus `_<output>` when the SBOM file is named (matrix jobs), as sbom-action correlates. */
  correlator: string;
  runId: string;
  sha: string;
  ref: string;
}

// Events whose snapshot belongs to the pull request's head commit, as sbom-action (getSha) decides; pull_request_target
// runs in the base's context and keeps GITHUB_SHA.
const PR_EVENTS = ['pull_request', 'pull_request_comment', 'pull_request_review', 'pull_request_review_comment'];

/**
 * The run's facts from the runner's environment: GITHUB_WORKFLOW, GITHUB_JOB, GITHUB_RUN_ID, GITHUB_REF, and the
 * commit: the pull request's head (from GITHUB_EVENT_PATH) for pull request events, else GITHUB_SHA. Undefined
 * entries in `missing` name what is not set.
 */
export function snapshotRun(env: NodeJS.ProcessEnv, output?: string): { run?: SnapshotRun; missing: string[] } {
  const missing = ['GITHUB_WORKFLOW', 'GITHUB_JOB', 'GITHUB_RUN_ID', 'GITHUB_REF', 'GITHUB_SHA'].filter((k) => !env[k]);
  if (missing.length) return { missing };
  let sha = env.GITHUB_SHA!;
  if (PR_EVENTS.includes(env.GITHUB_EVENT_NAME ?? '') && env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readBoundedFileSync(env.GITHUB_EVENT_PATH, 'the event payload', 'ociJsonBytes').toString('utf8')) as {
        pull_request?: { head?: { sha?: unknown } };
      };
      const head = event.pull_request?.head?.sha;
      if (typeof head === 'string' && /^[0-9a-f]{40}$/.test(head)) sha = head;
    } catch {
      /* no readable payload: GITHUB_SHA */
    }
  }
  const correlator = `${env.GITHUB_WORKFLOW}_${env.GITHUB_JOB}${output ? `_${output}` : ''}`;
  return { run: { correlator, runId: env.GITHUB_RUN_ID!, sha, ref: env.GITHUB_REF! }, missing: [] };
}

function manifestOf(name: string, location: string | undefined, doc: SbomResult, index: number): DependencyManifest {
  const graph = doc.graphs[index]!;
  const direct = new Set(graph.direct);
  const resolved: Record<string, ResolvedDependency> = {};
  for (const c of graph.components) {
    const deps = [...(graph.dependencies.get(c.purl) ?? [])].filter((d) => d !== c.purl).sort();
    resolved[c.purl] = {
      package_url: c.purl,
      // Only where the lockfile says which packages the project asked for; otherwise GitHub is not told.
      ...(direct.size ? { relationship: direct.has(c.purl) ? 'direct' : 'indirect' } : {}),
      // Custody's scopes (CycloneDX's): excluded = a development dependency; required and optional ship.
      ...(c.scope ? { scope: c.scope === 'excluded' ? 'development' : 'runtime' } : {}),
      ...(deps.length ? { dependencies: deps } : {}),
    };
  }
  return {
    name,
    ...(location ? { file: { source_location: location } } : {}),
    metadata: { format: graph.format, ecosystem: graph.ecosystem, ...(doc.platform ? { platform: doc.platform } : {}) },
    resolved,
  };
}

/**
 * The snapshot of one or more SBOM documents (one per platform of an image). A directory's manifests are named by
 * their path in the workspace (`cwd`), which is the repository; an image's by their path in the image, prefixed with
 * the platform when there are several.
 */
export function dependencySnapshot(docs: SbomResult[], run: SnapshotRun, options: { cwd: string; clock: Clock }): DependencySnapshot {
  const manifests: Record<string, DependencyManifest> = {};
  for (const doc of docs) {
    doc.graphs.forEach((graph, i) => {
      let name: string;
      let location: string | undefined;
      if (doc.baseDir) {
        name = relative(options.cwd, join(doc.baseDir, graph.source)).split(sep).join('/');
        // A lockfile outside the workspace has no place in the repository: named, not located.
        if (!name.startsWith('../')) location = name;
      } else name = docs.length > 1 && doc.platform ? `${doc.platform}:${graph.source}` : graph.source;
      manifests[name] = manifestOf(name, location, doc, i);
    });
  }
  return {
    version: 0,
    job: { correlator: run.correlator, id: run.runId },
    sha: run.sha,
    ref: run.ref,
    detector: { ...DETECTOR },
    scanned: options.clock.now().toISOString(),
    manifests,
  };
}
