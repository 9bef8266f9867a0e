#!/usr/bin/env node
/**
 * Entry point of the `actlab` executable: runs {@link main} and turns errors into one line on
 * stderr — exit status 2 for bad input, 1 for anything unexpected — never a stack trace.
 * @module
 */
import { ActlabError, ForeignConventionError } from '../errors.js';
import { inCliTerms, oneLine } from './format.js';
import { main } from './main.js';

// A closed pipe (`actlab list | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ActlabError) {
    const message = error instanceof ForeignConventionError ? inCliTerms(error) : error.message;
    process.stderr.write(`actlab: ${oneLine(message)}\n`);
    process.exitCode = 2;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`actlab: internal error: ${oneLine(message)}\n`);
    process.exitCode = 1;
  }
}
