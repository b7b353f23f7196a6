// The `nabla` command line: bin/nabla.js imports this file.
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
