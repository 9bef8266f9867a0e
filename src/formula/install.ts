/**
 * Installs the formula reader into the registry, so `getActivation('z*tanh(softplus(z))')`
 * parses: imported for its effect by every entry point that reads user text. The registry alone
 * (`actlab/activations`) does without it and stays small in a browser bundle.
 * @module
 */
import { ACTIVATIONS, installFormulaReader, resolveParams, type Activation } from '../activations/index.js';
import { buildFormulaActivation, type FormulaActivation } from './activation.js';
import type { FormulaContext } from './parser.js';
import { formulaIdentity, looksLikeFormula } from './spec.js';

const byName = new Map<string, Activation>();
for (const activation of ACTIVATIONS) for (const name of [activation.id, ...activation.aliases]) byName.set(name, activation);

const CONTEXT: FormulaContext = {
  lookup: (name) => byName.get(name),
  names: () => byName.keys(),
  resolveParams: (activation, given) => resolveParams(activation, given),
};

const MAX_CACHED_FORMULAS = 256;
const cache = new Map<string, FormulaActivation>();

function read(text: string, options: { readonly name?: string }): FormulaActivation {
  // keyed by what the object shows: 'sq=z^2' and ('z^2', { name: 'sq' }) give the same one
  const identity = formulaIdentity(text, options.name);
  const key = `${identity.id}\u0000${identity.name}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const built = buildFormulaActivation(text, CONTEXT, options.name);
  if (cache.size >= MAX_CACHED_FORMULAS) cache.delete(cache.keys().next().value!);
  cache.set(key, built);
  return built;
}

installFormulaReader({ looksLikeFormula, read });
