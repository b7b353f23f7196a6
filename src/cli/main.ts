// The `nabla` command line: src/cli/bin.ts imports this file.
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
