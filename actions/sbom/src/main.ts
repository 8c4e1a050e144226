/** actions/sbom: inputs -> the same generateSbom the CLI runs -> files, outputs and a job summary. */
import { isAbsolute, resolve } from 'node:path';
import { markdownTable, runAction } from '@custody/github';
import { writeFileAtomic } from '../../../src/io/files.js';
import { defaultSbomFile, generateSbom, parseImageScope, parseSbomFormat, platformFile } from '../../../src/commands/sbom.js';

void runAction(async (gh) => {
  const format = parseSbomFormat(gh.input('format') || 'cyclonedx-json');
  const image = gh.input('image').trim();
  const target = image || gh.input('path').trim() || '.';
  const output = gh.input('output').trim() || defaultSbomFile(format);
  const exclude = gh.inputLines('exclude');
  const platform = gh.input('platform').trim();
  const scope = parseImageScope(gh.input('scope').trim());
  const docs = await generateSbom({
    target,
    format,
    ...(exclude.length ? { exclude } : {}),
    ...(platform ? { platform } : {}),
    ...(scope ? { scope } : {}),
    cwd: gh.cwd,
    env: gh.env,
    logger: gh.logger,
    isTTY: false,
  });

  const written: string[] = [];
  for (const doc of docs) {
    const file = docs.length > 1 && doc.platform ? platformFile(output, doc.platform) : output;
    await writeFileAtomic(isAbsolute(file) ? file : resolve(gh.cwd, file), doc.text);
    written.push(file);
    gh.logger.info(`wrote ${file}: ${doc.componentCount} components from ${doc.files.length} file(s)`);
  }
  gh.setOutput('sbom-path', written.join('\n'));
  gh.setOutput('component-count', docs.reduce((n, d) => n + d.componentCount, 0));

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
      if (doc.gaps.length > shown.length) shown.push(`- … and ${doc.gaps.length - shown.length} more (see the SBOM's custody:gap entries)`);
      sections.push(`\n**Not covered** (${doc.gaps.length}):\n\n${shown.join('\n')}\n`);
    }
  }
  await gh.summary(sections.join('\n'));
});
