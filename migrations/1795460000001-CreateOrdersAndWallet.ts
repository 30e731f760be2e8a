import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrdersAndWallet1795460000001 implements MigrationInterface {
  name = 'CreateOrdersAndWallet1795460000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "order_addresses" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "name" character varying(64) NOT NULL DEFAULT '', "phone" character varying(32) NOT NULL DEFAULT '', "province" character varying(64) NOT NULL DEFAULT '', "city" character varying(64) NOT NULL DEFAULT '', "country" character varying(64) NOT NULL DEFAULT '', "address_info" character varying(255) NOT NULL DEFAULT '', "postcode" character varying(16) NOT NULL DEFAULT '', "status" smallint NOT NULL DEFAULT '1', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4b8d293512b266903d636106440" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_order_addresses_user_id_id" ON "order_addresses"  ("user_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "order_commissions" ("id" SERIAL NOT NULL, "order_id" character varying(32) NOT NULL, "user_id" integer NOT NULL, "kind" character varying(16) NOT NULL, "amount" bigint NOT NULL, "order_amount" bigint NOT NULL, "status" smallint NOT NULL DEFAULT '0', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_order_commissions_amount_positive" CHECK ("amount" > 0), CONSTRAINT "chk_order_commissions_kind" CHECK ("kind" IN ('seller', 'share', 'parent')), CONSTRAINT "chk_order_commissions_status" CHECK ("status" IN (-1, 0, 1)), CONSTRAINT "PK_d8419728cdfd8eb0852615c8f3b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_order_commissions_user_id_id" ON "order_commissions"  ("user_id", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_order_commissions_order_kind" ON "order_commissions"  ("order_id", "kind") `,
    );
    await queryRunner.query(
      `CREATE TABLE "order_details" ("id" SERIAL NOT NULL, "order_id" character varying(32) NOT NULL, "user_id" integer NOT NULL, "goods_id" integer NOT NULL, "goods_item_id" integer NOT NULL DEFAULT '0', "title" character varying(250) NOT NULL DEFAULT '', "sku_title" character varying(250) NOT NULL DEFAULT '', "thumb" character varying(512) NOT NULL DEFAULT '', "price" bigint NOT NULL, "origin_price" bigint NOT NULL, "amount" bigint NOT NULL, "origin_amount" bigint NOT NULL, "quantity" integer NOT NULL, "status" smallint NOT NULL DEFAULT '1', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_order_details_money" CHECK ("price" >= 0 AND "origin_price" >= 0 AND "amount" = "price" * "quantity" AND "origin_amount" = "origin_price" * "quantity"), CONSTRAINT "chk_order_details_quantity_positive" CHECK ("quantity" > 0), CONSTRAINT "PK_278a6e0f21c9db1653e6f406801" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_order_details_goods_id" ON "order_details"  ("goods_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_order_details_order_id" ON "order_details"  ("order_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "order_history" ("id" SERIAL NOT NULL, "order_id" character varying(32) NOT NULL, "action" character varying(32) NOT NULL, "actor_kind" character varying(16) NOT NULL, "actor_id" integer NOT NULL DEFAULT '0', "from_status" smallint, "to_status" smallint NOT NULL, "from_refund_status" smallint, "to_refund_status" smallint NOT NULL, "note" character varying(500) NOT NULL DEFAULT '', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_order_history_actor_kind" CHECK ("actor_kind" IN ('customer', 'admin', 'system')), CONSTRAINT "PK_cc71513680d03ecb01b96655b0c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_order_history_order_id_id" ON "order_history"  ("order_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "orders" ("id" SERIAL NOT NULL, "order_id" character varying(32) NOT NULL, "payment_id" character varying(32) NOT NULL DEFAULT '', "user_id" integer NOT NULL, "address_id" integer NOT NULL DEFAULT '0', "address" jsonb, "remark" character varying(500) NOT NULL DEFAULT '', "type" character varying(16) NOT NULL DEFAULT 'goods', "status" smallint NOT NULL DEFAULT '0', "refund_status" smallint NOT NULL DEFAULT '0', "status_before_refund" smallint, "origin_amount" bigint NOT NULL DEFAULT '0', "amount" bigint NOT NULL DEFAULT '0', "discount_amount" bigint NOT NULL DEFAULT '0', "coupon_discount_amount" bigint NOT NULL DEFAULT '0', "coupon_id" integer NOT NULL DEFAULT '0', "coupon_code_id" integer NOT NULL DEFAULT '0', "coupon_redemption_id" integer, "paid_time" TIMESTAMP WITH TIME ZONE, "end_time" TIMESTAMP WITH TIME ZONE, "deliver_time" TIMESTAMP WITH TIME ZONE, "finished_time" TIMESTAMP WITH TIME ZONE, "seller_id" integer NOT NULL DEFAULT '0', "seller_amount" bigint NOT NULL DEFAULT '0', "share_user_id" integer NOT NULL DEFAULT '0', "share_parent_user_id" integer NOT NULL DEFAULT '0', "share_amount" bigint NOT NULL DEFAULT '0', "share_parent_amount" bigint NOT NULL DEFAULT '0', "express_company" character varying(100) NOT NULL DEFAULT '', "tracking_number" character varying(100) NOT NULL DEFAULT '', "vip_group_id" integer NOT NULL DEFAULT '0', "comm_order_id" integer, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_orders_coupon_within_discount" CHECK ("coupon_discount_amount" BETWEEN 0 AND "discount_amount"), CONSTRAINT "chk_orders_split_within_amount" CHECK ("seller_amount" >= 0 AND "share_amount" >= 0 AND "share_parent_amount" >= 0 AND "seller_amount" + "share_amount" + "share_parent_amount" <= "amount"), CONSTRAINT "chk_orders_amount_is_origin_minus_discount" CHECK ("amount" = "origin_amount" - "discount_amount"), CONSTRAINT "chk_orders_amounts_not_negative" CHECK ("amount" >= 0 AND "discount_amount" >= 0), CONSTRAINT "chk_orders_type" CHECK ("type" IN ('goods', 'vip')), CONSTRAINT "chk_orders_refund_status" CHECK ("refund_status" IN (-1, 0, 1)), CONSTRAINT "chk_orders_status" CHECK ("status" IN (-1, 0, 1, 2, 3, 8, 9)), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_orders_seller_id" ON "orders"  ("seller_id") `);
    await queryRunner.query(
      `CREATE INDEX "idx_orders_created_time" ON "orders"  ("created_time") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_orders_status_end_time" ON "orders"  ("status", "end_time") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_orders_status_created_time" ON "orders"  ("status", "created_time") `,
    );
    await queryRunner.query(`CREATE INDEX "idx_orders_status_id" ON "orders"  ("status", "id") `);
    await queryRunner.query(
      `CREATE INDEX "idx_orders_user_id_status_id" ON "orders"  ("user_id", "status", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "idx_orders_user_id_id" ON "orders"  ("user_id", "id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_orders_comm_order_id" ON "orders"  ("comm_order_id") WHERE "comm_order_id" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_orders_order_id" ON "orders"  ("order_id") `);
    await queryRunner.query(
      `CREATE TABLE "payments" ("id" SERIAL NOT NULL, "payment_id" character varying(32) NOT NULL, "order_id" character varying(32) NOT NULL, "user_id" integer NOT NULL, "amount" bigint NOT NULL, "pay_way" character varying(32) NOT NULL, "status" smallint NOT NULL DEFAULT '0', "terrace_id" character varying(64) NOT NULL DEFAULT '', "paid_time" TIMESTAMP WITH TIME ZONE, "refunded_time" TIMESTAMP WITH TIME ZONE, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_payments_amount_not_negative" CHECK ("amount" >= 0), CONSTRAINT "chk_payments_status" CHECK ("status" IN (-1, 0, 1, 2)), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_payments_order_id" ON "payments"  ("order_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_payments_live_per_order" ON "payments"  ("order_id") WHERE "status" <> -1`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_payments_payment_id" ON "payments"  ("payment_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "balance_ledger" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "amount" bigint NOT NULL, "balance_after" bigint NOT NULL, "kind" character varying(32) NOT NULL, "ref" character varying(64) NOT NULL DEFAULT '', "order_id" character varying(32) NOT NULL DEFAULT '', "note" character varying(255) NOT NULL DEFAULT '', "admin_id" integer NOT NULL DEFAULT '0', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_balance_ledger_balance_after_not_negative" CHECK ("balance_after" >= 0), CONSTRAINT "chk_balance_ledger_amount_not_zero" CHECK ("amount" <> 0), CONSTRAINT "PK_0a98088b8fe8aaa77f7ba363421" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_balance_ledger_order_id" ON "balance_ledger"  ("order_id") WHERE "order_id" <> ''`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_balance_ledger_user_id_id" ON "balance_ledger"  ("user_id", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_balance_ledger_user_kind_ref" ON "balance_ledger"  ("user_id", "kind", "ref") WHERE "ref" <> ''`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_balance_ledger_user_kind_ref"`);
    await queryRunner.query(`DROP INDEX "public"."idx_balance_ledger_user_id_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_balance_ledger_order_id"`);
    await queryRunner.query(`DROP TABLE "balance_ledger"`);
    await queryRunner.query(`DROP INDEX "public"."uq_payments_payment_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_payments_live_per_order"`);
    await queryRunner.query(`DROP INDEX "public"."idx_payments_order_id"`);
    await queryRunner.query(`DROP TABLE "payments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_orders_order_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_orders_comm_order_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_orders_user_id_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_orders_user_id_status_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_orders_status_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_orders_status_created_time"`);
    await queryRunner.query(`DROP INDEX "public"."idx_orders_status_end_time"`);
    await queryRunner.query(`DROP INDEX "public"."idx_orders_created_time"`);
    await queryRunner.query(`DROP INDEX "public"."idx_orders_seller_id"`);
    await queryRunner.query(`DROP TABLE "orders"`);
    await queryRunner.query(`DROP INDEX "public"."idx_order_history_order_id_id"`);
    await queryRunner.query(`DROP TABLE "order_history"`);
    await queryRunner.query(`DROP INDEX "public"."idx_order_details_order_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_order_details_goods_id"`);
    await queryRunner.query(`DROP TABLE "order_details"`);
    await queryRunner.query(`DROP INDEX "public"."uq_order_commissions_order_kind"`);
    await queryRunner.query(`DROP INDEX "public"."idx_order_commissions_user_id_id"`);
    await queryRunner.query(`DROP TABLE "order_commissions"`);
    await queryRunner.query(`DROP INDEX "public"."idx_order_addresses_user_id_id"`);
    await queryRunner.query(`DROP TABLE "order_addresses"`);
  }
}
