/**
 * actions/sbom: its inputs are custody sbom's options (declared with their flags in src/verbs/sbom.ts), the target
 * (path or image), github-token and dependency-snapshot; run() maps them through the same sbomOptions() the CLI uses
 * to generateSbom(), then writes the files, outputs and a job summary, and with dependency-snapshot submits the
 * SBOM's dependencies to GitHub's dependency graph, as anchore/sbom-action does. index.ts (the bundle's entry) starts
 * it; @github/local-action calls run().
 */
import { isAbsolute, resolve } from 'node:path';
import { documentClock } from '@custody/core';
import { ActionError, actionsCoreToolkit, markdownTable } from '@custody/github';
import { githubApi, submitDependencySnapshot } from '@custody/github/api';
import { dependencySnapshot, snapshotRun } from '../../../src/commands/dependency-snapshot.js';
import { GITHUB_TOKEN_SOURCE, githubToken, githubTokenInput, registryToken } from '../../../src/actions-runtime/github-inputs.js';
import { sbomOptions, sbomVerb } from '../../../src/verbs/sbom.js';
import { writeFileAtomic } from '../../../src/io/files.js';
import { defaultSbomFile, generateSbom, platformFile, type SbomFormat } from '../../../src/commands/sbom.js';
import { actionInput, runActionDefinition, specInputs, type ActionDefinition } from '../../../src/actions-runtime/index.js';

export const action: ActionDefinition = {
  inputs: [
    actionInput('path', 'Project directory or lockfile to read (relative to the workspace). node_modules, vendor and .git are skipped.', {
      default: '.',
    }),
    ...specInputs(sbomVerb, ['format', 'output', 'exclude']),
    actionInput(
      'image',
      'An image to scan instead of path (oci://REGISTRY/REPO[:TAG|@DIGEST], oci-layout:DIR, docker-archive:TAR, oci-archive:TAR).',
    ),
    ...specInputs(sbomVerb, ['platform', 'scope']),
    githubTokenInput(
      "The token for GitHub's container registry when image is there (ghcr.io on github.com, containers.HOST on GHES and GHE.com; packages: read for a private image) and, with dependency-snapshot, for GitHub's dependency submission API (contents: write). Another registry takes a docker login or CUSTODY_REGISTRY_USERNAME / CUSTODY_REGISTRY_PASSWORD.",
    ),
    actionInput(
      'dependency-snapshot',
      "Submit the SBOM's dependencies to GitHub's dependency graph (the dependency submission API; the job needs `permissions: contents: write`), as anchore/sbom-action's dependency-snapshot does: one manifest per lockfile, packages direct or indirect where the lockfile says. A refused submission fails the step.",
      { type: 'boolean', default: 'false' },
    ),
  ],
  outputs: {
    'sbom-path': 'The SBOM file written (several, one per line, for a multi-platform image).',
    'component-count': 'Number of components in the SBOM (summed over platforms for a multi-platform image).',
  },
  async run(ctx) {
    const { gh } = ctx;
    const r = ctx.options(sbomVerb);
    const options = await sbomOptions(r);
    const format = options.format;
    const image = ctx.input('image');
    const target = image ?? ctx.input('path') ?? '.';
    const output = r.str('output') ?? sbomActionFile(format, image, gh.env);
    const token = registryToken(ctx);
    const snapshot = ctx.bool('dependency-snapshot');
    // Asked to submit: the run's facts are checked before the scan.
    const run = snapshot ? snapshotRun(gh.env, r.str('output')) : undefined;
    if (run && !run.run) {
      throw new ActionError(
        'ACTION_INPUT_INVALID',
        `input dependency-snapshot needs the workflow run's ${run.missing.join(', ')}, not set here.`,
        {
          hint: 'Submit dependency snapshots from a GitHub Actions job (the runner sets them), or set dependency-snapshot: false.',
        },
      );
    }
    const docs = await generateSbom({
      ...options,
      target,
      ...(token ? { registryToken: token } : {}),
      cwd: gh.cwd,
      env: gh.env,
      logger: gh.logger,
      isTTY: false,
    });

    const written: string[] = [];
    for (const doc of docs) {
      const file = docs.length > 1 && doc.platform ? platformFile(output, doc.platform) : output;
      // Streamed into the file, the serial number (content UUID) written last: never the document as one string.
      await writeFileAtomic(isAbsolute(file) ? file : resolve(gh.cwd, file), doc.document);
      written.push(file);
      gh.logger.info(`wrote ${file}: ${doc.componentCount} components from ${doc.files.length} file(s)`);
    }
    gh.setOutput('sbom-path', written.join('\n'));
    gh.setOutput(
      'component-count',
      docs.reduce((n, d) => n + d.componentCount, 0),
    );

    const sections: string[] = ['## SBOM\n'];
    for (const [i, doc] of docs.entries()) {
      const rows: Array<Array<string | number>> = Object.entries(doc.ecosystems).map(([eco, n]) => [eco, n]);
      rows.push(['**total**', doc.componentCount]);
      sections.push(
        `**${written[i]}** (${format}${doc.platform ? `, ${doc.platform}` : ''}) from ${doc.files.length ? doc.files.map((f) => `\`${f}\``).join(', ') : target}\n`,
        markdownTable(['Ecosystem', 'Components'], rows),
      );
      // No silent gaps: what the SBOM does not cover is listed under it (and written into it, and warned about).
      if (doc.gaps.length) {
        const shown = doc.gaps.slice(0, 50).map((g) => `- ${g.replace(/[<>]/g, '')}`);
        if (doc.gaps.length > shown.length)
          shown.push(`- … and ${doc.gaps.length - shown.length} more (see the SBOM's custody:gap entries)`);
        sections.push(`\n**Not covered** (${doc.gaps.length}):\n\n${shown.join('\n')}\n`);
      }
    }
    if (run?.run) {
      const repository = gh.env.GITHUB_REPOSITORY;
      if (!repository)
        throw new ActionError('ACTION_INPUT_INVALID', 'input dependency-snapshot needs the repository, and GITHUB_REPOSITORY is not set.', {
          hint: 'Submit dependency snapshots from a GitHub Actions job, or set dependency-snapshot: false.',
        });
      const token = githubToken(ctx);
      const api = githubApi(gh.env, { ...(token ? { token, tokenSource: GITHUB_TOKEN_SOURCE } : {}), logger: gh.logger });
      const body = dependencySnapshot(docs, run.run, { cwd: gh.cwd, clock: documentClock(gh.env) });
      const sent = await submitDependencySnapshot(api, repository, body);
      const packages = Object.values(body.manifests).reduce((n, m) => n + Object.keys(m.resolved).length, 0);
      gh.logger.info(
        `dependency snapshot ${sent.id} submitted to ${sent.repository} (${Object.keys(body.manifests).length} manifests, ${packages} packages; ${sent.result ?? 'no result'}${sent.message ? `: ${sent.message}` : ''})`,
      );
      sections.push(
        `\n**Dependency snapshot** ${sent.id} submitted to GitHub's dependency graph: ${Object.keys(body.manifests).length} manifests, ${packages} packages (${sent.result ?? 'no result'}).\n`,
      );
    }
    await gh.summary(sections.join('\n'));
  },
};

/** The file extension anchore/sbom-action gives a format. */
const SBOM_ACTION_EXTENSIONS: Record<SbomFormat, string> = { 'cyclonedx-json': 'cyclonedx.json', 'spdx-json': 'spdx.json' };

/**
 * The SBOM file when no output is given, named as anchore/sbom-action names its artifact: for an image, the image's
 * name without its registry host (`/` -> `-`, anything else not alphanumeric -> `_`); else `<repo>-<job>[-<step>]`
 * from GITHUB_REPOSITORY, GITHUB_JOB and the step's id (GITHUB_ACTION; the runner's automatic ids add no part but
 * their counter); then the format's extension (`.cyclonedx.json`, `.spdx.json`). Off a runner (no repository or
 * job), Custody's own default: sbom.cdx.json / sbom.spdx.json.
 */
export function sbomActionFile(format: SbomFormat, image: string | undefined, env: NodeJS.ProcessEnv): string {
  const extension = SBOM_ACTION_EXTENSIONS[format];
  if (image) {
    const parts = image.replace(/^(oci:\/\/|oci-layout:|oci-archive:|docker-archive:)/, '').split('/');
    if (parts.length > 2) parts.splice(0, 1);
    return `${parts.join('-').replace(/[^-a-zA-Z0-9]/g, '_')}.${extension}`;
  }
  const repo = env.GITHUB_REPOSITORY?.split('/')[1];
  const job = env.GITHUB_JOB;
  if (!repo || !job) return defaultSbomFile(format);
  const step = (env.GITHUB_ACTION ?? '').replace(/__[-_a-z]+/, '');
  return `${repo}-${job}${step ? `-${step}` : ''}.${extension}`;
}

/** Runs the action through @actions/core, for @github/local-action (the bundle starts it from index.ts instead). */
export function run(): Promise<void> {
  return runActionDefinition(action, actionsCoreToolkit);
}
