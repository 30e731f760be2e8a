'use strict';

const { join } = require('node:path');

/**
 * Fastify's `inject` (light-my-request, used by the demo seeder) require()s the ESM-only
 * cookie@2 when it loads, which jest on Node 20 cannot do (Node itself can). It calls cookie only
 * for requests that pass `cookies`, which nothing here does, so tests give light-my-request a
 * stand-in that says so if it is ever called. Every other importer gets the real package.
 */
module.exports = (request, options) => {
  if (request === 'cookie' && /[\\/]light-my-request[\\/]/.test(options.basedir))
    return join(__dirname, 'light-my-request-cookie.cjs');
  return options.defaultResolver(request, options);
};
