/**
 * The package's entry points as a dependent project sees them: `import` and `require` of
 * `actlab` and `actlab/node` resolve through package.json's exports map (a temporary project
 * whose node_modules/actlab links to this checkout). `require` of the ES module needs Node's
 * require(esm): unflagged from Node 20.19 and 22.12 (engines says >= 20; older 20.x need
 * `import`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const project = mkdtempSync(join(tmpdir(), 'actlab-dependent-'));
mkdirSync(join(project, 'node_modules'));
symlinkSync(ROOT, join(project, 'node_modules', 'actlab'), 'dir');
afterAll(() => rmSync(project, { recursive: true, force: true }));

function runIn(args: string[]) {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run "npm run build" (npm test does it first)');
  return spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8' });
}

const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const requireEsm = major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);

describe('package entry points from a dependent project', () => {
  it('import "actlab" and "actlab/node"', () => {
    const result = runIn([
      '--input-type=module',
      '-e',
      "import { activation } from 'actlab'; import { enableMatmulThreads } from 'actlab/node'; console.log(activation('gelu').f(-1), typeof enableMatmulThreads);",
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('-0.15865525393145705 function');
  });

  const requireBoth = "const { activation } = require('actlab'); const { enableMatmulThreads } = require('actlab/node'); console.log(activation('gelu').f(-1), typeof enableMatmulThreads);";

  it('require("actlab") and require("actlab/node") under Node 22 semantics (require(esm) on: Node ≥ 20.19 / 22.12)', () => {
    const result = runIn(['-e', requireBoth]);
    if (requireEsm) expect(result.stdout.trim()).toBe('-0.15865525393145705 function');
    else expect(result.stderr).toMatch(/ERR_REQUIRE_ESM/);
  });

  it('under older semantics (require(esm) off: Node < 20.19) require says ERR_REQUIRE_ESM, and import() still works from CommonJS', () => {
    if (!requireEsm) throw new Error(`Node ${process.versions.node} cannot switch require(esm) on or off; this test needs Node ≥ 20.19`);
    const off = runIn(['--no-experimental-require-module', '-e', requireBoth]);
    expect(off.status).not.toBe(0);
    expect(off.stderr).toMatch(/ERR_REQUIRE_ESM/);
    const dynamic = runIn(['--no-experimental-require-module', '-e', "import('actlab').then(({ activation }) => console.log(activation('gelu').f(-1)));"]);
    expect(dynamic.stderr).toBe('');
    expect(dynamic.stdout.trim()).toBe('-0.15865525393145705');
  });

  it('a path the exports map does not list is refused by Node, not served from src/', () => {
    const result = runIn(['--input-type=module', '-e', "import 'actlab/src/index.ts';"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});

describe('the root entry exports the documented surface, nothing internal', () => {
  it('no registry lookup tables, kernel routing lists or formatting helpers', async () => {
    const root = await import('../src/index.js');
    const names = Object.keys(root);
    for (const internal of [
      'normaliseName', 'canonicalParams', 'REFUSED_SPELLINGS', 'PARAM_RENAMES', 'REFUSED_PARAMS', 'REFUSED_EVERYWHERE',
      'DESCRIPTIVE_ALIASES', 'FRAMEWORK_SPELLINGS', 'deriveRefusedSpellings', 'frameworkMeaning', 'functionName',
      'WASM_KERNEL_IDS', 'WASM_KERNEL_IDS_FLOAT64', 'WASM_FORWARD_IDS_FLOAT64', 'COPY_CHUNK',
      'checkQuestion', 'checkVariance', 'formatAdviceNumber', 'formatValue', 'formatInterval', 'describeValue',
    ]) expect(names, internal).not.toContain(internal);
    // What README documents is there.
    for (const documented of [
      'activation', 'forward', 'backward', 'getActivation', 'listActivations', 'fromFramework', 'matmulTransposeB', 'loadKernels',
      'properties', 'gain', 'propagation', 'selfNormalizingConstants', 'advise', 'initStd', 'relu', 'gelu', 'leakyRelu', 'softmax',
    ]) expect(names, documented).toContain(documented);
  });
});

describe('one name, one meaning across entry points', () => {
  it('a name exported by two entry points is the same value in both (root and actlab/activations excepted: functions vs definition objects, by design)', () => {
    const script = `
      const entries = ['actlab', 'actlab/node', 'actlab/nn', 'actlab/experiments', 'actlab/random', 'actlab/tfjs', 'actlab/functional', 'actlab/activations'];
      const modules = await Promise.all(entries.map(async (name) => [name, await import(name)]));
      const clashes = [];
      for (let i = 0; i < modules.length; i++) for (let j = i + 1; j < modules.length; j++) {
        const [a, ma] = modules[i], [b, mb] = modules[j];
        if (b === 'actlab/activations' && (a === 'actlab' || a === 'actlab/functional')) continue;
        for (const key of Object.keys(ma)) if (key in mb && ma[key] !== mb[key]) clashes.push(a + ' and ' + b + ': ' + key);
      }
      console.log(JSON.stringify(clashes));`;
    const result = runIn(['--input-type=module', '-e', script]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});
