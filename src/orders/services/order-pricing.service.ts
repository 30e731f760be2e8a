import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { BuyerTerms, UserGroupService } from '../../users/services/user-group.service.js';
import { CreateOrderRequestDto } from '../dto/create-order.request.dto.js';
import { MAX_ORDER_AMOUNT, OrderSplit, priceLine, splitOrderAmount } from '../order-money.js';
import { OrderErrors } from '../orders.errors.js';
import type { OrderLineQuote, OrderQuote, PlacementOptions } from '../order-placement.types.js';

export interface Beneficiaries extends OrderSplit {
  shareUserId: number;
  shareParentUserId: number;
}

interface RequestedLine {
  goodsId: number;
  skuId: number;
  quantity: number;
}

/** goods_id/quantity/goods_sku_id or details[] → lines, the same product+option merged. */
export function requestedLines(input: CreateOrderRequestDto): RequestedLine[] {
  const raw = input.details?.length
    ? input.details.map((d) => ({
        goodsId: d.goods_id,
        skuId: d.goods_sku_id ?? 0,
        quantity: d.quantity,
      }))
    : input.goods_id
      ? [{ goodsId: input.goods_id, skuId: input.goods_sku_id ?? 0, quantity: input.quantity ?? 1 }]
      : [];
  const merged = new Map<string, RequestedLine>();
  for (const line of raw) {
    const key = `${line.goodsId}:${line.skuId}`;
    const existing = merged.get(key);
    if (existing) existing.quantity += line.quantity;
    else merged.set(key, { ...line });
  }
  return [...merged.values()];
}

/**
 * Prices an order from the catalogue (never from the client) and the buyer's group, and splits
 * the amount between seller and referrers (docs/orders.md, "Money"). Reads run through the
 * caller's manager (in its transaction, if it has one).
 */
@Injectable()
export class OrderPricingService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly groups: UserGroupService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The order's lines priced, and the buyer's terms (discount, who earns on the order), read in
   * one statement for goods (products, options and terms together), two for a vip membership.
   */
  async quote(
    manager: EntityManager,
    buyerId: number,
    input: CreateOrderRequestDto,
    options: PlacementOptions,
  ): Promise<OrderQuote> {
    return (input.type ?? 'goods') === 'vip'
      ? this.quoteVip(manager, buyerId, input, options)
      : this.quoteGoods(manager, buyerId, input, options);
  }

  /** Who earns what of `amount`: the buyer's inviter chain and the seller. */
  split(terms: BuyerTerms, amount: number, sellerId: number): Beneficiaries {
    const { inviterId, inviterParentId } = terms;
    // Both percentages come from the inviter's group while the inviter's membership runs
    // (AnqiCMS; docs/catalogue.md "Whose group decides what").
    const rules = inviterId ? terms.inviter : { shareReward: 0, parentReward: 0 };
    const split = splitOrderAmount(
      amount,
      {
        shareReward: rules.shareReward,
        parentReward: rules.parentReward,
        sellerPercent: this.config.orderSellerPercent,
      },
      {
        hasSharer: inviterId > 0,
        // As AnqiCMS: the inviter's inviter earns only when the inviter's group shares at all.
        hasParent: inviterParentId > 0 && rules.shareReward > 0,
        hasSeller: sellerId > 0,
      },
    );
    return {
      ...split,
      shareUserId: split.shareAmount > 0 ? inviterId : 0,
      shareParentUserId: split.shareParentAmount > 0 ? inviterParentId : 0,
    };
  }

  private async quoteGoods(
    manager: EntityManager,
    buyerId: number,
    input: CreateOrderRequestDto,
    options: PlacementOptions,
  ): Promise<OrderQuote> {
    const requested = requestedLines(input);
    if (!requested.length) throw OrderErrors.noItems();
    const quoted = options.quotedUnitPrice;
    if (quoted !== undefined) {
      if (requested.length !== 1) throw OrderErrors.quoteNeedsOneLine();
      if (!Number.isSafeInteger(quoted) || quoted < 0 || quoted > MAX_ORDER_AMOUNT)
        throw OrderErrors.invalidQuotedPrice();
    }
    const [row] = await manager.query<{ lines: unknown; terms: unknown }[]>(
      `SELECT ${this.catalogue.orderLines.sql('$1::jsonb')} AS lines,
              ${this.groups.buyerTerms.sql('$2::int', '$3::timestamptz')} AS terms`,
      [this.catalogue.orderLines.param(requested), buyerId, new Date()],
    );
    const terms = this.groups.buyerTerms.shape(row.terms);
    const products = this.catalogue.orderLines.shape(row.lines, requested);
    // A quote is the price agreed for this buyer: no member discount on top of it.
    const discount = quoted === undefined ? terms.buyer.discount : 0;
    const lines: OrderLineQuote[] = [];
    let sellerId: number | undefined;
    for (const [i, goods] of products.entries()) {
      if (sellerId !== undefined && goods.sellerId !== sellerId) throw OrderErrors.mixedSellers();
      sellerId = goods.sellerId;
      const priced = priceLine(
        { unitPrice: quoted ?? goods.unitPrice, quantity: requested[i].quantity },
        discount,
      );
      if (priced.originAmount > MAX_ORDER_AMOUNT) throw OrderErrors.amountTooLarge();
      lines.push({
        ...priced,
        goodsId: goods.goodsId,
        skuId: goods.skuId,
        title: goods.title,
        skuTitle: goods.skuTitle,
        thumb: goods.thumb,
      });
    }
    return {
      type: 'goods',
      lines,
      sellerId: sellerId ?? 0,
      vipGroupId: 0,
      defaultRemark: lines[0].title + (lines.length > 1 ? '...' : ''),
      terms,
    };
  }

  /** A vip membership: one line priced at the group's price, sold by the shop (seller 0). */
  private async quoteVip(
    manager: EntityManager,
    buyerId: number,
    input: CreateOrderRequestDto,
    options: PlacementOptions,
  ): Promise<OrderQuote> {
    if (options.quotedUnitPrice !== undefined) throw OrderErrors.vipWithQuote();
    const groupId = input.group_id ?? input.goods_id ?? input.details?.[0]?.goods_id;
    if (!groupId) throw OrderErrors.vipGroupRequired();
    const offer = await this.groups.vipOffer(manager, groupId);
    return {
      type: 'vip',
      lines: [
        {
          ...priceLine({ unitPrice: offer.price, quantity: 1 }, 0),
          goodsId: offer.groupId,
          skuId: 0,
          title: offer.title,
          skuTitle: '',
          thumb: '',
        },
      ],
      sellerId: 0,
      vipGroupId: offer.groupId,
      defaultRemark: offer.title,
      terms: await this.groups.termsOf(manager, buyerId),
    };
  }
}
