/** Kept in step with packages/server/package.json by a test. */
export const RUNLENS_VERSION = '0.1.0';
