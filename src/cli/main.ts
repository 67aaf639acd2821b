/** ESM entry point of the CLI (e.g. `tsx src/cli/main.ts`). The bundle (scripts/build.mjs → build/afc.cjs) exports `run` as `main`; bin/afc calls it. */
import { run } from './index.js';

process.exitCode = await run(process.argv.slice(2));
