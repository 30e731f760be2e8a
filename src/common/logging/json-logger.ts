import { LoggerService } from '@nestjs/common';
import { LOG_LEVELS, LogLevelName } from '../config/app-config.js';
import { currentRequestId } from './request-context.js';

type Level = LogLevelName | 'fatal';

/** Nest's start-up chatter (one line per module and per route): debug, not the default log. */
const START_UP_DETAIL = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);
const RESERVED = new Set(['time', 'level', 'context', 'msg', 'stack']);

/**
 * One JSON object per line on stdout (errors on stderr), each with the request id of the request
 * it was written under, so a log pipeline can group all lines of one request. `pretty` (LOG_FORMAT)
 * writes the same fields as one readable line for a console.
 */
export class JsonLogger implements LoggerService {
  private readonly enabled: Set<Level>;

  constructor(
    level: LogLevelName = 'log',
    private readonly format: 'json' | 'pretty' = 'json',
  ) {
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
    // Nest passes (message, context) or (message, stack, context) for errors.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    if (level === 'log' && context && START_UP_DETAIL.has(context)) level = 'debug';
    if (!this.enabled.has(level)) return;
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
    const text = (this.format === 'pretty' ? pretty(line) : JSON.stringify(line)) + '\n';
    if (level === 'error' || level === 'fatal') process.stderr.write(text);
    else process.stdout.write(text);
  }
}

/** `12:00:01.123 WARN  [Http] request method=POST url=/api/login code=-1 ...` and the stack below. */
function pretty(line: Record<string, unknown>): string {
  const time = typeof line.time === 'string' ? line.time.slice(11, 23) : '';
  const level = String(line.level).toUpperCase().padEnd(5);
  const fields = Object.entries(line)
    .filter(([key, value]) => !RESERVED.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const context = typeof line.context === 'string' ? `[${line.context}]` : '';
  const msg = typeof line.msg === 'string' ? line.msg : JSON.stringify(line.msg ?? '');
  const head = [time, level, context, msg].filter((part) => part !== '').join(' ');
  const text = fields.length ? `${head} ${fields.join(' ')}` : head;
  return typeof line.stack === 'string' ? `${text}\n${line.stack}` : text;
}
