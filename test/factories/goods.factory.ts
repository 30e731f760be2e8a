import { randomBytes } from 'node:crypto';
import { Archive } from '../../src/catalogue/entities/archive.entity.js';
import { TestApp } from '../support/test-app.js';

export interface TestGoods {
  id: number;
  title: string;
  price: number;
  thumb: string;
}

/**
 * A product on sale. Until the catalogue's staff API is merged, it is saved through the
 * catalogue's entity (no raw SQL); switch to POST /system/api/archive/detail when it exists.
 */
export async function createGoods(
  t: TestApp,
  overrides: Partial<Pick<Archive, 'title' | 'price' | 'stock' | 'status' | 'thumb'>> = {},
): Promise<TestGoods> {
  const repository = t.dataSource.getRepository(Archive);
  const suffix = randomBytes(4).toString('hex');
  const saved = await repository.save(
    repository.create({
      title: `定制网站主题 ${suffix}`,
      urlToken: `goods-${suffix}`,
      images: [],
      thumb: `https://shop.example.com/uploads/thumb-${suffix}.jpg`,
      price: 9900,
      stock: 1000,
      status: 1,
      ...overrides,
    }),
  );
  return { id: saved.id, title: saved.title, price: saved.price, thumb: saved.thumb };
}
