/**
 * The staff pages' words in English and Simplified Chinese. The tests find controls by their
 * English names, so those are part of the contract (docs/staff-inbox.md).
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const EN = {
  title: 'Staff inbox',
  skip: 'Skip to content',
  signInTitle: 'Sign in',
  userName: 'User name',
  password: 'Password',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  badLogin: 'The user name or password is wrong, or the account is disabled.',
  notForRoleTitle: 'Not for your role',
  notForRole:
    'Customization requests are handled by the service and owner roles. Your role ({role}) has other pages; ask an owner if you need this one.',
  refusedTitle: 'That did not work',
  back: 'Back',
  backToInbox: 'Back to the inbox',
  inbox: 'Requests',
  filters: 'Filters',
  status: 'Status',
  anyStatus: 'Any status',
  unreadOnly: 'Unread only',
  searchCustomer: 'Customer',
  searchText: 'Product or text',
  apply: 'Apply',
  customer: 'Customer',
  product: 'Product',
  unread: 'unread',
  lastActivity: 'Last activity',
  noRequests: 'No requests match.',
  previous: 'Previous',
  next: 'Next',
  pageOf: 'Page {page} of {pages}',
  request: 'Request',
  thread: 'Messages',
  olderMessages: 'Older messages',
  reply: 'Reply',
  send: 'Send',
  attachImage: 'Image',
  sendImage: 'Send image',
  quote: 'Quote',
  price: 'Price',
  priceHint: 'In yuan, up to two decimals, e.g. 9900 or 99.50',
  quantity: 'Quantity',
  quantityHint: 'A quote prices the whole request: one order line of quantity 1.',
  expires: 'Expires',
  expiresHint: 'Optional: the last day the customer may accept.',
  note: 'Note',
  sendQuote: 'Send quote',
  cancelRequest: 'Cancel request',
  cancelReason: 'Reason',
  cancel: 'Cancel the request',
  quoteCard: 'Quote v{version}',
  current: 'current',
  superseded: 'superseded',
  noExpiry: 'no expiry',
  shopOrder: 'Shop order',
  noShopOrder: 'No shop order yet',
  images: 'Images',
  phone: 'Phone',
  noActions: 'Nothing more can be done on this request.',
  system: 'System',
  live: 'Live updates',
  liveOff: 'Live updates paused, reconnecting…',
  language: 'Language',
  keyboardHint: 'Keys: j / k move, Enter opens',
  'status.-1': 'Cancelled',
  'status.0': 'Pending',
  'status.1': 'In communication',
  'status.2': 'Quoted',
  'status.3': 'Accepted',
  'status.4': 'Rejected',
  // A shop order's status as the orders API sends it (docs/orders.md).
  'orderStatus.-1': 'Closed',
  'orderStatus.0': 'Waiting for payment',
  'orderStatus.1': 'Paid',
  'orderStatus.2': 'Shipped',
  'orderStatus.3': 'Finished',
  'orderStatus.8': 'Refund requested',
  'orderStatus.9': 'Refunded',
  'quoteState.open': 'Waiting for the customer',
  'quoteState.accepted': 'Accepted',
  'quoteState.rejected': 'Rejected',
  'quoteState.superseded': 'Superseded',
  'quoteState.expired': 'Expired or withdrawn',
  'quoteState.cancelled': 'Request cancelled',
};

export type MessageKey = keyof typeof EN;

const ZH: Record<MessageKey, string> = {
  title: '客服收件箱',
  skip: '跳到正文',
  signInTitle: '登录',
  userName: '用户名',
  password: '密码',
  signIn: '登录',
  signOut: '退出',
  signedInAs: '当前账号',
  badLogin: '用户名或密码错误,或账号已停用。',
  notForRoleTitle: '您的角色无权使用此页',
  notForRole:
    '定制需求由客服(service)和店主(owner)角色处理。您的角色({role})有其他页面;如需此页请联系店主。',
  refusedTitle: '操作未成功',
  back: '返回',
  backToInbox: '返回收件箱',
  inbox: '定制需求',
  filters: '筛选',
  status: '状态',
  anyStatus: '全部状态',
  unreadOnly: '只看未读',
  searchCustomer: '客户',
  searchText: '商品或内容',
  apply: '应用',
  customer: '客户',
  product: '商品',
  unread: '未读',
  lastActivity: '最近活动',
  noRequests: '没有符合条件的需求。',
  previous: '上一页',
  next: '下一页',
  pageOf: '第 {page} / {pages} 页',
  request: '需求',
  thread: '消息',
  olderMessages: '更早的消息',
  reply: '回复',
  send: '发送',
  attachImage: '图片',
  sendImage: '发送图片',
  quote: '报价',
  price: '价格',
  priceHint: '单位:元,最多两位小数,如 9900 或 99.50',
  quantity: '数量',
  quantityHint: '报价针对整个需求:一个订单行,数量为 1。',
  expires: '有效期至',
  expiresHint: '可选:客户可接受报价的最后一天。',
  note: '说明',
  sendQuote: '发送报价',
  cancelRequest: '取消需求',
  cancelReason: '原因',
  cancel: '取消此需求',
  quoteCard: '报价 v{version}',
  current: '当前',
  superseded: '已被替换',
  noExpiry: '无期限',
  shopOrder: '商城订单',
  noShopOrder: '尚无商城订单',
  images: '图片',
  phone: '电话',
  noActions: '此需求已无可执行的操作。',
  system: '系统',
  live: '实时更新',
  liveOff: '实时更新中断,正在重连…',
  language: '语言',
  keyboardHint: '快捷键:j / k 移动,Enter 打开',
  'status.-1': '已取消',
  'status.0': '待处理',
  'status.1': '沟通中',
  'status.2': '已报价',
  'status.3': '已接受',
  'status.4': '已拒绝',
  'orderStatus.-1': '已关闭',
  'orderStatus.0': '待付款',
  'orderStatus.1': '已付款',
  'orderStatus.2': '已发货',
  'orderStatus.3': '已完成',
  'orderStatus.8': '退款中',
  'orderStatus.9': '已退款',
  'quoteState.open': '等待客户答复',
  'quoteState.accepted': '已接受',
  'quoteState.rejected': '已拒绝',
  'quoteState.superseded': '已被替换',
  'quoteState.expired': '已过期或撤回',
  'quoteState.cancelled': '需求已取消',
};

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en: EN, 'zh-CN': ZH };

/** Words of one locale; `{name}` placeholders are filled from `vars`. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const words = MESSAGES[locale];
  return (key, vars) =>
    (words[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The page language: the switch's choice (a cookie) first, else the first `Accept-Language`
 * entry that is Chinese or English, else English.
 */
export function pickLocale(chosen: unknown, acceptLanguage: string | undefined): Locale {
  if (isLocale(chosen)) return chosen;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
      return { tag, q: q ? Number(q[1]) : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
