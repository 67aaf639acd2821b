export * from './catalog.js';
export * from './plan.js';
export * from './facts.js';
export * from './run.js';
