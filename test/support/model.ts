/** Test helpers for the model: what resolveValues says of given inputs. */
import { builtinPlatforms } from '../../platforms/index.js';
import { AfcError, AfcValidationError } from '../../src/errors.js';
import { resolveValues, type ValuesOptions } from '../../src/model/index.js';

/**
 * The problems resolveValues (with the built-in platforms) reports for the given inputs, none when they
 * are valid: each problem of an AfcValidationError, or the one message of another AfcError (an unknown
 * platform, an unreadable values file). Any other error is thrown: it is a bug, not a refusal.
 */
export function problems(opts: ValuesOptions): string[] {
  try {
    resolveValues(opts, builtinPlatforms);
    return [];
  } catch (e) {
    if (e instanceof AfcValidationError) return [...e.problems];
    if (e instanceof AfcError) return [e.message];
    throw e;
  }
}
