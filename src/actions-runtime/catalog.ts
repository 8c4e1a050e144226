/** Where each action's metadata lives: actions/<name>/action.yml, and the one-step action's at the repository root. */
export interface ActionLocation {
  /** The directory under actions/ holding src/main.ts and dist/. */
  name: string;
  /** action.yml, relative to the repository root. */
  yml: string;
}

export const actionLocations: ActionLocation[] = [
  { name: 'custody', yml: 'action.yml' },
  { name: 'sbom', yml: 'actions/sbom/action.yml' },
  { name: 'capture', yml: 'actions/capture/action.yml' },
  { name: 'attest', yml: 'actions/attest/action.yml' },
  { name: 'verify', yml: 'actions/verify/action.yml' },
  { name: 'setup', yml: 'actions/setup/action.yml' },
];
