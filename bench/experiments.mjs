// Times the experiments behind the explorer's panels and the CLI (default generator, seed 42),
// from dist/: `node bench/experiments.mjs [name…]` (after `npx tsc -p tsconfig.build.json`).
// Each row: the experiment, its settings (as the explorer or the CLI sends them), the wall time
// of the whole run, its CPU time (what the run would take on an idle core: on a shared machine
// the wall time also counts waiting for one), and the time to the first partial result.
// `--old DIR` times another build's dist/ (e.g. an earlier commit's) the same way.
const args = process.argv.slice(2);
const oldAt = args.indexOf('--old');
const root = oldAt >= 0 ? args.splice(oldAt, 2)[1] : new URL('..', import.meta.url).pathname;
const { runExperiment } = await import(`${root}/dist/experiments/index.js`);

const ROWS = [
  ['cli gradient-flow', 'gradient-flow', {}],
  ['panel flow default', 'gradient-flow', { depths: [1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50], units: 128, simulations: 20, activations: ['relu', 'sigmoid', 'tanh'], gains: 'pytorch' }],
  ['panel flow 200/512/200', 'gradient-flow', { depths: [1, 25, 50, 75, 100, 125, 150, 175, 200], units: 512, simulations: 200, activations: ['relu', 'sigmoid', 'tanh'], gains: 'pytorch' }],
  ['cli vanishing-gradient', 'vanishing-gradient', {}],
  ['panel selu default', 'selu-normalisation', { pairs: ['relu:he', 'selu:lecun', 'tanh:gain'], layers: 50, units: 500 }],
  ['panel selu 2000 units', 'selu-normalisation', { pairs: ['relu:he', 'selu:lecun', 'tanh:gain'], layers: 50, units: 2000 }],
  ['cli selu-normalisation', 'selu-normalisation', {}],
  ['panel dead default', 'dead-neurons', { parts: ['training'], strategies: ['negative_bias'], activations: ['relu', 'leaky_relu', 'elu'], learningRate: 0.5, optimizer: 'sgd', epochs: 60, hidden: [32, 32] }],
  ['panel dead 3x64', 'dead-neurons', { parts: ['training'], strategies: ['negative_bias'], activations: ['relu', 'leaky_relu', 'elu'], learningRate: 0.5, optimizer: 'sgd', epochs: 60, hidden: [64, 64, 64] }],
  ['cli dead-neurons', 'dead-neurons', {}],
];

const only = args;
for (const [name, id, set] of ROWS) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let first = null;
  let calls = 0;
  runExperiment(id, {
    set,
    seed: 42,
    progress: (_f, _l, partial) => {
      calls++;
      if (partial !== undefined && first === null) first = performance.now() - start;
    },
  });
  const total = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const firstText = first === null ? '' : `  first partial ${first.toFixed(0)} ms`;
  console.log(`${name.padEnd(26)} ${(total / 1000).toFixed(3).padStart(8)} s wall ${cpuSeconds.toFixed(3).padStart(8)} s cpu  (${calls} progress calls)${firstText}`);
}
