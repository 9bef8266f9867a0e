/** Runs the CLI's `main()` in-process, as the CLI tests need it: output captured, errors caught. */
import { Readable } from 'node:stream';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** What one `main(argv)` call did: its exit code or the error it threw, and what it printed. */
export interface CliOutcome {
  readonly code?: number;
  readonly error?: unknown;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the call (ms). */
  readonly ms: number;
}

/**
 * `main(argv)` with stdout and stderr captured (and, when `stdin` is given, standard input
 * replaced by those chunks); a thrown error is returned, not rethrown.
 */
export async function callMain(argv: string[], stdin?: readonly string[]): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const stdinSpy = stdin ? vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from(stdin) as unknown as typeof process.stdin) : undefined;
  const started = performance.now();
  try {
    return { code: await main(argv), stdout, stderr, ms: performance.now() - started };
  } catch (error) {
    return { error, stdout, stderr, ms: performance.now() - started };
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
    stdinSpy?.mockRestore();
  }
}

/** `main(argv)` for a command that must succeed: its exit code and stdout (a thrown error is rethrown). */
export async function capture(argv: string[]): Promise<{ code: number; stdout: string }> {
  const outcome = await callMain(argv);
  if (outcome.error !== undefined) throw outcome.error;
  return { code: outcome.code as number, stdout: outcome.stdout };
}
