/** Helpers for building options objects, shared by the faces and the commands. */

/**
 * `obj` without its undefined-valued keys: options objects built field by field (`{ san: r.str('x') }`) instead
 * of through `...(x ? { k: x } : {})`, for consumers that test a key's presence.
 */
export function defined<T extends object>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
