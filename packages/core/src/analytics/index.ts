export * from './descriptive/index.js';
export * from './outliers/index.js';
export * from './hypothesis/index.js';
export * from './importance/index.js';
export * from './failures/index.js';
export * from './curves/index.js';
export * from './query/index.js';
