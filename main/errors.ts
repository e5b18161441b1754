import type { ErrorCode } from '../preload/api';

/**
 * An error the service raises on purpose, with a code the transports pass on
 * and a message written for the person who will read it. Anything else that is
 * thrown is a bug and reaches the user as "internal".
 */
export class GlossError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'GlossError';
    this.code = code;
  }
}

export function notFound(what: string, id: string): GlossError {
  return new GlossError('not_found', `No ${what} has the id "${id}".`);
}
