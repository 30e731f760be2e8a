'use strict';

// See jest-resolver.cjs: light-my-request needs cookie only for injected requests with `cookies`.
module.exports = {
  stringifySetCookie() {
    throw new Error('inject({ cookies }) is not available under jest: send a Cookie header');
  },
};
