import type { LockfileReader } from '../model.js';
import { readers as npmReaders } from './group-npm.js';
import { readers as jsReaders } from './group-js.js';
import { readers as otherReaders } from './group-other.js';

/** Every lockfile reader, one module per ecosystem, grouped by who maintains them. */
export const readers: LockfileReader[] = [...npmReaders, ...jsReaders, ...otherReaders];
