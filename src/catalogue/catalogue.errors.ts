import { isUniqueViolation } from '../common/database/database-errors.js';
import { AppError, errorEntry } from '../common/errors/app-error.js';

/** Error catalogue of the catalogue module (products = AnqiCMS archives, and their SKUs). */
export const CatalogueErrors = {
  /** Unknown or deleted product (customers never learn which). */
  goodsNotFound: errorEntry('CATALOGUE.GOODS_NOT_FOUND', () => 'Product not found'),
  /** Deleting from the recycle bin: order lines point at products, so they are never erased. */
  keptInRecycleBin: errorEntry(
    'CATALOGUE.KEPT_IN_RECYCLE_BIN',
    () => 'This product is already deleted; it stays in the recycle bin because orders refer to it',
  ),
  notInRecycleBin: errorEntry(
    'CATALOGUE.NOT_IN_RECYCLE_BIN',
    () => 'Product not found in the recycle bin',
  ),
  notOnSale: errorEntry(
    'CATALOGUE.NOT_ON_SALE',
    (title: string) => `"${title}" is not on sale at the moment`,
  ),
  /** The SKU does not belong to this product, or has been disabled. */
  skuNotFound: errorEntry(
    'CATALOGUE.SKU_NOT_FOUND',
    () => 'This option of the product does not exist',
  ),
  skuRequired: errorEntry(
    'CATALOGUE.SKU_REQUIRED',
    (title: string) => `Choose an option (goods_sku_id) of "${title}"`,
  ),
  outOfStock: errorEntry('CATALOGUE.OUT_OF_STOCK', (title: string, available: number) => ({
    message:
      available > 0
        ? `Not enough stock of "${title}": only ${available} left`
        : `"${title}" is out of stock`,
    details: { available },
  })),
  invalidQuantity: errorEntry(
    'CATALOGUE.INVALID_QUANTITY',
    () => 'quantity must be a positive whole number',
  ),
  urlTokenTaken: errorEntry(
    'CATALOGUE.URL_TOKEN_TAKEN',
    () => 'Another product already uses this url_token',
  ),
  sellerNotFound: errorEntry(
    'CATALOGUE.SELLER_NOT_FOUND',
    () => 'The seller (user_id) is not an existing user',
  ),
  titleRequired: errorEntry(
    'CATALOGUE.TITLE_REQUIRED',
    () => 'title is required to create a product',
  ),
  categoryNotFound: errorEntry(
    'CATALOGUE.CATEGORY_NOT_FOUND',
    () => 'The category (category_id) does not exist',
  ),
};

/** Error catalogue of categories (part of the catalogue module). */
export const CategoryErrors = {
  notFound: errorEntry('CATEGORY.NOT_FOUND', () => 'Category not found'),
  /** A single page (category of type 3) that does not exist or is hidden. */
  pageNotFound: errorEntry('CATEGORY.PAGE_NOT_FOUND', () => 'Page not found'),
  /** Single pages stand alone: no parent, and no category under a page. */
  pageParent: errorEntry(
    'CATEGORY.PAGE_PARENT',
    () => 'A single page has no parent, and no category can be placed under a page',
  ),
  titleRequired: errorEntry(
    'CATEGORY.TITLE_REQUIRED',
    () => 'title is required to create a category',
  ),
  urlTokenTaken: errorEntry(
    'CATEGORY.URL_TOKEN_TAKEN',
    () => 'Another category already uses this url_token',
  ),
  parentNotFound: errorEntry(
    'CATEGORY.PARENT_NOT_FOUND',
    () => 'The parent category (parent_id) does not exist',
  ),
  parentCycle: errorEntry(
    'CATEGORY.PARENT_CYCLE',
    () => 'A category cannot be placed under itself or one of its own sub-categories',
  ),
  /** Delete refused: products and sub-categories are never orphaned or moved silently. */
  hasProducts: errorEntry('CATEGORY.HAS_PRODUCTS', (products: number, children: number) => ({
    message: `This category still has ${products} product(s): move or delete them first`,
    details: { products, children },
  })),
  /** Delete refused (no products, but sub-categories). */
  hasChildren: errorEntry('CATEGORY.HAS_CHILDREN', (children: number) => ({
    message: `This category still has ${children} sub-categor${children === 1 ? 'y' : 'ies'}: move or delete them first`,
    details: { products: 0, children },
  })),
};

/** Maps the unique-index violation of a racing save to its catalogued error. */
export function uniqueViolationToCatalogueError(error: unknown): AppError | undefined {
  if (isUniqueViolation(error, 'uq_archives_url_token')) return CatalogueErrors.urlTokenTaken();
  if (isUniqueViolation(error, 'uq_categories_url_token')) return CategoryErrors.urlTokenTaken();
  return undefined;
}
