import { CommOrderStatus } from '../../communication/comm-order-status.js';
import type {
  CommMessageResponseDto,
  CommOrderDetailResponseDto,
  CommQuoteResponseDto,
} from '../../communication/dto/comm-order.response.dto.js';
import {
  MAX_CONTENT_LENGTH,
  MAX_REASON_LENGTH,
} from '../../communication/dto/comm-order.request.dto.js';
import { Html, html, safeUrl } from './html.js';
import type { MessageKey } from './i18n.js';
import { customerName, inboxSection, InboxView } from './inbox.view.js';
import { INBOX_PATH, layout, money, PageContext, timeOf } from './layout.view.js';

/** Everything a thread page shows, read through the communication and orders modules. */
export interface ThreadView {
  request: CommOrderDetailResponseDto;
  /** A page of the thread, oldest first, and the id to scroll back from (0: none older). */
  messages: CommMessageResponseDto[];
  olderThan: number;
  productTitle: string;
  shopOrder: { number: string; status: number } | null;
}

export function statusLabel(ctx: PageContext, status: number): string {
  return ctx.t(`status.${status}` as MessageKey);
}

export function threadPage(ctx: PageContext, view: ThreadView, inbox: InboxView): Html {
  const { request } = view;
  return layout(
    ctx,
    request.title || `#${request.id}`,
    html`<div class="split has-thread">
      ${inboxSection(ctx, inbox, request.id)}
      <section class="thread" aria-labelledby="thread-title">
        <p class="back"><a href="${INBOX_PATH}">${ctx.t('backToInbox')}</a></p>
        <div id="thread-summary">${threadSummary(ctx, view)}</div>
        <h2 class="visually-hidden" id="thread-log-title">${ctx.t('thread')}</h2>
        ${view.olderThan ? html`<p class="older"><a href="/staff/requests/${request.id}?before=${view.olderThan}">${ctx.t('olderMessages')}</a></p>` : null}
        <div
          id="thread-log"
          class="log"
          role="log"
          aria-live="polite"
          aria-labelledby="thread-log-title"
          tabindex="0"
        >
          ${threadLog(ctx, view)}
        </div>
        ${replyForms(ctx, view)}
        <div id="thread-actions">${threadActions(ctx, view)}</div>
      </section>
    </div>`,
    { page: 'thread', 'request-id': request.id, status: request.status },
  );
}

/** The request itself: who, what, status, shop order, quotes. */
export function threadSummary(ctx: PageContext, view: ThreadView): Html {
  const { t } = ctx;
  const r = view.request;
  return html`<header class="thread-head" data-status="${r.status}">
      <h1 id="thread-title">${r.title || `#${r.id}`}</h1>
      <span class="status status-${r.status}">${statusLabel(ctx, r.status)}</span>
    </header>
    <dl class="facts">
      <div>
        <dt>${t('customer')}</dt>
        <dd>
          ${r.user ? customerName(r) : `#${r.user_id}`}${r.user?.user_name && r.user.real_name ? html` <span class="muted">(${r.user.user_name})</span>` : null}
        </dd>
      </div>
      <div>
        <dt>${t('product')}</dt>
        <dd>${view.productTitle}</dd>
      </div>
      ${
        r.phone
          ? html`<div>
              <dt>${t('phone')}</dt>
              <dd>${r.phone}</dd>
            </div>`
          : null
      }
      <div>
        <dt>${t('shopOrder')}</dt>
        <dd>
          ${
            view.shopOrder
              ? html`<span class="order-number">${view.shopOrder.number}</span>
                  <span class="status"
                    >${ctx.t(`orderStatus.${view.shopOrder.status}` as MessageKey)}</span
                  >`
              : t('noShopOrder')
          }
        </dd>
      </div>
    </dl>
    ${r.content ? html`<p class="request-content">${r.content}</p>` : null}
    ${r.images.length ? html`<div class="images" aria-label="${t('images')}">${r.images.map((url, i) => thumbnail(url, `${t('images')} ${i + 1}`))}</div>` : null}`;
}

/** The messages: the live region the script refreshes. */
export function threadLog(ctx: PageContext, view: ThreadView): Html {
  return html`<ol class="messages">
    ${view.messages.map((message) => messageItem(ctx, view, message))}
  </ol>`;
}

function messageItem(ctx: PageContext, view: ThreadView, m: CommMessageResponseDto): Html {
  const from = m.sender_type === 'system' ? ctx.t('system') : m.sender_name;
  return html`<li
    class="message from-${m.sender_type} type-${m.message_type}"
    data-message-id="${m.id}"
  >
    <div class="message-head">
      <span class="sender">${from}</span> ${timeOf(ctx, m.created_time)}
    </div>
    ${messageBody(ctx, view, m)}
  </li>`;
}

function messageBody(ctx: PageContext, view: ThreadView, m: CommMessageResponseDto): Html {
  if (m.message_type === 'image')
    return thumbnail(m.content, `${ctx.t('images')}: ${m.sender_name}`);
  if (m.message_type === 'quote') {
    const quote = view.request.quotes.find((q) => q.version === m.quote_version);
    if (quote) return quoteCard(ctx, view, quote);
  }
  return html`<p class="text">${m.content}</p>`;
}

function thumbnail(url: string, alt: string): Html {
  const href = safeUrl(url);
  return html`<a class="thumb-link" href="${href}" target="_blank" rel="noopener noreferrer"
    ><img class="thumb" src="${href}" alt="${alt}" loading="lazy"
  /></a>`;
}

/** Where a quote version stands, read from the request's status and current version. */
function quoteState(view: ThreadView, quote: CommQuoteResponseDto): MessageKey {
  const r = view.request;
  if (quote.version !== r.quote_version) return 'quoteState.superseded';
  switch (r.status as CommOrderStatus) {
    case CommOrderStatus.Quoted:
      return 'quoteState.open';
    case CommOrderStatus.Accepted:
      return 'quoteState.accepted';
    case CommOrderStatus.Rejected:
      return 'quoteState.rejected';
    case CommOrderStatus.Cancelled:
      return 'quoteState.cancelled';
    default:
      return 'quoteState.expired';
  }
}

function quoteCard(ctx: PageContext, view: ThreadView, quote: CommQuoteResponseDto): Html {
  const { t } = ctx;
  const state = quoteState(view, quote);
  return html`<article
    class="quote-card state-${state.split('.')[1]}"
    aria-label="${t('quoteCard', { version: quote.version })}"
  >
    <h3>
      ${t('quoteCard', { version: quote.version })} <span class="quote-state">${t(state)}</span>
    </h3>
    <dl>
      <div>
        <dt>${t('price')}</dt>
        <dd class="price">${money(ctx, quote.quote_amount)}</dd>
      </div>
      <div>
        <dt>${t('quantity')}</dt>
        <dd>1</dd>
      </div>
      <div>
        <dt>${t('expires')}</dt>
        <dd>${quote.valid_until ? timeOf(ctx, quote.valid_until) : t('noExpiry')}</dd>
      </div>
    </dl>
    <p class="text">${quote.quote_content}</p>
  </article>`;
}

/** Reply and image forms, offered only while the thread takes messages. */
function replyForms(ctx: PageContext, view: ThreadView): Html | null {
  const { t, staff } = ctx;
  const r = view.request;
  if (!r.allowed_actions.includes('send_message') || !staff) return null;
  return html`<form
      id="reply-form"
      class="reply"
      method="post"
      action="/staff/requests/${r.id}/reply"
    >
      <input type="hidden" name="csrf" value="${staff.csrf}" />
      <label for="reply">${t('reply')}</label>
      <textarea
        id="reply"
        name="content"
        rows="3"
        required
        maxlength="${MAX_CONTENT_LENGTH}"
      ></textarea>
      <button type="submit">${t('send')}</button>
    </form>
    <form
      id="image-form"
      class="reply-image"
      method="post"
      enctype="multipart/form-data"
      action="/staff/requests/${r.id}/image?csrf=${encodeURIComponent(staff.csrf)}"
    >
      <label for="image">${t('attachImage')}</label>
      <input
        id="image"
        name="file"
        type="file"
        accept="image/jpeg,image/png,image/gif,image/webp"
        required
      />
      <button type="submit">${t('sendImage')}</button>
    </form>`;
}

/** Quote and cancel, as allowed_actions offers them (the script refreshes them on a status change). */
export function threadActions(ctx: PageContext, view: ThreadView): Html {
  const { t, staff } = ctx;
  const r = view.request;
  if (!staff) return html``;
  const forms: Html[] = [];
  if (r.allowed_actions.includes('quote')) {
    forms.push(
      html`<form
        class="quote-form"
        method="post"
        action="/staff/requests/${r.id}/quote"
        aria-labelledby="quote-title"
      >
        <h2 id="quote-title">${t('quote')}</h2>
        <input type="hidden" name="csrf" value="${staff.csrf}" />
        <input type="hidden" name="utc_offset" value="" data-utc-offset />
        <div class="field">
          <label for="quote-price">${t('price')}</label>
          <input
            id="quote-price"
            name="price"
            inputmode="decimal"
            required
            pattern="\\d{1,8}(\\.\\d{1,2})?"
            aria-describedby="quote-price-hint"
          />
          <small id="quote-price-hint">${t('priceHint')}</small>
        </div>
        <div class="field">
          <label for="quote-quantity">${t('quantity')}</label>
          <input
            id="quote-quantity"
            name="quantity"
            type="number"
            value="1"
            min="1"
            max="1"
            readonly
            aria-describedby="quote-quantity-hint"
          />
          <small id="quote-quantity-hint">${t('quantityHint')}</small>
        </div>
        <div class="field">
          <label for="quote-expires">${t('expires')}</label>
          <input
            id="quote-expires"
            name="expires"
            type="date"
            aria-describedby="quote-expires-hint"
          />
          <small id="quote-expires-hint">${t('expiresHint')}</small>
        </div>
        <div class="field">
          <label for="quote-note">${t('note')}</label>
          <textarea
            id="quote-note"
            name="note"
            rows="2"
            required
            maxlength="${MAX_CONTENT_LENGTH}"
          ></textarea>
        </div>
        <button type="submit">${t('sendQuote')}</button>
      </form>`,
    );
  }
  if (r.allowed_actions.includes('cancel')) {
    forms.push(
      html`<form
        class="cancel-form"
        method="post"
        action="/staff/requests/${r.id}/cancel"
        aria-labelledby="cancel-title"
      >
        <h2 id="cancel-title">${t('cancelRequest')}</h2>
        <input type="hidden" name="csrf" value="${staff.csrf}" />
        <div class="field">
          <label for="cancel-reason">${t('cancelReason')}</label>
          <input id="cancel-reason" name="reason" required maxlength="${MAX_REASON_LENGTH}" />
        </div>
        <button type="submit" class="danger">${t('cancel')}</button>
      </form>`,
    );
  }
  if (!forms.length && !r.allowed_actions.includes('send_message'))
    return html`<p class="muted">${t('noActions')}</p>`;
  return html`${forms}`;
}
