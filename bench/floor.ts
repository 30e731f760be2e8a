/**
 * The floor `npm run bench` compares the service with: bare Fastify + `pg`, no NestJS, no ORM,
 * no validation layer, answering the SAME routes with the same JSON, using the fewest statements
 * a careful hand-written service would: the token verified in JS, one statement for the account
 * (which doubles as the data of /api/user/detail), one statement for the page, its total and its
 * nested rows built as JSON by PostgreSQL. Rows are shaped by the project's own pure mapper
 * functions, so the JSON is the same by construction and the bench measures everything else.
 *
 * Runs as its own process (forked by bench/run.ts): env FLOOR_DATABASE_URL, FLOOR_JWT_SECRET;
 * it sends `{ port }` to its parent once listening.
 */
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import pg from 'pg';
import { toCategoryResponse } from '../src/catalogue/category.mapper.js';
import type { CategoryRow } from '../src/catalogue/category.mapper.js';
import { toGoodsDetail, toGoodsResponse, toGoodsWithSkus } from '../src/catalogue/goods.mapper.js';
import {
  toCommMessageResponse,
  toCommOrderResponse,
  toCommQuoteResponse,
} from '../src/communication/comm-order.mapper.js';
import {
  toFullOrderResponse,
  toOrderHistoryResponse,
  toOrderRefundResponse,
} from '../src/orders/order.mapper.js';
import { toUserResponse } from '../src/users/user.mapper.js';

const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });
/**
 * BENCH_FLOOR_PREPARED=1: every statement runs named, prepared once per connection, as the
 * service's parameterized statements do on PostgreSQL (docs/scaling.md, Prepared statements).
 * The comparison then leaves PostgreSQL's parsing and planning out and sets the stacks side by
 * side; unset, the floor parses and plans every statement, as the first floors did.
 */
const PREPARED = process.env.BENCH_FLOOR_PREPARED === '1';
function statement<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
  if (!PREPARED) return pool.query<R>(text, values);
  const name = `f_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  return pool.query<R>({ name, text, values });
}
const secret = Buffer.from(process.env.FLOOR_JWT_SECRET ?? '', 'utf8');
const LATEST = 20;
const CAP = 10_000;

type Row = Record<string, any>;

/** snake_case row (pg row or JSON built by PostgreSQL) → the camelCase object the mappers read. */
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;
function hydrate<T>(row: Row): T {
  const out: Row = {};
  for (const key in row) {
    const value = row[key];
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    out[camel] =
      typeof value === 'string' && ISO.test(value) && key !== 'content' ? new Date(value) : value;
  }
  // pg gives bigint as a string at the top level (JSON built by PostgreSQL already has numbers).
  for (const key of [
    'balance',
    'totalReward',
    'amount',
    'originAmount',
    'discountAmount',
    'sellerAmount',
    'shareAmount',
    'shareParentAmount',
    'quoteAmount',
    'price',
    'lastMessageId',
    'customerLastReadId',
    'staffLastReadId',
  ]) {
    if (typeof out[key] === 'string') out[key] = Number(out[key]);
  }
  return out as T;
}

function verify(token: string | undefined, audience: string): Row | undefined {
  if (!token) return undefined;
  const [header, payload, signature] = token.split('.');
  if (!signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'HS256') return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Row;
  if (claims.aud !== audience || claims.exp * 1000 < Date.now()) return undefined;
  return claims;
}

async function account(table: 'users' | 'admins', token: string | undefined, audience: string) {
  const claims = verify(token, audience);
  if (!claims) return undefined;
  const { rows } = await statement<Row>(
    `SELECT to_jsonb(a) - 'password_hash' AS row FROM ${table} a WHERE a.id = $1`,
    [Number(claims.sub)],
  );
  const row = rows[0]?.row as Row | undefined;
  if (!row || row.status !== 1 || row.token_version !== claims.tv) return undefined;
  return row;
}
const customer = (request: FastifyRequest) =>
  account('users', request.headers.token as string | undefined, 'customer');
const staff = (request: FastifyRequest) =>
  account('admins', request.headers.admin as string | undefined, 'admin');

const ok = (data: unknown, total?: number, capped?: boolean) =>
  total === undefined
    ? { code: 0, msg: '', data }
    : { code: 0, msg: '', data, total, ...(capped === undefined ? {} : { total_capped: capped }) };
const notLoggedIn = { code: 1001, msg: 'Please log in', data: null };
const notFound = { code: -1, msg: 'Not found', data: null };

function window(query: Row) {
  const limit = Math.min(Number(query.page_size ?? query.pageSize ?? 10) || 10, 100);
  const current = Math.max(1, Number(query.current ?? 1) || 1);
  return { limit, offset: (current - 1) * limit };
}

const user = (sql: string) =>
  `(SELECT to_jsonb(u) - 'password_hash' FROM users u WHERE u.id = ${sql})`;
const goods = (sql: string) => `(SELECT to_jsonb(g) FROM archives g WHERE g.id = ${sql})`;

const ORDER_COLUMNS = `to_jsonb(o) AS row,
  (SELECT coalesce(json_agg(json_build_object('row', to_jsonb(d),
     'goods', CASE WHEN o.type = 'vip' THEN NULL ELSE ${goods('d.goods_id')} END) ORDER BY d.id), '[]')
     FROM order_details d WHERE d.order_id = o.order_id) AS details,
  ${user('o.user_id')} AS buyer`;

function order(row: Row, viewer: 'customer' | 'staff') {
  const products = new Map<number, any>();
  for (const line of row.details as Row[]) {
    if (line.goods) products.set(line.goods.id, toGoodsResponse(hydrate(line.goods)));
  }
  return toFullOrderResponse(
    hydrate(row.row),
    viewer,
    (row.details as Row[]).map((line) => hydrate(line.row)),
    products,
    row.buyer ? toUserResponse(hydrate(row.buyer)) : undefined,
  );
}

async function orderPage(
  where: string,
  params: unknown[],
  query: Row,
  viewer: 'customer' | 'staff',
) {
  const { limit, offset } = window(query);
  let pageWhere = where;
  let direction = 'DESC';
  let skip = offset;
  if (query.before_id) {
    params.push(Number(query.before_id));
    pageWhere += ` AND o.id < $${params.length}`;
    skip = 0;
  } else if (query.after_id) {
    params.push(Number(query.after_id));
    pageWhere += ` AND o.id > $${params.length}`;
    direction = 'ASC';
    skip = 0;
  }
  const cap = viewer === 'staff' ? ` LIMIT ${CAP + 1}` : '';
  const { rows } = await statement<Row>(
    `SELECT c.total, p.* FROM (SELECT count(*)::int AS total FROM (SELECT 1 FROM orders o WHERE ${where}${cap}) x) c
       LEFT JOIN LATERAL (SELECT o.id, ${ORDER_COLUMNS} FROM orders o WHERE ${pageWhere}
                           ORDER BY o.id ${direction} LIMIT ${limit} OFFSET ${skip}) p ON true
      ORDER BY p.id DESC`,
    params,
  );
  const items = rows.filter((r) => r.id !== null).map((r) => order(r, viewer));
  const total = rows[0].total as number;
  return viewer === 'staff' ? ok(items, Math.min(total, CAP), total > CAP) : ok(items, total);
}

async function orderDetail(where: string, params: unknown[], viewer: 'customer' | 'staff') {
  const { rows } = await statement<Row>(
    `SELECT ${ORDER_COLUMNS},
       (SELECT coalesce(json_agg(to_jsonb(h) ORDER BY h.id), '[]') FROM order_history h
         WHERE h.order_id = o.order_id) AS history,
       (SELECT coalesce(json_agg(to_jsonb(r) ORDER BY r.id), '[]') FROM order_refunds r
         WHERE r.order_id = o.order_id) AS refunds
       FROM orders o WHERE ${where}`,
    params,
  );
  if (!rows[0]) return notFound;
  return ok({
    ...order(rows[0], viewer),
    order_address: rows[0].row.address,
    history: (rows[0].history as Row[]).map((h) => toOrderHistoryResponse(hydrate(h))),
    refunds: (rows[0].refunds as Row[]).map((r) => toOrderRefundResponse(hydrate(r))),
  });
}

const COMM_COLUMNS = `to_jsonb(o) AS row,
  (SELECT coalesce(json_agg(l.m ORDER BY l.id), '[]') FROM (
     SELECT m.id, to_jsonb(m) AS m FROM comm_messages m WHERE m.comm_order_id = o.id
      ORDER BY m.id DESC LIMIT ${LATEST}) l) AS messages,
  ${user('o.user_id')} AS customer, ${goods('o.archive_id')} AS goods`;

function commOrder(row: Row, side: 'customer' | 'staff') {
  return toCommOrderResponse(hydrate(row.row), side, {
    user: row.customer ? toUserResponse(hydrate(row.customer)) : undefined,
    goods: row.goods ? toGoodsResponse(hydrate(row.goods)) : undefined,
    messages: (row.messages as Row[]).map((m) => hydrate(m)),
  });
}

async function commPage(
  where: string,
  params: unknown[],
  order: string,
  query: Row,
  side: 'customer' | 'staff',
) {
  const { limit, offset } = window(query);
  const cap = side === 'staff' ? ` LIMIT ${CAP + 1}` : '';
  const { rows } = await statement<Row>(
    `SELECT c.total, p.* FROM (SELECT count(*)::int AS total FROM (SELECT 1 FROM comm_orders o WHERE ${where}${cap}) x) c
       LEFT JOIN LATERAL (SELECT row_number() OVER () AS position, page.* FROM (
         SELECT o.id, ${COMM_COLUMNS} FROM comm_orders o WHERE ${where}
          ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) page) p ON true
      ORDER BY p.position`,
    params,
  );
  const items = rows.filter((r) => r.id !== null).map((r) => commOrder(r, side));
  const total = rows[0].total as number;
  return side === 'staff' ? ok(items, Math.min(total, CAP), total > CAP) : ok(items, total);
}

async function commDetail(where: string, params: unknown[], side: 'customer' | 'staff') {
  const { rows } = await statement<Row>(
    `SELECT ${COMM_COLUMNS},
       (SELECT coalesce(json_agg(to_jsonb(q) ORDER BY q.version DESC), '[]') FROM comm_quotes q
         WHERE q.comm_order_id = o.id) AS quotes
       FROM comm_orders o WHERE ${where}`,
    params,
  );
  if (!rows[0]) return notFound;
  return ok({
    ...commOrder(rows[0], side),
    quotes: (rows[0].quotes as Row[]).map((q) => toCommQuoteResponse(hydrate(q))),
  });
}

const ARCHIVE_COLUMNS = (enabledOnly: boolean) => `to_jsonb(a) AS row,
  (SELECT coalesce(json_agg(to_jsonb(s) ORDER BY s.id), '[]') FROM archive_skus s
    WHERE s.archive_id = a.id${enabledOnly ? ' AND s.status = 1' : ''}) AS skus`;

const app = Fastify();
type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
const get = (path: string, handler: Handler) => app.get(path, handler);

get('/api/user/detail', async (request) => {
  const me = await customer(request);
  return me ? ok(toUserResponse(hydrate(me))) : notLoggedIn;
});

get('/api/orders', async (request) => {
  const me = await customer(request);
  return me ? orderPage('o.user_id = $1', [me.id], request.query as Row, 'customer') : notLoggedIn;
});

get('/api/order/detail', async (request) => {
  const me = await customer(request);
  if (!me) return notLoggedIn;
  return orderDetail(
    'o.order_id = $1 AND o.user_id = $2',
    [(request.query as Row).order_id, me.id],
    'customer',
  );
});

get('/system/api/plugin/order/list', async (request) => {
  const query = request.query as Row;
  if (!(await staff(request))) return notLoggedIn;
  const params: unknown[] = [];
  let where = 'TRUE';
  if (query.status === 'paid') {
    params.push(1);
    where = 'o.status = $1';
  }
  return orderPage(where, params, query, 'staff');
});

get('/api/communication/orders', async (request) => {
  const me = await customer(request);
  if (!me) return notLoggedIn;
  return commPage('o.user_id = $1', [me.id], 'o.id DESC', request.query as Row, 'customer');
});

get('/api/communication/order/detail', async (request) => {
  const me = await customer(request);
  if (!me) return notLoggedIn;
  return commDetail(
    'o.id = $1 AND o.user_id = $2',
    [Number((request.query as Row).id), me.id],
    'customer',
  );
});

get('/api/communication/messages', async (request) => {
  const me = await customer(request);
  if (!me) return notLoggedIn;
  const query = request.query as Row;
  const { limit, offset } = window(query);
  // The ownership check and the page in one statement.
  const { rows } = await statement<Row>(
    `SELECT o.message_count,
       (SELECT coalesce(json_agg(p.m ORDER BY p.id), '[]') FROM (
          SELECT m.id, to_jsonb(m) AS m FROM comm_messages m WHERE m.comm_order_id = o.id
           ORDER BY m.id DESC LIMIT ${limit} OFFSET ${offset}) p) AS messages
       FROM comm_orders o WHERE o.id = $1 AND o.user_id = $2`,
    [Number(query.comm_order_id), me.id],
  );
  if (!rows[0]) return notFound;
  return ok(
    (rows[0].messages as Row[]).map((m) => toCommMessageResponse(hydrate(m))),
    rows[0].message_count as number,
  );
});

get('/system/api/communication/order/list', async (request) => {
  if (!(await staff(request))) return notLoggedIn;
  return commPage(
    'TRUE',
    [],
    'o.waiting_since ASC NULLS LAST, o.id DESC',
    request.query as Row,
    'staff',
  );
});

get('/api/archive/list', async (request) => {
  const { limit, offset } = window(request.query as Row);
  const { rows } = await statement<Row>(
    `SELECT count(*) OVER ()::int AS total, ${ARCHIVE_COLUMNS(true)} FROM archives a
      WHERE a.status = 1 AND a.deleted_time IS NULL ORDER BY a.id DESC LIMIT ${limit} OFFSET ${offset}`,
  );
  return ok(
    rows.map((r) =>
      toGoodsWithSkus(
        hydrate(r.row),
        (r.skus as Row[]).map((s) => hydrate(s)),
      ),
    ),
    rows[0]?.total ?? 0,
  );
});

get('/api/archive/detail', async (request) => {
  // The detail also carries data.content and the product's category (as the service's does).
  const { rows } = await statement<Row>(
    `SELECT ${ARCHIVE_COLUMNS(true)},
       (SELECT to_jsonb(c) FROM categories c WHERE c.id = a.category_id) AS category
       FROM archives a
      WHERE a.id = $1 AND a.status = 1 AND a.deleted_time IS NULL`,
    [Number((request.query as Row).id)],
  );
  if (!rows[0]) return notFound;
  const category = rows[0].category as Row | null;
  return ok(
    toGoodsDetail(
      hydrate(rows[0].row),
      (rows[0].skus as Row[]).map((s) => hydrate(s)),
      category ? toCategoryResponse(hydrate<CategoryRow>(category)) : null,
    ),
  );
});

app.post('/api/communication/message/send', async (request) => {
  const me = await customer(request);
  if (!me) return notLoggedIn;
  const body = request.body as Row;
  if (body.message_type !== 'text' || typeof body.content !== 'string') return notFound;
  // Lock the request, append, bump the counters: one statement (one implicit transaction).
  const { rows } = await statement<Row>(
    `WITH o AS (SELECT id FROM comm_orders WHERE id = $1 AND user_id = $2 AND status <> -1 FOR UPDATE),
          m AS (INSERT INTO comm_messages (comm_order_id, sender_id, sender_type, sender_name, message_type, content)
                SELECT o.id, $2, 'user', $3, 'text', $4 FROM o RETURNING *),
          u AS (UPDATE comm_orders c SET message_count = c.message_count + 1, last_message_id = m.id,
                       last_message_time = m.created_time, customer_last_read_id = m.id,
                       customer_unread_count = 0, staff_unread_count = c.staff_unread_count + 1,
                       waiting_since = COALESCE(c.waiting_since, now())
                  FROM m WHERE c.id = m.comm_order_id)
     SELECT to_jsonb(m) AS row FROM m`,
    [Number(body.comm_order_id), me.id, me.user_name, body.content],
  );
  if (!rows[0]) return notFound;
  return ok(toCommMessageResponse(hydrate(rows[0].row)));
});

app.post('/api/order/create', async (request) => {
  const me = await customer(request);
  if (!me) return notLoggedIn;
  const body = request.body as Row;
  const goodsId = Number(body.goods_id);
  const quantity = Number(body.quantity ?? 1);
  if (!Number.isSafeInteger(goodsId) || !Number.isSafeInteger(quantity) || quantity < 1)
    return notFound;
  // Take the stock, write the order (its number from its id), its line, its history row and its
  // event: one statement. The answer is built from what the statement wrote (its new rows are
  // not visible to its own subqueries).
  const { rows } = await statement<Row>(
    `WITH g AS (UPDATE archives SET stock = stock - $2, updated_time = now()
                 WHERE id = $1 AND status = 1 AND deleted_time IS NULL AND stock >= $2
                 RETURNING id, title, thumb, price, user_id),
          n AS (SELECT nextval(pg_get_serial_sequence('orders', 'id')) AS id FROM g),
          o AS (INSERT INTO orders (id, order_id, user_id, address_id, remark, type, status,
                                    refund_status, origin_amount, amount, discount_amount,
                                    coupon_discount_amount, coupon_id, coupon_code_id, seller_id,
                                    seller_amount, share_user_id, share_parent_user_id,
                                    share_amount, share_parent_amount, vip_group_id)
                SELECT n.id, to_char(now(), 'YYYYMMDDHH24MISS') || lpad((n.id % 10000)::text, 4, '0'),
                       $3, 0, g.title, 'goods', 0, 0, g.price * $2, g.price * $2, 0, 0, 0, 0,
                       g.user_id, 0, 0, 0, 0, 0, 0
                  FROM g, n RETURNING *),
          d AS (INSERT INTO order_details (order_id, user_id, goods_id, goods_item_id, title,
                                           sku_title, thumb, price, origin_price, amount,
                                           origin_amount, quantity)
                SELECT o.order_id, $3, g.id, 0, g.title, '', g.thumb, g.price, g.price, o.amount,
                       o.amount, $2 FROM o, g RETURNING *),
          h AS (INSERT INTO order_history (order_id, action, actor_kind, actor_id, from_status,
                                           to_status, from_refund_status, to_refund_status, note)
                SELECT o.order_id, 'create', 'customer', $3, NULL, 0, NULL, 0, '' FROM o RETURNING *),
          e AS (INSERT INTO domain_events (type, user_id, order_id, status, actor)
                SELECT 'order.created', $3, o.order_id, 0, 'customer' FROM o
                RETURNING id, pg_notify('domain_events', id::text))
     SELECT to_jsonb(o) AS row,
       (SELECT coalesce(json_agg(json_build_object('row', to_jsonb(d), 'goods', ${goods('d.goods_id')})), '[]')
          FROM d) AS details,
       ${user('o.user_id')} AS buyer,
       (SELECT coalesce(json_agg(to_jsonb(h)), '[]') FROM h) AS history
       FROM o`,
    [goodsId, quantity, me.id],
  );
  if (!rows[0]) return notFound;
  return ok({
    ...order(rows[0], 'customer'),
    order_address: rows[0].row.address,
    history: (rows[0].history as Row[]).map((h) => toOrderHistoryResponse(hydrate(h))),
    refunds: [],
  });
});

void app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  const { port } = app.server.address() as { port: number };
  process.send?.({ port });
});
process.on('message', (message) => {
  if (message === 'rss') process.send?.({ rss: process.resourceUsage().maxRSS });
  if (message === 'stop')
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
});
