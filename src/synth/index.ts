export * from './objects.js';
export * from './yaml.js';
export * from './atomic.js';
export * from './plain.js';
