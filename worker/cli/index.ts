import { ConfigError, workerProcesses } from '../config';
import { startTracing, tracingRequested } from '../tracing';
import { helpText } from './help';
import { packageVersion } from './package-info';
import { copyTemplates } from './templates';

/** The `zeebe-aws-connectors` command: runs the worker, or one of the subcommands (see helpText). */
export async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        // WORKER_PROCESSES above 1: this process only supervises the worker processes (worker/supervisor.ts).
        if (workerProcesses(process.env) > 1) return (require('../supervisor') as typeof import('../supervisor')).supervise(process.env);
        // Before the worker's modules load: the AWS SDK instrumentation patches the SDK as it is required.
        if (tracingRequested(process.env)) startTracing(process.env);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require('../main') as typeof import('../main')).main(rest);
      case '--help': case '-h': case 'help':
        process.stdout.write(helpText());
        return;
      case '--version': case '-v': case 'version':
        process.stdout.write(`${packageVersion()}\n`);
        return;
      case 'check':
        // Required here: check loads the whole Camunda SDK, which the worker itself does not need.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        process.exitCode = await (require('./check') as typeof import('./check')).check(process.env, (line) => process.stdout.write(`${line}\n`), rest);
        // The SDK's gRPC channel may keep the process alive while it reconnects.
        process.exit();
        return;
      case 'templates': {
        if (!rest[0]) throw new UsageError('templates needs a folder: zeebe-aws-connectors templates DIR');
        for (const file of copyTemplates(rest[0])) process.stdout.write(`${file}\n`);
        return;
      }
      default:
        throw new UsageError(`unknown command '${command}' (see zeebe-aws-connectors --help)`);
    }
  } catch (error) {
    process.stderr.write(`zeebe-aws-connectors: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError || error instanceof UsageError ? 2 : 1);
  }
}

class UsageError extends Error {}

if (require.main === module) void run(process.argv.slice(2));
