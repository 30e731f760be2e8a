import { AppError } from '../common/errors/app-error.js';

/** Error catalogue of the catalogue module (products = AnqiCMS archives, and their SKUs). */
export const CatalogueErrors = {
  /** Unknown or deleted product (customers never learn which). */
  goodsNotFound: () => new AppError('CATALOGUE.GOODS_NOT_FOUND', 'Product not found'),
  notOnSale: (title: string) =>
    new AppError('CATALOGUE.NOT_ON_SALE', `"${title}" is not on sale at the moment`),
  /** The SKU does not belong to this product, or has been disabled. */
  skuNotFound: () =>
    new AppError('CATALOGUE.SKU_NOT_FOUND', 'This option of the product does not exist'),
  skuRequired: (title: string) =>
    new AppError('CATALOGUE.SKU_REQUIRED', `Choose an option (goods_sku_id) of "${title}"`),
  outOfStock: (title: string, available: number) =>
    new AppError(
      'CATALOGUE.OUT_OF_STOCK',
      available > 0
        ? `Not enough stock of "${title}": only ${available} left`
        : `"${title}" is out of stock`,
      undefined,
      { available },
    ),
  invalidQuantity: () =>
    new AppError('CATALOGUE.INVALID_QUANTITY', 'quantity must be a positive whole number'),
  urlTokenTaken: () =>
    new AppError('CATALOGUE.URL_TOKEN_TAKEN', 'Another product already uses this url_token'),
  sellerNotFound: () =>
    new AppError('CATALOGUE.SELLER_NOT_FOUND', 'The seller (user_id) is not an existing user'),
  titleRequired: () =>
    new AppError('CATALOGUE.TITLE_REQUIRED', 'title is required to create a product'),
  categoryNotFound: () =>
    new AppError('CATALOGUE.CATEGORY_NOT_FOUND', 'The category (category_id) does not exist'),
};

/** Error catalogue of categories (part of the catalogue module). */
export const CategoryErrors = {
  notFound: () => new AppError('CATEGORY.NOT_FOUND', 'Category not found'),
  titleRequired: () =>
    new AppError('CATEGORY.TITLE_REQUIRED', 'title is required to create a category'),
  urlTokenTaken: () =>
    new AppError('CATEGORY.URL_TOKEN_TAKEN', 'Another category already uses this url_token'),
  parentNotFound: () =>
    new AppError('CATEGORY.PARENT_NOT_FOUND', 'The parent category (parent_id) does not exist'),
  parentCycle: () =>
    new AppError(
      'CATEGORY.PARENT_CYCLE',
      'A category cannot be placed under itself or one of its own sub-categories',
    ),
  /** Delete refused: products and sub-categories are never orphaned or moved silently. */
  inUse: (products: number, children: number) =>
    new AppError(
      products > 0 ? 'CATEGORY.HAS_PRODUCTS' : 'CATEGORY.HAS_CHILDREN',
      products > 0
        ? `This category still has ${products} product(s): move or delete them first`
        : `This category still has ${children} sub-categor${children === 1 ? 'y' : 'ies'}: move or delete them first`,
      undefined,
      { products, children },
    ),
};

/** Maps the unique-index violation of a racing save to its catalogued error. */
export function uniqueViolationToCatalogueError(error: unknown): AppError | undefined {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (driver?.code === '23505' && driver.constraint === 'uq_archives_url_token')
    return CatalogueErrors.urlTokenTaken();
  if (driver?.code === '23505' && driver.constraint === 'uq_categories_url_token')
    return CategoryErrors.urlTokenTaken();
  return undefined;
}
