// Minifies the lazy chunks of an ncc bundle. ncc minifies the entry it writes (dist/index.js, dist/cli.js) but leaves
// the chunks it splits off at dynamic imports (N.index.js) as webpack wrote them: whitespace, comments and long local
// names, about twice their minified size. Each chunk goes through ncc once more, as an entry of its own, which minifies
// it with the same settings (terser: whitespace and local names). The result must still be the same chunk, else the
// chunk is kept as it was: the exports webpack's loader reads (id, ids, and modules with the same module ids), no
// asset of its own, and as many import.meta references (each resolves Node builtins or a file next to the bundle).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ncc = createRequire(import.meta.url)('@vercel/ncc');

const isChunk = (file) => /^\d+\.index\.js$/.test(file);
const count = (text, word) => text.split(word).length - 1;

/** Loads a chunk module (it only defines functions) and returns what webpack's loader reads of it. */
async function shape(file) {
  const m = await import(pathToFileURL(file).href);
  return JSON.stringify({ id: m.id, ids: m.ids, modules: Object.keys(m.modules ?? {}).sort() });
}

/**
 * Replaces, in `assets` (ncc's { file: { source } } map), each chunk's source by its minified form when that is
 * proved to be the same chunk (and smaller: a tiny chunk is not). Returns { before, after } in bytes and `kept`, the
 * chunks that could not be minified.
 */
export async function minifyChunks(assets) {
  const dir = mkdtempSync(join(tmpdir(), 'custody-chunks-'));
  // Chunks are ES modules (as the bundle's dist/package.json says); so must ncc read them.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  let before = 0;
  let after = 0;
  const kept = [];
  try {
    for (const [file, asset] of Object.entries(assets ?? {})) {
      if (!isChunk(file)) continue;
      const source = String(asset.source);
      before += Buffer.byteLength(source);
      const original = join(dir, file);
      writeFileSync(original, source);
      let minified;
      try {
        const { code, assets: extra } = await ncc(original, {
          minify: true,
          sourceMap: false,
          quiet: true,
          target: 'es2023',
          cache: false,
        });
        const own = Object.keys(extra ?? {}).filter((f) => f !== 'package.json');
        const candidate = join(dir, `min-${file}`);
        writeFileSync(candidate, code);
        if (
          own.length === 0 &&
          count(code, 'import.meta') === count(source, 'import.meta') &&
          (await shape(candidate)) === (await shape(original))
        ) {
          minified = code;
        }
      } catch {
        // kept as it is
      }
      if (minified === undefined) kept.push(file);
      else if (Buffer.byteLength(minified) < Buffer.byteLength(source)) asset.source = minified;
      after += Buffer.byteLength(String(asset.source));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { before, after, kept };
}
