export * from './plot-spec.js';
export * from './plot-plugin.js';
export * from './shared/series-style.js';
export * from './shared/build-legend.js';
export * from './shared/categorical-axis.js';
export * from './shared/create-plot-spec.js';
export * from './plot-spec-json-schema.js';
export * from './builtin-plots.js';
