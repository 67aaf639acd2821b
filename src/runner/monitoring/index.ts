export * from './defaults.js';
export * from './prometheus.js';
export * from './builtin.js';
