import type { ImporterPlugin } from './importer.js';

/** The importers that ship with runlens, in the order `runlens import --help` lists them. */
export const BUILTIN_IMPORTERS: ImporterPlugin[] = [];
