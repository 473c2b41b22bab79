import pino, { type Logger } from 'pino';
import type { SecretMasker } from './secrets';

/** JSON logs on stdout; every line passes the masker, so a secret value never reaches the log. */
export function createLogger(level: string, masker: SecretMasker, destination: pino.DestinationStream = process.stdout): Logger {
  return pino(
    {
      level,
      base: { service: 'zeebe-aws-connectors' },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: (line) => masker.maskText(line) },
    },
    destination,
  );
}
