import { applyDecorators, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { DELETED_MSG, SAVED_MSG, WithMessage } from '../../common/http/envelope.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/**
 * The skeleton the staff panel's catalogue pages share (products, categories and single pages,
 * content models): one tag, staff only, at AnqiCMS's `system/api/<path>`; reads need
 * catalogue.read, writes catalogue.write and answer 200 with the `msg` the panel shows.
 */
export const StaffCatalogueController = (path: string) =>
  applyDecorators(ApiTag('Staff: catalogue'), Admin(), Controller(`system/api/${path}`));

/** GET `path`, for staff who may read the catalogue. */
export const CatalogueRead = (path: string) =>
  applyDecorators(Get(path), StaffPermission('catalogue.read'));

/** POST `path` answering 200 (as AnqiCMS), for staff who may change the catalogue. */
export const CatalogueWrite = (path: string) =>
  applyDecorators(Post(path), HttpCode(200), StaffPermission('catalogue.write'));

/** The answer of a save, with the panel's "Save successfully". */
export const saved = async <T>(result: Promise<T>) => new WithMessage(await result, SAVED_MSG);

/** The answer of a delete, with the panel's "Delete successful". */
export const deleted = async <T>(result: Promise<T>) => new WithMessage(await result, DELETED_MSG);
