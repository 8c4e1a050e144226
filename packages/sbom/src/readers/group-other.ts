import type { LockfileReader } from '../model.js';

export const readers: LockfileReader[] = [];
