import {
  METHOD_NAMES,
  describeInputError,
  inputSchemas,
  type MethodName,
  type MethodResults,
  type Result,
} from '../preload/api';
import { GlossError } from './errors';
import type { ServiceMethods } from './service';

/**
 * The one place where outside input meets the service. Every transport (IPC,
 * HTTP, CLI) hands over a method name and an `unknown` payload; this parses it
 * with the contract's schema, calls the service, and turns every outcome into
 * a Result value. Nothing is thrown back across a boundary.
 */
function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

export async function dispatch(
  service: ServiceMethods,
  method: unknown,
  payload: unknown,
  log: (message: string, error: unknown) => void = defaultLog,
): Promise<Result<MethodResults[MethodName]>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `Gloss has no method called "${String(method).slice(0, 80)}".` } };
  }
  const parsed = inputSchemas[method].safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_input', message: `${method}: ${describeInputError(parsed.error)}` } };
  }
  try {
    const handler = service[method] as (input: unknown) => Promise<MethodResults[MethodName]>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof GlossError) return { ok: false, error: { code: error.code, message: error.message } };
    log(`gloss: ${method} failed unexpectedly`, error);
    return { ok: false, error: { code: 'internal', message: `Something went wrong in ${method}. Your data was not changed.` } };
  }
}

function defaultLog(message: string, error: unknown): void {
  console.error(message, error);
}
