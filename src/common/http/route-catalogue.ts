import { RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Access, ACCESS_KEY, STAFF_PERMISSION_KEY } from '../auth/access.decorators.js';
import type { StaffPermissionName } from '../auth/staff-roles.js';
import { STREAM_TICKET_KEY } from '../auth/stream-ticket.js';
import { HTML_PAGES_KEY } from './html-pages.js';
import { acceptsIdempotencyKey } from './idempotent-route.js';

export interface RouteEntry {
  method: string;
  path: string;
  access: Access;
  /** What a staff token needs here (@StaffPermission); undefined = owner-only. */
  permission?: StaffPermissionName;
  controller: string;
  handler: string;
  /** Honours the `Idempotency-Key` header (see idempotent-route.ts). */
  idempotent: boolean;
  /**
   * Answers an endless `text/event-stream` once let in (the event streams, which also take
   * stream tickets): route-walking tests must not wait for its end.
   */
  eventStream: boolean;
  /** A web page for people (@HtmlPages()): HTML and redirects, not an envelope, not in Swagger. */
  page: boolean;
}

function joinPath(...parts: (string | undefined)[]): string {
  return (
    '/' +
    parts
      .flatMap((part) => (part ?? '').split('/'))
      .filter(Boolean)
      .join('/')
  );
}

/**
 * Every controller route with the access level the AccessGuard will enforce, read from the same
 * metadata the guard reads. The generated access test walks this list, so a new route is covered
 * (and must declare its access) without anyone remembering to add a test.
 */
export function listRoutes(app: INestApplication): RouteEntry[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RouteEntry[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prefixes = ([] as (string | undefined)[]).concat(
      Reflect.getMetadata(PATH_METADATA, wrapper.metatype) as string | string[] | undefined,
    );
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const access =
        reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
          handler as () => void,
          wrapper.metatype,
        ]) ?? Access.Customer;
      const permission = reflector.getAllAndOverride<StaffPermissionName | undefined>(
        STAFF_PERMISSION_KEY,
        [handler as () => void, wrapper.metatype],
      );
      for (const prefix of prefixes) {
        for (const sub of ([] as string[]).concat(path)) {
          routes.push({
            method,
            path: joinPath(prefix, sub),
            access,
            permission,
            controller: String(wrapper.name),
            handler: name,
            idempotent: acceptsIdempotencyKey(reflector, method, [handler, wrapper.metatype]),
            eventStream:
              method === 'GET' &&
              reflector.getAllAndOverride<boolean | undefined>(STREAM_TICKET_KEY, [
                handler as () => void,
                wrapper.metatype,
              ]) === true,
            page:
              reflector.getAllAndOverride<boolean | undefined>(HTML_PAGES_KEY, [
                handler as () => void,
                wrapper.metatype,
              ]) === true,
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
