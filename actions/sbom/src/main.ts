/**
 * actions/sbom: its inputs are custody sbom's options (declared with their flags in src/verbs/sbom.ts) and the
 * target (path or image); run() maps them through the same sbomOptions() the CLI uses to generateSbom(), then
 * writes the files, outputs and a job summary. index.ts (the bundle's entry) starts it; @github/local-action
 * imports it.
 */
import { isAbsolute, resolve } from 'node:path';
import { actionsCoreToolkit, markdownTable } from '@custody/github';
import { sbomOptions, sbomVerb } from '../../../src/verbs/sbom.js';
import { writeFileAtomic } from '../../../src/io/files.js';
import { defaultSbomFile, generateSbom, platformFile } from '../../../src/commands/sbom.js';
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
    const target = ctx.input('image') ?? ctx.input('path') ?? '.';
    const output = r.str('output') ?? defaultSbomFile(format);
    const docs = await generateSbom({ ...options, target, cwd: gh.cwd, env: gh.env, logger: gh.logger, isTTY: false });

    const written: string[] = [];
    for (const doc of docs) {
      const file = docs.length > 1 && doc.platform ? platformFile(output, doc.platform) : output;
      await writeFileAtomic(isAbsolute(file) ? file : resolve(gh.cwd, file), doc.text);
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
    await gh.summary(sections.join('\n'));
  },
};

/** Runs the action through @actions/core, for @github/local-action (the bundle starts it from index.ts instead). */
export function run(): Promise<void> {
  return runActionDefinition(action, actionsCoreToolkit);
}
