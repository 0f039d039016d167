import { QueryFailedError } from 'typeorm';

/**
 * A failed query, stripped down. TypeORM's QueryFailedError carries the SQL parameters (access and
 * refresh tokens, PKCE verifiers, state values) and pg's error carries row values in `detail`; any
 * `console.error(error)` would print them. This keeps only the driver's message, which names
 * constraints and types but not values, and its error code.
 */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';

  constructor(
    message: string,
    /** The driver's code: a PostgreSQL SQLSTATE (`23505`) or a SQLite code (`SQLITE_CONSTRAINT_UNIQUE`). */
    readonly driverCode: string | undefined,
  ) {
    super(message);
  }
}

function driverCodeOf(error: QueryFailedError): string | undefined {
  const driverError: unknown = error.driverError;
  if (typeof driverError === 'object' && driverError !== null && 'code' in driverError) {
    return typeof driverError.code === 'string' ? driverError.code : undefined;
  }
  return undefined;
}

/** QueryFailedError becomes a DatabaseError; anything else (our OAuthErrors, work's errors) passes. */
export function sanitizeDatabaseError(error: unknown): unknown {
  return error instanceof QueryFailedError ? new DatabaseError(error.message, driverCodeOf(error)) : error;
}

const UNIQUE_VIOLATION_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof DatabaseError && error.driverCode !== undefined && UNIQUE_VIOLATION_CODES.has(error.driverCode);
}
