/**
 * Paging large staff lists. `total` is an exact count up to COUNT_CAP rows; past it the list
 * answers `total: COUNT_CAP, total_capped: true` (counting a million rows on every page view
 * costs more than the page itself). Deep pages are reached with keyset cursors instead of
 * `current`: `before_id` = the rows after (older than) the last id you have, `after_id` = the
 * rows before (newer than) the first; each costs what the first page does, however deep.
 * `current` paging still works, for AnqiCMS clients: OFFSET, except where a list keeps per-block
 * counters for its filter (the staff order list: src/orders/order-page-counts.ts).
 */
export const COUNT_CAP = 10_000;
