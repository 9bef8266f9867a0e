/**
 * Test setup. Property tests explore new random cases on every local run (a failure prints
 * its seed); under CI=true they use one fixed seed so that a CI run is reproducible.
 */
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: 20261128 });

// The formula reader, as every entry point installs it (test/formula-entries.test.ts checks that
// they do): unit tests import the registry module directly.
import '../src/formula/install.js';
