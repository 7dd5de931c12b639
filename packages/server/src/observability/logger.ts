import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * Paths removed from every log line. Request bodies (prompts, documents) and credentials
 * never reach the logs; code logging something must log categories and counts instead.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["api-key"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'req.body',
  'request.body',
  'body',
  'payload',
  'messages',
  'prompt',
  'input',
  'text',
  'content',
  'apiKey',
  'key',
];

export interface LoggerSettings {
  level?: string;
  /** Where lines go (tests capture them); default stdout. */
  destination?: pino.DestinationStream;
  /** Log to stderr instead (CLI commands whose stdout is their result, e.g. --json). */
  stderr?: boolean;
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'rempart' },
  };
  const destination = settings.destination ?? (settings.stderr ? pino.destination(2) : undefined);
  return destination ? pino(options, destination) : pino(options);
}
