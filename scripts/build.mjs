// Bundles the CLI into build/afc.mjs (one file, so start-up does not walk node_modules), with the
// runner commands split into lazily loaded chunks. Run by `npm ci` (prepare) and `npm test`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../build', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { afc: 'src/cli/main.ts' },
  outdir: 'build',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Lets CommonJS dependencies (cdk8s, constructs) call require() for node built-ins inside the ESM bundle.
  banner: { js: "import { createRequire as __afcCreateRequire } from 'node:module'; const require = __afcCreateRequire(import.meta.url);" },
});
