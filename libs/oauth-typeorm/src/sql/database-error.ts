import { QueryFailedError } from 'typeorm';

/**
 * A failed query, stripped down. TypeORM's QueryFailedError carries the SQL parameters (access and
 * refresh tokens, PKCE verifiers, state values), pg's error carries row values in `detail`, and some
 * MySQL messages quote the offending value; any `console.error(error)` would print them. This keeps
 * only the driver's message, with quoted values removed, and its error code.
 */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';

  constructor(
    message: string,
    /** The driver's code: a PostgreSQL SQLSTATE (`23505`), a MySQL code (`ER_DUP_ENTRY`) or a SQLite code. */
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

/**
 * MySQL quotes the value in some messages ("Duplicate entry 'secret' for key …", "Incorrect datetime
 * value: 'x' for column …"): the value may be a token or a state, so it is cut out.
 */
function withoutQuotedValues(message: string): string {
  return message
    .replace(/Duplicate entry '.*' for key/s, 'Duplicate entry (value removed) for key')
    .replace(/value: '.*?' for column/s, 'value (removed) for column');
}

/** QueryFailedError becomes a DatabaseError; anything else (our OAuthErrors, work's errors) passes. */
export function sanitizeDatabaseError(error: unknown): unknown {
  return error instanceof QueryFailedError
    ? new DatabaseError(withoutQuotedValues(error.message), driverCodeOf(error))
    : error;
}

const UNIQUE_VIOLATION_CODES = new Set([
  '23505',
  'ER_DUP_ENTRY',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof DatabaseError && error.driverCode !== undefined && UNIQUE_VIOLATION_CODES.has(error.driverCode);
}
