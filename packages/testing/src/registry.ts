// The Debian docker-registry launcher for tests. Filled in by the OCI work.
export {};
