/**
 * The union filesystem view over the layers scanned so far, restricted to the findings: whiteouts
 * (`.wh.NAME`), opaque directories (`.wh..wh..opq`) and overwrites in a higher layer hide findings of lower ones.
 * With `keepHidden` (all-layers scope) hidden findings are kept, marked with the layer that hid them.
 */
import type { Finding } from './finders.js';

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';

export class FindingView {
  private readonly visible = new Map<string, Finding>();
  /** Directory -> number of visible findings below it: a whiteout of an unrelated path costs a map lookup. */
  private readonly dirs = new Map<string, number>();
  readonly hidden: Finding[] = [];

  constructor(
    private readonly keepHidden: boolean,
    private readonly onDrop: (f: Finding) => void = () => {},
  ) {}

  /** Applies one tar entry of layer `layer` (before its finding, if any, is added). */
  entry(path: string, isDir: boolean, layer: number): void {
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    if (name.startsWith(WHITEOUT_PREFIX)) {
      const parent = slash >= 0 ? path.slice(0, slash) : '';
      if (name === OPAQUE_MARKER) this.hideUnder(parent, layer);
      else {
        const target = (parent ? `${parent}/` : '') + name.slice(WHITEOUT_PREFIX.length);
        this.hide(target, layer);
        this.hideUnder(target, layer);
      }
      return;
    }
    // A file (or link) replaces whatever was at its path, including a directory and all below it;
    // a directory replaces a file but merges with a directory.
    this.hide(path, layer);
    if (!isDir) this.hideUnder(path, layer);
  }

  add(f: Finding): void {
    const old = this.visible.get(f.path);
    if (old) this.drop(old, f.layer);
    this.visible.set(f.path, f);
    this.count(f.path, 1);
  }

  isWhiteout(path: string): boolean {
    return path.slice(path.lastIndexOf('/') + 1).startsWith(WHITEOUT_PREFIX);
  }

  findings(): Finding[] {
    return [...this.visible.values()];
  }

  all(): Finding[] {
    return [...this.hidden, ...this.visible.values()].sort((a, b) => a.layer - b.layer || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private hide(path: string, layer: number): void {
    const f = this.visible.get(path);
    if (f && f.layer < layer) this.drop(f, layer);
  }

  private hideUnder(dirPath: string, layer: number): void {
    if (dirPath !== '' && !this.dirs.has(dirPath)) return;
    const prefix = dirPath === '' ? '' : `${dirPath}/`;
    for (const f of [...this.visible.values()]) if (f.layer < layer && f.path.startsWith(prefix)) this.drop(f, layer);
  }

  private drop(f: Finding, layer: number): void {
    this.visible.delete(f.path);
    this.count(f.path, -1);
    f.hiddenBy = layer;
    if (this.keepHidden) this.hidden.push(f);
    else this.onDrop(f);
  }

  private count(path: string, delta: number): void {
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
      const d = path.slice(0, i);
      const n = (this.dirs.get(d) ?? 0) + delta;
      if (n > 0) this.dirs.set(d, n);
      else this.dirs.delete(d);
    }
  }
}
