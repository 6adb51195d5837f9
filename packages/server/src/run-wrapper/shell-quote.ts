/** Shows an argv the way a user would type it into a POSIX shell, for the run's stored command. */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Joins `argv` with spaces, single-quoting any argument a shell would split or expand: `python3 -c 'print(1)'`. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}

export function quoteArg(arg: string): string {
  if (SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
