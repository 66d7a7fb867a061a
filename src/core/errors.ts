/**
 * An error in the user's input: a scenario, dataset or plan file, or a flag.
 * The CLI prints `message` alone (no stack trace) and exits with code 2.
 * The message names where (file, line/column or row and field), what was
 * expected and what was found, so a planner can fix the file without reading code.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(message: string) {
    super(message);
  }
}
