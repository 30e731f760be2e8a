import { completeGroup, publicSpelling } from './setting-groups.js';

describe('setting groups', () => {
  it('fills every field with the stored value or the empty value of its type', () => {
    const system = completeGroup('system', { site_name: 'Shop', unknown: 'x' });
    expect(system).toMatchObject({ site_name: 'Shop', site_logo: '', site_close: 0 });
    expect(system).not.toHaveProperty('unknown');
  });

  it('spells the public answer as AnqiCMS does (Go field names)', () => {
    expect(
      publicSpelling('contact', completeGroup('contact', { cellphone: '123', qq: '9' })),
    ).toMatchObject({
      Cellphone: '123',
      QQ: '9',
      WhatsApp: '',
      Qrcode: '',
    });
  });
});
