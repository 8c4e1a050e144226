/** The part of js-yaml 4 (which ships no types) that the manifest reader uses. */
declare module 'js-yaml' {
  export interface Mark {
    line: number;
    column: number;
    position: number;
  }
  export class YAMLException extends Error {
    reason: string;
    mark?: Mark;
  }
  export const JSON_SCHEMA: unknown;
  export function load(text: string, options?: { schema?: unknown; filename?: string; maxDepth?: number; json?: boolean }): unknown;
}
