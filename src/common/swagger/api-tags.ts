import { ApiTags } from '@nestjs/swagger';

/**
 * Every Swagger tag, in the order Swagger UI lists them: the customer API first, then staff
 * (all named "Staff: …"), then what machines call. One tag per path; each says what it holds.
 */
export const API_TAGS = [
  {
    name: 'Account',
    description: 'Register, log in (sets the token cookie too), the profile, password and groups',
  },
  { name: 'Catalogue', description: 'Products (archives) and categories, as AnqiCMS serves them' },
  { name: 'Shop settings', description: 'The shop name, contact details, home page and banners' },
  {
    name: 'Communication orders',
    description:
      'Customization requests: open one for a product, talk with staff in its thread, accept or reject their quote',
  },
  {
    name: 'Orders',
    description: 'Shop orders: place, pay (balance, offline or a gateway), cancel, finish, refund',
  },
  { name: 'Order addresses', description: 'The customer’s delivery addresses' },
  { name: 'Coupons', description: 'Check a coupon code against an order before placing it' },
  { name: 'Wallet', description: 'The customer’s balance and its history' },
  {
    name: 'Notifications',
    description:
      'Which mails the customer gets (one switch per category), and the one-click unsubscribe link every mail carries',
  },
  { name: 'Attachments', description: 'Upload images for requests and messages; serve them' },
  {
    name: 'Events',
    description: 'Live updates of the customer’s own requests and orders (server-sent events)',
  },
  {
    name: 'Staff: accounts',
    description: 'Staff login, the own account, and (owner) the staff accounts and their roles',
  },
  { name: 'Staff: audit log', description: 'Who changed what, when (owner)' },
  {
    name: 'Staff: communication orders',
    description: 'Answer requests: the waiting list, threads, replies, images, quotes, cancel',
  },
  {
    name: 'Staff: orders',
    description:
      'Orders of every customer: ship, confirm offline payment, refunds, export, settings',
  },
  { name: 'Staff: catalogue', description: 'Create, edit and remove products and categories' },
  { name: 'Staff: shop settings', description: 'Shop name, contact, home page and banners' },
  { name: 'Staff: payment settings', description: 'Gateway credentials (secrets write-only)' },
  { name: 'Staff: coupons', description: 'Coupons and their codes' },
  { name: 'Staff: customer groups', description: 'Customer groups (VIP levels) and their prices' },
  {
    name: 'Staff: customers',
    description:
      'Customer accounts at AnqiCMS’s plugin/user paths: list, read, edit (group, status), disable',
  },
  { name: 'Staff: wallet', description: 'Customer balances: adjust and read the history' },
  {
    name: 'Staff: panel',
    description:
      'What the AnqiCMS staff panel needs around its pages: site info and captcha (login page), the dashboard figures, the version check',
  },
  { name: 'Staff: events', description: 'Live updates of everything the role may see' },
  {
    name: 'Staff: mail',
    description:
      'Mail settings at AnqiCMS’s sendmail plugin paths (owner): SMTP server, staff addresses, what mails staff, a test mail, the mail log',
  },
  {
    name: 'Staff: storage',
    description:
      'Where attachments are stored (owner): local disk or an S3-compatible bucket, keys write-only',
  },
  {
    name: 'Staff: webhooks',
    description:
      'Signed outgoing webhooks (owner): endpoints, their events, deliveries, tests, replays, secret rotation',
  },
  {
    name: 'Payment notifications',
    description: 'Called by the payment gateways (notifications and returns), not by clients',
  },
  { name: 'Health', description: 'Liveness and readiness for load balancers and orchestrators' },
] as const;

export type ApiTagName = (typeof API_TAGS)[number]['name'];

/** The controller's tag, from the catalogue above (a typo does not compile). */
export const ApiTag = (name: ApiTagName) => ApiTags(name);
