import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, CommonErrors, ErrorEntry, errorEntry } from './app-error.js';

const SRC = new URL('../../', import.meta.url);

/** Every `*Errors` object exported by `src/<module>/<name>.errors.ts`, plus CommonErrors. */
async function loadCatalogues(): Promise<Map<string, Record<string, unknown>>> {
  const catalogues = new Map<string, Record<string, unknown>>([['CommonErrors', CommonErrors]]);
  for (const module of readdirSync(SRC, { withFileTypes: true })) {
    if (!module.isDirectory()) continue;
    const dir = new URL(`${module.name}/`, SRC);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.errors.ts'))) {
      const exported = (await import(fileURLToPath(new URL(file, dir)))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exported))
        if (name.endsWith('Errors') && typeof value === 'object' && value)
          catalogues.set(name, value as Record<string, unknown>);
    }
  }
  return catalogues;
}

/** Arguments for the entries that cannot build their message without them. */
const SAMPLE_ARGS: Record<string, unknown[]> = {
  'CommonErrors.validation': [['name must be a string']],
  'CommonErrors.conflict': ['This record already exists'],
  'CommErrors.invalidQuotePrice': ['price must be a whole number of fen'],
  'CommErrors.acceptBodyMismatch': ['goods_id is not the product of this request'],
  'CouponErrors.invalidRule': ['amount must be below min_amount'],
  'CommErrors.invalidTransition': ['accept', -1, 'customer'],
  'CommErrors.ambiguousRequest': [7, [1, 2]],
  'CouponErrors.notStarted': [new Date(0)],
  'OrderErrors.invalidTransition': ['pay', 1, 0],
  'PaymentErrors.refundInvalidTransition': ['retry', 2],
  'PaymentErrors.refundNotFound': ['R202612060000000001'],
  'OrderErrors.addressIncomplete': [['phone']],
  'OrderErrors.payWayUnavailable': ['alipay', ['wallet']],
  'OrderErrors.gatewayNotConfigured': ['Alipay', 'alipay', ['PAY_ALIPAY_APP_ID']],
  'OrderErrors.settingsFromEnvironment': [[{ field: 'auto_close_minutes', variable: null }]],
  'UserErrors.loginAmbiguous': [['email', 'phone']],
};

function isEntry(value: unknown): value is ErrorEntry {
  return typeof value === 'function' && typeof (value as { reason?: unknown }).reason === 'string';
}

describe('error catalogues', () => {
  let catalogues: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    catalogues = await loadCatalogues();
  });

  it('finds every catalogue', () => {
    expect([...catalogues.keys()]).toEqual(
      expect.arrayContaining(['CommonErrors', 'CommErrors', 'OrderErrors', 'UserErrors']),
    );
    expect(catalogues.size).toBeGreaterThanOrEqual(14);
  });

  it('builds each entry as an AppError carrying the reason the entry declares', () => {
    for (const [catalogue, entries] of catalogues) {
      for (const [name, entry] of Object.entries(entries)) {
        const where = `${catalogue}.${name}`;
        expect({ where, isEntry: isEntry(entry) }).toEqual({ where, isEntry: true });
        const built = (entry as (...args: unknown[]) => unknown)(...(SAMPLE_ARGS[where] ?? []));
        expect(built).toBeInstanceOf(AppError);
        expect({ where, reason: (built as AppError).reason }).toEqual({
          where,
          reason: (entry as ErrorEntry).reason,
        });
      }
    }
  });

  it('names each reason MODULE.REASON, and keeps each reason in one catalogue', () => {
    const owners = new Map<string, Set<string>>();
    for (const [catalogue, entries] of catalogues) {
      for (const entry of Object.values(entries).filter(isEntry)) {
        expect(entry.reason).toMatch(/^[A-Z]+\.[A-Z]+(_[A-Z]+)*$/);
        owners.set(entry.reason, (owners.get(entry.reason) ?? new Set()).add(catalogue));
      }
    }
    const shared = [...owners].filter(([, inCatalogues]) => inCatalogues.size > 1);
    expect(shared).toEqual([]);
  });

  it('builds the message, details and codes an entry declares', () => {
    const entry = errorEntry('TEST.SAMPLE', (n: number) => ({
      message: `n is ${n}`,
      details: { n },
    }));
    const error = entry(3);
    expect(entry.reason).toBe('TEST.SAMPLE');
    expect(error).toMatchObject({ reason: 'TEST.SAMPLE', message: 'n is 3', details: { n: 3 } });
    expect(error).toMatchObject({ envelopeCode: -1, httpStatus: 200 });
    expect(CommonErrors.notAllowed()).toMatchObject({
      reason: 'AUTH.NOT_ALLOWED',
      message: 'Not allowed to do this',
      envelopeCode: 1002,
      details: undefined,
    });
  });
});
