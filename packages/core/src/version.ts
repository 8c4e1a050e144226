/** Custody's version, written into SBOM tool metadata and provenance. Kept equal to package.json by a test. */
export const CUSTODY_VERSION = '0.1.0';
export const CUSTODY_NAME = 'custody';
export const CUSTODY_URL = 'https://github.com/custody-dev/custody';
