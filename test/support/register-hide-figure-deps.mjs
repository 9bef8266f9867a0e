import { register } from 'node:module';

register('./hide-figure-deps.mjs', import.meta.url);
