/**
 * Image references are parsed by @custody/core (one parser for every package); what only the transport needs is
 * here.
 */
export { parseReference, parseLayoutReference, parseLocation, formatReference, formatLocation, isValidTag } from '@custody/core';
export type { ImageReference, LayoutReference, ImageLocation } from '@custody/core';

/** Plain http is used for loopback registries only, unless the caller opts in with `insecure`. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '127.0.0.1' || name === '::1' || name.endsWith('.localhost');
}
