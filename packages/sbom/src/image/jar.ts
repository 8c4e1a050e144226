import type { Component } from '../model.js';
import { parsePomProperties } from './lang.js';
import { bufferAccess, listZip, readZipEntry } from './zip.js';
import type { RandomAccess } from './zip.js';

const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const NESTED_JAR = /\.(jar|war|ear)$/i;
/** Nested jars (Spring Boot BOOT-INF/lib, WEB-INF/lib) up to this size are opened in memory, one at a time. */
const MAX_NESTED = 32 << 20;

/** Maven coordinates of a jar and of the jars nested in it (pom.properties only: no guessing from file names). */
export async function readJar(ra: RandomAccess, depth = 0, nestedIn?: string): Promise<Component[]> {
  const out: Component[] = [];
  for (const e of await listZip(ra)) {
    if (POM_PROPERTIES.test(e.name)) {
      const c = parsePomProperties((await readZipEntry(ra, e, 1 << 20)).toString('utf8'));
      if (c) {
        if (nestedIn) c.properties = { ...c.properties, 'custody:java:nested-in': nestedIn };
        out.push(c);
      }
    } else if (depth < 2 && NESTED_JAR.test(e.name) && e.size <= MAX_NESTED) {
      try {
        const inner = await readZipEntry(ra, e, MAX_NESTED);
        out.push(...(await readJar(bufferAccess(inner), depth + 1, nestedIn ? `${nestedIn}!${e.name}` : e.name)));
      } catch {
        // A damaged nested jar hides only its own packages.
      }
    }
  }
  return out;
}
