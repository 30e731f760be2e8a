import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrderAddressRequestDto } from '../dto/create-order.request.dto.js';
import { OrderAddressResponseDto, SaveAddressRequestDto } from '../dto/order-address.dto.js';
import { OrderAddress } from '../entities/order-address.entity.js';
import { OrderAddressSnapshot } from '../entities/order.entity.js';
import { addressSnapshotOf, toAddressResponse } from '../order.mapper.js';
import { OrderErrors } from '../orders.errors.js';

/** Saved addresses a customer may keep; more is almost certainly a script. */
export const MAX_SAVED_ADDRESSES = 50;

const REQUIRED: (keyof OrderAddressRequestDto)[] = ['name', 'phone', 'address_info'];

function columnsOf(input: OrderAddressRequestDto | SaveAddressRequestDto) {
  return {
    name: input.name?.trim() ?? '',
    phone: input.phone?.trim() ?? '',
    province: input.province?.trim() ?? '',
    city: input.city?.trim() ?? '',
    country: input.country?.trim() ?? '',
    addressInfo: input.address_info?.trim() ?? '',
    postcode: input.postcode?.trim() ?? '',
  };
}

/**
 * A customer's address book (own addresses only: another user's id answers "not found") and the
 * address resolution of order placement.
 */
@Injectable()
export class OrderAddressService {
  constructor(private readonly dataSource: DataSource) {}

  async list(userId: number): Promise<OrderAddressResponseDto[]> {
    const rows = await this.dataSource.getRepository(OrderAddress).find({
      where: { userId },
      order: { id: 'DESC' },
      take: MAX_SAVED_ADDRESSES,
    });
    return rows.map(toAddressResponse);
  }

  /** One own address; without id the most recent one (AnqiCMS), or null when there is none. */
  async get(userId: number, id?: number): Promise<OrderAddressResponseDto | null> {
    const repository = this.dataSource.getRepository(OrderAddress);
    if (id === undefined) {
      const [latest] = await repository.find({ where: { userId }, order: { id: 'DESC' }, take: 1 });
      return latest ? toAddressResponse(latest) : null;
    }
    const address = await repository.findOneBy({ id, userId });
    if (!address) throw OrderErrors.addressNotFound();
    return toAddressResponse(address);
  }

  async save(userId: number, input: SaveAddressRequestDto): Promise<OrderAddressResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(OrderAddress);
      if (input.id !== undefined) {
        const existing = await repository.findOneBy({ id: input.id, userId });
        if (!existing) throw OrderErrors.addressNotFound();
        return toAddressResponse(await repository.save(Object.assign(existing, columnsOf(input))));
      }
      await this.assertRoomFor(manager, userId);
      return toAddressResponse(
        await repository.save(repository.create({ userId, ...columnsOf(input) })),
      );
    });
  }

  async remove(userId: number, id: number): Promise<void> {
    const result = await this.dataSource.getRepository(OrderAddress).delete({ id, userId });
    if (!result.affected) throw OrderErrors.addressNotFound();
  }

  /**
   * The address of a new order: a saved one by id, or an inline one (kept in the address book,
   * reusing an identical saved entry). Returns the id and the snapshot to copy onto the order.
   */
  async resolveForOrder(
    manager: EntityManager,
    userId: number,
    input: OrderAddressRequestDto | undefined,
  ): Promise<{ addressId: number; snapshot: OrderAddressSnapshot | null }> {
    if (!input) return { addressId: 0, snapshot: null };
    const repository = manager.getRepository(OrderAddress);
    if (input.id) {
      const saved = await repository.findOneBy({ id: input.id, userId });
      if (!saved) throw OrderErrors.addressNotFound();
      return { addressId: saved.id, snapshot: addressSnapshotOf(saved) };
    }
    const missing = REQUIRED.filter((field) => !(input[field] as string | undefined)?.trim());
    if (missing.length) throw OrderErrors.addressIncomplete(missing);
    const columns = columnsOf(input);
    const same = await repository.findOneBy({ userId, ...columns });
    if (same) return { addressId: same.id, snapshot: addressSnapshotOf(same) };
    await this.assertRoomFor(manager, userId);
    const saved = await repository.save(repository.create({ userId, ...columns }));
    return { addressId: saved.id, snapshot: addressSnapshotOf(saved) };
  }

  private async assertRoomFor(manager: EntityManager, userId: number): Promise<void> {
    const count = await manager.getRepository(OrderAddress).countBy({ userId });
    if (count >= MAX_SAVED_ADDRESSES) throw OrderErrors.addressLimit(MAX_SAVED_ADDRESSES);
  }
}
