export * from './objects.js';
export * from '../kit/yaml.js';
export * from './atomic.js';
export * from './plain.js';
