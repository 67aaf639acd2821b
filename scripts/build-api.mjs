// Builds the public API (src/api.ts, see its header) into lib/: JavaScript and .d.ts files, compiled
// by tsc with tsconfig.api.json. Run by `npm pack` (prepack); package.json's `exports` point at it.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(join(root, 'lib'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.api.json')], { cwd: root, stdio: 'inherit', timeout: 600_000 });
