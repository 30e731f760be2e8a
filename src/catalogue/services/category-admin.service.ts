import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Not } from 'typeorm';
import { CategoryErrors, uniqueViolationToCatalogueError } from '../catalogue.errors.js';
import { CategoryQueries } from '../category.queries.js';
import { SaveCategoryRequestDto } from '../dto/category.request.dto.js';
import { CategoryResponseDto } from '../dto/category.response.dto.js';
import { Category, CATEGORY_TYPE, PRODUCT_MODULE_ID } from '../entities/category.entity.js';
import { sanitizeRichText } from '../rich-text.js';
import { uniqueUrlToken } from '../url-token.js';
import { CategoryQueryService } from './category-query.service.js';

function applyFields(category: Category, input: SaveCategoryRequestDto): void {
  const fields: [keyof Category, unknown][] = [
    ['title', input.title],
    ['seoTitle', input.seo_title],
    ['keywords', input.keywords],
    ['description', input.description],
    ['content', input.content === undefined ? undefined : sanitizeRichText(input.content)],
    ['sort', input.sort],
    ['status', input.status],
    ['images', input.images],
    ['logo', input.logo],
  ];
  for (const [key, value] of fields) {
    if (value !== undefined) (category as unknown as Record<string, unknown>)[key] = value;
  }
}

/**
 * Staff writes on categories. Rules: a sub-category belongs to its parent's module; moving a
 * category never makes it its own ancestor; changing a top-level category's module moves its
 * sub-categories and their products along; a category with live products or sub-categories is
 * never deleted (nothing is orphaned or silently moved, unlike AnqiCMS which moves them up).
 */
@Injectable()
export class CategoryAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly query: CategoryQueryService,
  ) {}

  async save(input: SaveCategoryRequestDto): Promise<CategoryResponseDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const category = input.id
          ? await this.lock(manager, input.id)
          : this.create(manager, input);
        const oldModuleId = category.moduleId;
        applyFields(category, input);
        if (category.type === CATEGORY_TYPE.page) {
          if (input.parent_id) throw CategoryErrors.pageParent();
        } else if (input.parent_id !== undefined && input.parent_id !== category.parentId)
          await this.moveUnder(manager, category, input.parent_id);
        if (category.parentId > 0)
          category.moduleId = await this.query.lockForAssignment(manager, category.parentId);
        else if (input.module_id !== undefined) category.moduleId = input.module_id;
        if (input.url_token !== undefined || !category.id)
          category.urlToken = await this.urlToken(manager, category, input.url_token ?? '');
        const saved = await manager.save(Category, category);
        if (input.id && saved.moduleId !== oldModuleId)
          await this.cascadeModule(manager, saved.id, saved.moduleId);
        return this.query.staffDetail(saved.id, manager);
      });
    } catch (error) {
      throw uniqueViolationToCatalogueError(error) ?? error;
    }
  }

  /**
   * Refused while live products or sub-categories use it. The row lock makes this safe against
   * a concurrent product save or sub-category creation, which share-lock the category: either
   * they commit first (and are counted here) or they wait and then find the category gone.
   */
  async delete(id: number): Promise<null> {
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager, id);
      const [usage] = await manager.query<{ products: string; children: string }[]>(
        CategoryQueries.usage,
        [id],
      );
      const products = Number(usage.products);
      const children = Number(usage.children);
      if (products) throw CategoryErrors.hasProducts(products, children);
      if (children) throw CategoryErrors.hasChildren(children);
      await manager.delete(Category, { id });
    });
    return null;
  }

  private async lock(manager: EntityManager, id: number): Promise<Category> {
    const category = await manager.findOne(Category, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!category) throw CategoryErrors.notFound();
    return category;
  }

  private create(manager: EntityManager, input: SaveCategoryRequestDto): Category {
    if (!input.title) throw CategoryErrors.titleRequired();
    return manager.create(Category, {
      type: input.type ?? CATEGORY_TYPE.category,
      parentId: 0,
      moduleId: PRODUCT_MODULE_ID,
      sort: 99,
      status: 1,
      images: [],
      logo: '',
    });
  }

  /** The new parent must exist and must not be the category itself or below it. */
  private async moveUnder(manager: EntityManager, category: Category, parentId: number) {
    if (parentId > 0) {
      await manager.query(CategoryQueries.lockTree);
      const parent = await manager.query<{ type: number }[]>(CategoryQueries.lockParent, [
        parentId,
      ]);
      if (!parent.length) throw CategoryErrors.parentNotFound();
      if (parent[0].type !== CATEGORY_TYPE.category) throw CategoryErrors.pageParent();
      if (category.id) {
        const below = await manager.query<{ id: number }[]>(CategoryQueries.subtree, [category.id]);
        if (below.some((row) => row.id === parentId)) throw CategoryErrors.parentCycle();
      }
    }
    category.parentId = parentId;
  }

  /** Sub-categories and the products of the whole subtree follow a category's module. */
  private async cascadeModule(manager: EntityManager, id: number, moduleId: number) {
    await manager.query(CategoryQueries.moveSubtreeCategories, [id, moduleId]);
    await manager.query(CategoryQueries.moveSubtreeProducts, [id, moduleId]);
  }

  /** Unique among categories. */
  private urlToken(manager: EntityManager, category: Category, requested: string): Promise<string> {
    const taken = (token: string) =>
      manager.existsBy(Category, {
        urlToken: token,
        ...(category.id ? { id: Not(category.id) } : {}),
      });
    return uniqueUrlToken(
      requested,
      category.title,
      taken,
      CategoryErrors.urlTokenTaken,
      'category',
    );
  }
}
