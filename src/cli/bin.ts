#!/usr/bin/env node
/**
 * Entry point of the `actlab` executable: runs {@link main} and turns errors into one line on
 * stderr — exit status 2 for bad input, 1 for anything unexpected — never a stack trace. A
 * formula error adds two lines: the formula and a caret under the column it names.
 * @module
 */
import { ActlabError, ForeignConventionError, FormulaError } from '../errors.js';
import { formulaPointer, inCliTerms, oneLine } from './format.js';
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
    // A formula error also shows the formula with a caret under the column.
    if (error instanceof FormulaError) for (const line of formulaPointer(error)) process.stderr.write(`${line}\n`);
    process.exitCode = 2;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`actlab: internal error: ${oneLine(message)}\n`);
    process.exitCode = 1;
  }
}
