export * from './builtin.js';
