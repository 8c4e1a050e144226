import { formatLimit, LimitError, limits } from '@custody/core';
import type { Component } from '../model.js';
import { parsePomProperties } from './lang.js';
import { bufferAccess, listZip, readZipEntry } from './zip.js';
import type { RandomAccess } from './zip.js';

const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const NESTED_JAR = /\.(jar|war|ear)$/i;
/** Nested jars (Spring Boot BOOT-INF/lib, WEB-INF/lib) up to this size are opened in memory, one at a time. */
const MAX_NESTED = 16 << 20;

/**
 * What one jar and everything nested in it may cost, shared by the whole tree (a zip bomb multiplies work by
 * nesting: 16 copies of 16 copies of …). Depth: how many levels of jars in jars are opened; entries: entries listed
 * at every level together; bytes: bytes inflated at every level together.
 */
export interface JarBudget {
  where: string;
  maxDepth: number;
  entriesLeft: number;
  bytesLeft: number;
}

const UNBOUNDED: Omit<JarBudget, 'where'> = { maxDepth: 2, entriesLeft: Number.MAX_SAFE_INTEGER, bytesLeft: Number.MAX_SAFE_INTEGER };

/**
 * Maven coordinates of a jar and of the jars nested in it (pom.properties only: no guessing from file names).
 * A budget bounds the tree; going past one of its bounds throws LimitError (LIMIT_ARCHIVE_DEPTH,
 * LIMIT_ARCHIVE_ENTRIES, LIMIT_LAYER_BYTES). A damaged nested jar hides only its own packages.
 */
export async function readJar(
  ra: RandomAccess,
  depth = 0,
  nestedIn?: string,
  budget: JarBudget = { where: 'jar', ...UNBOUNDED },
): Promise<Component[]> {
  const out: Component[] = [];
  const entries = await listZip(ra);
  budget.entriesLeft -= entries.length;
  if (budget.entriesLeft < 0) {
    throw new LimitError(
      'archiveEntries',
      `${budget.where}${nestedIn ? `!${nestedIn}` : ''}: the jar and the jars nested in it list more entries than the limit allows.`,
    );
  }
  const inflate = async (e: (typeof entries)[number], max: number): Promise<Buffer> => {
    const data = await readZipEntry(ra, e, max);
    budget.bytesLeft -= data.length;
    if (budget.bytesLeft < 0) {
      throw new LimitError(
        'layerBytes',
        `${budget.where}: the jar and the jars nested in it inflate to more than ${formatLimit('layerBytes', limits().layerBytes)}.`,
      );
    }
    return data;
  };
  for (const e of entries) {
    if (POM_PROPERTIES.test(e.name)) {
      const c = parsePomProperties((await inflate(e, 1 << 20)).toString('utf8'));
      if (c) {
        if (nestedIn) c.properties = { ...c.properties, 'custody:java:nested-in': nestedIn };
        out.push(c);
      }
    } else if (NESTED_JAR.test(e.name) && e.size <= MAX_NESTED) {
      const name = nestedIn ? `${nestedIn}!${e.name}` : e.name;
      if (depth + 1 > budget.maxDepth) {
        throw new LimitError('archiveDepth', `${budget.where}!${name}: jars are nested more than ${budget.maxDepth} deep.`);
      }
      let inner: Buffer;
      try {
        inner = await inflate(e, MAX_NESTED);
      } catch (err) {
        if (err instanceof LimitError) throw err;
        continue; // a damaged nested jar hides only its own packages
      }
      try {
        out.push(...(await readJar(bufferAccess(inner), depth + 1, name, budget)));
      } catch (err) {
        if (err instanceof LimitError) throw err;
      }
    }
  }
  return out;
}
