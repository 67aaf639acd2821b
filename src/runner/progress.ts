// moved to src/kit (issue 22); shim removed once every branch has landed
export * from '../kit/progress.js';
