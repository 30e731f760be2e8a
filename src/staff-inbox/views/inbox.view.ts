import { COMM_ORDER_STATUSES } from '../../communication/comm-order-status.js';
import type { CommOrderResponseDto } from '../../communication/dto/comm-order.response.dto.js';
import { Html, html, safeUrl } from './html.js';
import { INBOX_PATH, layout, PageContext, timeOf } from './layout.view.js';

/** The inbox's filters as the page's query string carries them. */
export interface InboxFilters {
  status?: number;
  unread: boolean;
  customer?: string;
  text?: string;
  page: number;
}

export interface InboxView {
  rows: CommOrderResponseDto[];
  total: number;
  pageSize: number;
  filters: InboxFilters;
  /** Product titles by archive id. */
  products: Map<number, string>;
}

export function inboxQuery(filters: InboxFilters, page = filters.page): string {
  const query = new URLSearchParams();
  if (filters.status !== undefined) query.set('status', String(filters.status));
  if (filters.unread) query.set('unread', '1');
  if (filters.customer) query.set('customer', filters.customer);
  if (filters.text) query.set('text', filters.text);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `?${text}` : '';
}

export function customerName(row: CommOrderResponseDto): string {
  return row.user?.real_name || row.user?.user_name || `#${row.user_id}`;
}

/** The inbox column: filters, then the list (the part live updates replace). */
export function inboxSection(ctx: PageContext, view: InboxView, selectedId?: number): Html {
  const { t } = ctx;
  const f = view.filters;
  return html`<section class="inbox" aria-labelledby="inbox-title">
    <h1 id="inbox-title">${t('inbox')}</h1>
    <form
      class="filters"
      method="get"
      action="${INBOX_PATH}"
      role="search"
      aria-label="${t('filters')}"
    >
      <div class="field">
        <label for="filter-status">${t('status')}</label>
        <select id="filter-status" name="status">
          <option value="">${t('anyStatus')}</option>
          ${COMM_ORDER_STATUSES.map(
            (status) =>
              html`<option value="${status}" ${f.status === status ? html` selected` : null}>
                ${t(`status.${status}`)}
              </option>`,
          )}
        </select>
      </div>
      <div class="field">
        <label for="filter-customer">${t('searchCustomer')}</label>
        <input id="filter-customer" name="customer" value="${f.customer ?? ''}" maxlength="64" />
      </div>
      <div class="field">
        <label for="filter-text">${t('searchText')}</label>
        <input id="filter-text" name="text" value="${f.text ?? ''}" maxlength="100" />
      </div>
      <div class="field check">
        <input
          id="filter-unread"
          type="checkbox"
          name="unread"
          value="1"
          ${f.unread ? html` checked` : null}
        />
        <label for="filter-unread">${t('unreadOnly')}</label>
      </div>
      <button type="submit">${t('apply')}</button>
    </form>
    <p class="hint">${t('keyboardHint')}</p>
    <div id="inbox-list" data-query="${inboxQuery(f)}">${inboxList(ctx, view, selectedId)}</div>
  </section>`;
}

/** The list and its pager: the fragment /staff/inbox/list answers. */
export function inboxList(ctx: PageContext, view: InboxView, selectedId?: number): Html {
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const page = Math.min(view.filters.page, pages);
  if (!view.rows.length) return html`<p class="empty">${t('noRequests')}</p>`;
  return html`<ol class="requests" id="inbox-items">
      ${view.rows.map((row) => requestRow(ctx, view, row, row.id === selectedId))}
    </ol>
    <nav class="pager" aria-label="${t('pageOf', { page, pages })}">
      ${page > 1 ? html`<a rel="prev" href="${INBOX_PATH}${inboxQuery(view.filters, page - 1)}">${t('previous')}</a>` : null}
      <span>${t('pageOf', { page, pages })}</span>
      ${page < pages ? html`<a rel="next" href="${INBOX_PATH}${inboxQuery(view.filters, page + 1)}">${t('next')}</a>` : null}
    </nav>`;
}

function requestRow(
  ctx: PageContext,
  view: InboxView,
  row: CommOrderResponseDto,
  selected: boolean,
): Html {
  const { t } = ctx;
  const product = view.products.get(row.archive_id) ?? `#${row.archive_id}`;
  const activity = Math.max(row.last_message_time, row.updated_time);
  return html`<li
    class="request${row.unread_count ? ' has-unread' : ''}"
    data-request-id="${row.id}"
  >
    <a
      class="request-link"
      href="/staff/requests/${row.id}${inboxQuery(view.filters)}"
      ${selected ? html` aria-current="page"` : null}
    >
      ${row.thumb ? html`<img class="request-thumb" src="${safeUrl(row.thumb)}" alt="" loading="lazy" />` : null}
      <span class="request-main">
        <span class="request-title">${row.title || `#${row.id}`}</span>
        <span class="request-meta"
          ><span class="visually-hidden">${t('customer')}: </span>${customerName(row)} ·
          <span class="visually-hidden">${t('product')}: </span>${product}</span
        >
      </span>
      <span class="request-side">
        <span class="status status-${row.status}">${t(`status.${row.status}` as 'status.0')}</span>
        ${
          row.unread_count
            ? html`<span class="unread-count" data-unread="${row.unread_count}"
                >${row.unread_count}<span class="visually-hidden"> ${t('unread')}</span></span
              >`
            : html`<span class="unread-count" data-unread="0" hidden>0</span>`
        }
        <span class="request-time"
          ><span class="visually-hidden">${t('lastActivity')}: </span>${timeOf(ctx, activity)}</span
        >
      </span>
    </a>
  </li>`;
}

export function inboxPage(ctx: PageContext, view: InboxView): Html {
  return layout(ctx, ctx.t('inbox'), html`<div class="split">${inboxSection(ctx, view)}</div>`, {
    page: 'inbox',
  });
}
