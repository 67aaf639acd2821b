/** Entry point of the bundled CLI (build/afc.mjs). */
import { run } from './index.js';

process.exitCode = await run(process.argv.slice(2));
