/**
 * The one parser of the JSON that programs answer (k3d, kubectl, helm): the text parsed and checked
 * against a schema, so a program that prints something else fails with one line naming the command.
 */
import type { z } from 'zod';
import { AfcError } from '../errors.js';

export interface AnswerOptions {
  /**
   * The error when the answer is not JSON.
   * @default "`COMMAND` did not print JSON: check that the right program is on PATH"
   */
  readonly notJson?: string;
}

/** Parses a program's JSON answer against a schema; a mismatch names the command. */
export function parseAnswer<T>(text: string, schema: z.ZodType<T>, command: string, opts: AnswerOptions = {}): T {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new AfcError(opts.notJson ?? `\`${command}\` did not print JSON: check that the right program is on PATH`);
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AfcError(`\`${command}\` printed unexpected JSON (at ${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data;
}
