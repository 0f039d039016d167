import type { LoggerService, LogLevel } from '@nestjs/common';

export interface CapturedLogLine {
  level: LogLevel;
  /** The message and every extra parameter (context, stack), flattened to one string. */
  text: string;
}

function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A Nest LoggerService that records every line, so a test can assert what the library logs (and, above all,
 * what it never logs: codes, tokens, secrets). Install it with `app.useLogger(capture)`.
 */
export class LogCapture implements LoggerService {
  readonly lines: CapturedLogLine[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.record('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.record('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.record('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.record('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.record('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.record('fatal', message, rest);
  }

  clear(): void {
    this.lines.length = 0;
  }

  /** Lines containing any of the given values (an empty value never matches). */
  linesContaining(values: readonly string[]): CapturedLogLine[] {
    const needles = values.filter((value) => value !== '');
    return this.lines.filter((line) => needles.some((needle) => line.text.includes(needle)));
  }

  /** The parsed JSON payloads of warning lines whose event is `event` (the library logs JSON objects). */
  warningEvents(event: string): Record<string, unknown>[] {
    const events: Record<string, unknown>[] = [];
    for (const line of this.lines) {
      if (line.level !== 'warn' || !line.text.includes(event)) continue;
      const parsed = parseJsonPrefix(line.text);
      if (parsed !== null && parsed['event'] === event) events.push(parsed);
    }
    return events;
  }

  private record(level: LogLevel, message: unknown, rest: unknown[]): void {
    this.lines.push({ level, text: [message, ...rest].map(flatten).join(' ') });
  }
}

/** The message is the first part of the flattened line; the Nest context follows after a space. */
function parseJsonPrefix(text: string): Record<string, unknown> | null {
  const end = text.lastIndexOf('}');
  if (!text.startsWith('{') || end < 0) return null;
  try {
    const parsed: unknown = JSON.parse(text.slice(0, end + 1));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
