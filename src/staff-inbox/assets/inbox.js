// The staff inbox's one script (progressive enhancement: every page works without it).
// It shows times in the browser's zone, moves in the inbox with j/k, sends replies without a
// reload and keeps the page live over the staff event stream (docs/events.md): on an event it
// fetches the affected HTML fragment from the server, it never renders data itself.
(() => {
  'use strict';
  const body = document.body;
  const csrf = body.dataset.csrf || '';
  const requestId = body.dataset.requestId || '';
  const AJAX = { 'x-requested-with': 'staff-inbox' };

  const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  function localTimes(root) {
    root.querySelectorAll('time[datetime]').forEach((el) => {
      const date = new Date(el.getAttribute('datetime'));
      if (!Number.isNaN(date.getTime())) el.textContent = timeFormat.format(date);
    });
  }
  localTimes(document);

  // Expiry dates are days in the browser's zone: tell the server which zone that is.
  document.querySelectorAll('[data-utc-offset]').forEach((input) => {
    input.value = String(-new Date().getTimezoneOffset());
  });

  async function fragment(url) {
    const res = await fetch(url, { headers: AJAX, credentials: 'same-origin' });
    if (res.status === 401) {
      window.location.reload(); // the session ended: the page sends to sign-in
      return null;
    }
    return res.ok ? res.text() : null;
  }

  function scrollLogToEnd() {
    const log = document.getElementById('thread-log');
    if (log) log.scrollTop = log.scrollHeight;
  }
  scrollLogToEnd();

  async function refreshInbox() {
    const list = document.getElementById('inbox-list');
    if (!list) return;
    const html = await fragment(`/staff/inbox/list${list.dataset.query || ''}`);
    if (html === null) return;
    const focused = document.activeElement && document.activeElement.closest('[data-request-id]');
    const focusedId = focused && list.contains(focused) ? focused.dataset.requestId : null;
    list.innerHTML = html;
    localTimes(list);
    if (requestId) {
      const current = list.querySelector(`[data-request-id="${requestId}"] .request-link`);
      if (current) current.setAttribute('aria-current', 'page');
    }
    if (focusedId) {
      const again = list.querySelector(`[data-request-id="${focusedId}"] .request-link`);
      if (again) again.focus();
    }
  }

  // A live refresh of the forms (a status change while staff type a quote or a reply) must not
  // wipe what they typed: values of the fields the new HTML has again are put back, and focus.
  function keepingWhatIsTyped(target, replace) {
    const typed = [...target.querySelectorAll('input, textarea, select')]
      .filter((field) => field.id && !field.readOnly && !['hidden', 'file'].includes(field.type))
      .map((field) => [field.id, field.value]);
    const focused = target.contains(document.activeElement) ? document.activeElement.id : '';
    replace();
    for (const [id, value] of typed) {
      const field = document.getElementById(id);
      if (field && target.contains(field) && !field.readOnly) field.value = value;
    }
    if (focused) document.getElementById(focused)?.focus();
  }

  async function refreshThreadPart(part) {
    const target = document.getElementById(`thread-${part}`);
    if (!target || !requestId) return;
    const html = await fragment(`/staff/requests/${requestId}/${part}`);
    if (html === null) return;
    keepingWhatIsTyped(target, () => {
      target.innerHTML = html;
    });
    localTimes(target);
    target.querySelectorAll('[data-utc-offset]').forEach((input) => {
      input.value = String(-new Date().getTimezoneOffset());
    });
    if (part === 'log') scrollLogToEnd();
  }

  // Several events in a burst become one fetch per fragment.
  const pending = new Set();
  let flushTimer = 0;
  function schedule(what) {
    pending.add(what);
    if (!flushTimer) {
      flushTimer = window.setTimeout(() => {
        flushTimer = 0;
        const jobs = [...pending];
        pending.clear();
        jobs.forEach((job) => {
          if (job === 'inbox') void refreshInbox();
          else void refreshThreadPart(job);
        });
      }, 100);
    }
  }

  function onEvent(event) {
    schedule('inbox');
    if (!requestId || String(event.comm_order_id) !== requestId) return;
    if (event.type === 'comm.thread.read') return;
    schedule('log');
    const statusChanged =
      event.status !== null &&
      event.status !== undefined &&
      String(event.status) !== body.dataset.status;
    if (statusChanged || event.type !== 'comm.message.created') {
      if (event.status !== null && event.status !== undefined)
        body.dataset.status = String(event.status);
      schedule('summary');
      schedule('actions');
    }
  }

  const EVENT_TYPES = [
    'comm.order.created',
    'comm.order.updated',
    'comm.order.cancelled',
    'comm.message.created',
    'comm.thread.read',
    'comm.quote.sent',
    'comm.quote.expired',
    'comm.quote.accepted',
    'comm.quote.rejected',
    'order.created',
    'order.paid',
    'order.shipped',
    'order.finished',
    'order.cancelled',
    'order.closed',
  ];

  const liveStatus = document.getElementById('live-status');
  function showLive(on) {
    if (!liveStatus) return;
    liveStatus.textContent = on ? liveStatus.dataset.on : liveStatus.dataset.off;
    liveStatus.classList.toggle('off', !on);
  }

  // A ticket opens one stream; a broken stream is reopened with a new ticket and the last id
  // seen, so nothing in between is lost.
  let lastEventId = '';
  let retryMs = 1000;
  async function connect() {
    let source;
    try {
      const res = await fetch('/staff/events/ticket', {
        method: 'POST',
        headers: { ...AJAX, 'x-csrf-token': csrf },
        credentials: 'same-origin',
      });
      if (res.status === 401) return window.location.reload();
      if (!res.ok) throw new Error(`ticket: ${res.status}`);
      const { ticket } = await res.json();
      const query = new URLSearchParams({ ticket });
      if (lastEventId) query.set('last_event_id', lastEventId);
      source = new EventSource(`/system/api/events?${query}`);
    } catch {
      showLive(false);
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
      return;
    }
    source.onopen = () => {
      retryMs = 1000;
      showLive(true);
    };
    EVENT_TYPES.forEach((type) =>
      source.addEventListener(type, (e) => {
        if (e.lastEventId) lastEventId = e.lastEventId;
        onEvent(JSON.parse(e.data));
      }),
    );
    source.addEventListener('reset', (e) => {
      if (e.lastEventId) lastEventId = e.lastEventId;
      ['inbox', 'log', 'summary', 'actions'].forEach(schedule);
    });
    source.onerror = () => {
      source.close();
      showLive(false);
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    };
  }
  // After `load`: a stream opened earlier would keep the page "loading" for as long as it lives.
  if (csrf && document.getElementById('inbox-list')) {
    if (document.readyState === 'complete') void connect();
    else window.addEventListener('load', () => void connect(), { once: true });
  }

  // Reply without a reload; focus goes back to the reply box.
  const replyForm = document.getElementById('reply-form');
  if (replyForm) {
    replyForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const box = replyForm.querySelector('textarea');
      const button = replyForm.querySelector('button');
      button.disabled = true;
      try {
        const res = await fetch(replyForm.action, {
          method: 'POST',
          headers: AJAX,
          credentials: 'same-origin',
          body: new URLSearchParams(new FormData(replyForm)),
        });
        if (res.status === 401) return window.location.reload();
        if (!res.ok) {
          showError(replyForm, await res.text());
          return;
        }
        box.value = '';
        showError(replyForm, '');
        await refreshThreadPart('log');
      } finally {
        button.disabled = false;
        box.focus();
      }
    });
  }

  function showError(form, message) {
    let alert = form.querySelector('.alert');
    if (!alert) {
      alert = document.createElement('p');
      alert.className = 'alert';
      alert.setAttribute('role', 'alert');
      form.append(alert);
    }
    alert.textContent = message;
    alert.hidden = !message;
  }

  // j / k move between requests, Enter opens the focused one (a link: the browser's own Enter).
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'j' && e.key !== 'k')) return;
    const target = e.target;
    if (target.closest('input, textarea, select, [contenteditable]')) return;
    const links = [...document.querySelectorAll('#inbox-list .request-link')];
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    const from = at >= 0 ? at : links.findIndex((link) => link.getAttribute('aria-current'));
    const next = e.key === 'j' ? Math.min(from + 1, links.length - 1) : Math.max(from - 1, 0);
    links[from < 0 && e.key === 'j' ? 0 : next].focus();
    e.preventDefault();
  });
})();
