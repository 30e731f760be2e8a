import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { Public } from '../../common/auth/access.decorators.js';
import { HtmlPages } from '../../common/http/html-pages.js';

/** The pages' script and style, read once at start (`npm run build` copies them next to the code). */
const ASSETS: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  (
    [
      ['inbox.js', 'text/javascript; charset=utf-8'],
      ['inbox.css', 'text/css; charset=utf-8'],
    ] as const
  ).map(([name, type]) => [
    name,
    { type, body: readFileSync(new URL(`../assets/${name}`, import.meta.url)) },
  ]),
);

@HtmlPages()
@Controller('staff/assets')
export class StaffAssetsController {
  @Get(':name')
  @Public()
  asset(@Param('name') name: string, @Res() reply: FastifyReply) {
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return reply.code(404).type('text/plain').send('Not found');
    // Pages ask for ?v=<ASSET_VERSION>; a day's cache is safe either way.
    return reply.header('cache-control', 'public, max-age=86400').type(asset.type).send(asset.body);
  }
}
