import type { CiContext } from '../context.js';

/** No CI detected: a developer machine (or an unsupported CI). Git facts come from the capture, not from here. */
export function detectLocal(): CiContext {
  return {
    platform: 'local',
    pipeline: {},
    runner: { kind: 'self-hosted' },
    event: { name: 'manual', isPullRequest: false },
    extra: {},
  };
}
