#!/usr/bin/env node
// cachetopo's executable: the only place that touches process.argv and the exit code.
import { hideBin } from 'yargs/helpers';
import { runCli } from './cli.js';
process.exitCode = await runCli(hideBin(process.argv));
//# sourceMappingURL=main.js.map