/** The `actlab run` command that repeats a panel's run in a terminal (no DOM: the Node tests read it too). */

/** A word for a POSIX shell: as it is when plain, else in single quotes (a formula's `*`, `(`, spaces). */
export function shellWord(text: string): string {
  return /^[\w.,:=+\-/]*$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command line for `experiment` with these settings, each `--set` quoted for a POSIX shell when it needs it. */
export function cliCommand(experiment: string, seed: number, rng: string, set: Record<string, string>): string {
  const parts = ['actlab run', experiment, `--seed ${seed}`, `--rng ${rng}`, ...Object.entries(set).map(([k, v]) => `--set ${shellWord(`${k}=${v}`)}`)];
  return parts.join(' ');
}
