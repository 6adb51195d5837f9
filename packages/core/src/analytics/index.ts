export * from './descriptive/index.js';
export * from './outliers/index.js';
export * from './hypothesis/index.js';
