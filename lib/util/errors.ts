/**
 * Errors for bad input: a message that names the offending value and says how to fix it. The CLI prints
 * an `InputError` as one line without a stack trace; any other error is a bug and keeps its stack.
 * @module
 */

/** Invalid user input (a path, a parameter, a file's content): the message names the value and the fix. */
export class InputError extends Error {
  override name = "InputError";
}
