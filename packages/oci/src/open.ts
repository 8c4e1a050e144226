import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RegistryClient, type RegistryClientOptions } from './client.js';
import { defaultLayoutImage, resolveImage, type ResolvedImage } from './image.js';
import { LayoutStore } from './layout.js';
import { parseLocation, type ImageLocation } from './reference.js';
import { RemoteStore, type OciStore } from './store.js';

export interface OpenOptions extends RegistryClientOptions {
  /** Directory that relative layout paths are resolved against. */
  cwd?: string;
  /** Create the layout when missing (writers). */
  createLayout?: boolean;
  /** Reuse clients (one per registry host) across calls: tokens are cached in them. */
  clients?: Map<string, RegistryClient>;
}

export interface OpenedImage {
  location: ImageLocation;
  store: OciStore;
  /** A tag or digest inside the store. */
  reference: string;
}

/**
 * Turns what the user wrote into a store and a reference. `oci-layout:DIR[@DIGEST]` and a directory holding an
 * `oci-layout` file are layouts; anything else is REGISTRY/REPO[:TAG][@DIGEST] (`oci://` prefix allowed).
 */
export async function openImage(text: string, options: OpenOptions = {}): Promise<OpenedImage> {
  let input = text;
  const cwd = options.cwd ?? process.cwd();
  if (
    !input.startsWith('oci-layout:') &&
    !input.startsWith('oci://') &&
    existsSync(join(resolve(cwd, input.replace(/@sha256:[0-9a-f]{64}$/, '')), 'oci-layout'))
  ) {
    input = `oci-layout:${input}`;
  }
  const location = parseLocation(input);
  if (location.kind === 'layout') {
    const store = await LayoutStore.open(resolve(cwd, location.dir), { create: Boolean(options.createLayout) });
    const reference = location.digest ?? (await defaultLayoutImage(store));
    return { location, store, reference };
  }
  const key = location.apiHost;
  let client = options.clients?.get(key);
  if (!client) {
    client = new RegistryClient(location.apiHost, options, location.registry);
    options.clients?.set(key, client);
  }
  return { location, store: new RemoteStore(client, location.repository), reference: location.digest ?? location.tag ?? 'latest' };
}

/** openImage + resolveImage: the image resolved to its digest, once. */
export async function openAndResolve(text: string, options: OpenOptions = {}): Promise<ResolvedImage> {
  const opened = await openImage(text, options);
  return resolveImage(opened.store, opened.reference, text);
}
