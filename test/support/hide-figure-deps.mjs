// Node module hooks that make the report's figure packages look uninstalled (as after
// `npm install --omit=optional` or a lean library install): `node --import ./register-hide-figure-deps.mjs`.
const HIDDEN = /^(vega|vega-lite|@resvg\/resvg-js|dejavu-fonts-ttf)(\/|$)/;

export async function resolve(specifier, context, next) {
  if (HIDDEN.test(specifier)) {
    const error = new Error(`Cannot find package '${specifier}' imported from ${context.parentURL}`);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}
