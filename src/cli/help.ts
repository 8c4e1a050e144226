import type { CommandSpec, OptionSpec } from './spec.js';

export function optionLabel(name: string, o: OptionSpec): string {
  const short = o.short ? `-${o.short}, ` : '    ';
  const value = o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : '';
  return `${short}--${name}${value}`;
}

function optionDetail(o: OptionSpec): string {
  const extra: string[] = [];
  if (o.multiple) extra.push('repeatable');
  if (o.default !== undefined && o.default !== false) extra.push(`default: ${String(o.default)}`);
  return extra.length ? `${o.description} (${extra.join('; ')})` : o.description;
}

export function commandHelp(spec: CommandSpec): string {
  const lines: string[] = [];
  lines.push(`custody ${spec.name} — ${spec.summary}`, '', 'Usage:');
  for (const u of spec.usage) lines.push(`  ${u}`);
  if (spec.description) lines.push('', ...spec.description.split('\n'));
  const opts = Object.entries(spec.options);
  lines.push('', 'Options:');
  const all: Array<[string, string]> = opts.map(([n, o]) => [optionLabel(n, o), optionDetail(o)]);
  all.push(['-h, --help', 'Show this help.']);
  const width = Math.min(34, Math.max(...all.map(([l]) => l.length)) + 2);
  for (const [label, detail] of all) {
    lines.push(label.length + 2 > width ? `  ${label}\n  ${' '.repeat(width)}${detail}` : `  ${label.padEnd(width)}${detail}`);
  }
  if (spec.examples.length) {
    lines.push('', 'Examples:');
    for (const [cmd, says] of spec.examples) lines.push(`  # ${says}`, `  ${cmd}`, '');
    lines.pop();
  }
  return `${lines.join('\n')}\n`;
}

export function mainHelp(commands: CommandSpec[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 4;
  const lines = [
    `custody ${version} — supply-chain provenance for any CI`,
    '',
    'Usage: custody <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Global options:',
    '  -h, --help       Show help (also after a command: custody sbom --help).',
    '  -V, --version    Print the version.',
    '',
    'Exit codes: 0 success or policy passed; 1 verification or policy failed; 2 usage, input or infrastructure error.',
    '',
    'Examples:',
    '  custody sbom . --output sbom.cdx.json',
    '  custody attest --subject dist/app.tgz --provenance --key cosign.key',
    '  custody verify dist/app.tgz --bundle app.tgz.sigstore.json --key cosign.pub',
  ];
  return `${lines.join('\n')}\n`;
}
