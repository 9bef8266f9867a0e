/**
 * Test setup. Property tests explore new random cases on every local run (a failure prints
 * its seed); under CI=true they use one fixed seed so that a CI run is reproducible.
 */
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: 20261128 });
