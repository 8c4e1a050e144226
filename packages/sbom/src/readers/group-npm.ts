import type { LockfileReader } from '../model.js';
import { npmReader } from './npm.js';

export const readers: LockfileReader[] = [npmReader];
