/**
 * `custody vex create|add|merge`: writing OpenVEX v0.2.0 documents in the manner of vexctl (create a document with
 * its first statement, add a statement, merge documents). The document model and its checks are @custody/verify's
 * (vex.ts); this module reads and writes the files.
 */
import { resolve } from 'node:path';
import { CustodyError, readBoundedFile, stableJson, systemClock, type Clock } from '@custody/core';
import {
  addStatement,
  createOpenVex,
  makeStatement,
  mergeOpenVex,
  readOpenVex,
  type OpenVexDocument,
  type VexStatement,
} from '@custody/verify';
import { AppInputError } from '../errors.js';
import { writeFileAtomic } from '../io/files.js';

export interface VexStatementOptions {
  vulnerability?: string;
  products: string[];
  subcomponents?: string[];
  status?: string;
  justification?: string;
  impact?: string;
  action?: string;
}

async function readVex(path: string, cwd: string): Promise<OpenVexDocument> {
  const full = resolve(cwd, path);
  let doc: unknown;
  try {
    doc = JSON.parse((await readBoundedFile(full, `VEX document ${path}`)).toString('utf8'));
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new AppInputError('ATTEST_INPUT_NOT_JSON', `${path} cannot be read as JSON (${(err as Error).message}).`, {
      location: full,
      hint: 'Give an OpenVEX JSON document (custody vex create writes one).',
      cause: err,
    });
  }
  return readOpenVex(doc, full);
}

function statement(o: VexStatementOptions, now: Date): VexStatement | undefined {
  if (!o.vulnerability && !o.status && o.products.length === 0) return undefined;
  if (!o.vulnerability || !o.status || o.products.length === 0)
    throw new AppInputError('VEX_STATEMENT_INCOMPLETE', 'a statement needs --vuln, --status and at least one --product.', {
      hint: 'e.g. --product pkg:oci/app@sha256:… --vuln CVE-2024-1234 --status not_affected --justification vulnerable_code_not_in_execute_path',
    });
  return makeStatement({
    vulnerability: o.vulnerability,
    products: o.products,
    status: o.status,
    now,
    ...(o.subcomponents?.length ? { subcomponents: o.subcomponents } : {}),
    ...(o.justification ? { justification: o.justification } : {}),
    ...(o.impact ? { impact: o.impact } : {}),
    ...(o.action ? { action: o.action } : {}),
  });
}

async function write(doc: OpenVexDocument, output: string | undefined, cwd: string): Promise<string> {
  const text = stableJson(doc);
  if (output) await writeFileAtomic(resolve(cwd, output), text);
  return text;
}

/** vex create: a new document, with a first statement when one is given. Returns the JSON written. */
export async function vexCreate(
  o: VexStatementOptions & { author: string; id?: string; role?: string; output?: string; cwd: string; clock?: Clock },
): Promise<string> {
  const now = (o.clock ?? systemClock).now();
  const s = statement(o, now);
  const doc = createOpenVex({
    author: o.author,
    now,
    ...(o.id ? { id: o.id } : {}),
    ...(o.role ? { role: o.role } : {}),
    statements: s ? [s] : [],
  });
  return write(doc, o.output, o.cwd);
}

/** vex add: one statement added to a document (written back in place unless --output names another file). */
export async function vexAdd(o: VexStatementOptions & { document: string; output?: string; cwd: string; clock?: Clock }): Promise<string> {
  const now = (o.clock ?? systemClock).now();
  const doc = await readVex(o.document, o.cwd);
  const s = statement(o, now);
  if (!s)
    throw new AppInputError('VEX_STATEMENT_INCOMPLETE', 'nothing to add: give --vuln, --status and --product.', {
      hint: 'e.g. custody vex add DOC --product pkg:npm/x@1.0.0 --vuln CVE-2024-1234 --status fixed',
    });
  return write(addStatement(doc, s, now), o.output ?? o.document, o.cwd);
}

/** vex merge: the statements of several documents in one new document. */
export async function vexMerge(o: {
  documents: string[];
  author: string;
  id?: string;
  output?: string;
  cwd: string;
  clock?: Clock;
}): Promise<string> {
  const now = (o.clock ?? systemClock).now();
  const docs = [];
  for (const d of o.documents) docs.push(await readVex(d, o.cwd));
  return write(mergeOpenVex(docs, { author: o.author, now, ...(o.id ? { id: o.id } : {}) }), o.output, o.cwd);
}
