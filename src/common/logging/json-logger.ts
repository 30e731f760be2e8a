import { LoggerService } from '@nestjs/common';
import { LOG_LEVELS, LogLevelName } from '../config/app-config.js';
import { currentRequestId } from './request-context.js';

type Level = LogLevelName | 'fatal';

/**
 * One JSON object per line on stdout (errors on stderr), each with the request id of the request
 * it was written under, so a log pipeline can group all lines of one request.
 */
export class JsonLogger implements LoggerService {
  private readonly enabled: Set<Level>;

  constructor(level: LogLevelName = 'log') {
    const upTo = LOG_LEVELS.indexOf(level);
    this.enabled = new Set<Level>(['fatal', ...LOG_LEVELS.slice(0, upTo + 1)]);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  isEnabled(level: Level): boolean {
    return this.enabled.has(level);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    if (!this.enabled.has(level)) return;
    // Nest passes (message, context) or (message, stack, context) for errors.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      context,
      request_id: currentRequestId(),
    };
    if (message instanceof Error) {
      line.msg = message.message;
      line.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(line, message);
    } else {
      line.msg = String(message);
    }
    if (typeof rest[0] === 'string' && level === 'error') line.stack = rest[0];
    const text = JSON.stringify(line) + '\n';
    if (level === 'error' || level === 'fatal') process.stderr.write(text);
    else process.stdout.write(text);
  }
}
