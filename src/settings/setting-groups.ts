/**
 * The setting groups the storefront reads, as AnqiCMS defines them (config/setting.go):
 * snake_case field → the Go field name AnqiCMS's public API answers with. AnqiCMS's public
 * `GET /api/setting/system|contact` serialise the Go struct by field name (`SiteName`), its
 * staff API by JSON tag (`site_name`); both are kept so AnqiCMS clients read what they expect.
 * AnqiCMS fields without a meaning here (template, admin URL, spider ban) are left out.
 */
export const SETTING_GROUPS = {
  system: {
    site_name: 'SiteName',
    site_logo: 'SiteLogo',
    site_icp: 'SiteIcp',
    site_copyright: 'SiteCopyright',
    base_url: 'BaseUrl',
    mobile_url: 'MobileUrl',
    site_close: 'SiteClose',
    site_close_tips: 'SiteCloseTips',
    language: 'Language',
    favicon: 'Favicon',
  },
  contact: {
    user_name: 'UserName',
    cellphone: 'Cellphone',
    address: 'Address',
    email: 'Email',
    wechat: 'Wechat',
    qq: 'QQ',
    whats_app: 'WhatsApp',
    facebook: 'Facebook',
    twitter: 'Twitter',
    tiktok: 'Tiktok',
    pinterest: 'Pinterest',
    linkedin: 'Linkedin',
    instagram: 'Instagram',
    youtube: 'Youtube',
    qrcode: 'Qrcode',
  },
  index: {
    seo_title: 'SeoTitle',
    seo_keywords: 'SeoKeywords',
    seo_description: 'SeoDescription',
    sep: 'Sep',
  },
} as const;

export type SettingGroup = keyof typeof SETTING_GROUPS;
export type SettingValues = Record<string, string | number>;

/** Numeric fields (AnqiCMS ints); every other field is a string. */
const NUMERIC_FIELDS = new Set(['site_close']);

/** Every field of the group, stored value or AnqiCMS's empty value ('' or 0). */
export function completeGroup(group: SettingGroup, stored: SettingValues): SettingValues {
  return Object.fromEntries(
    Object.keys(SETTING_GROUPS[group]).map((field) => [
      field,
      stored[field] ?? (NUMERIC_FIELDS.has(field) ? 0 : ''),
    ]),
  );
}

/** The same values under AnqiCMS's Go field names (its public API's spelling). */
export function publicSpelling(group: SettingGroup, values: SettingValues): SettingValues {
  const names: Record<string, string> = SETTING_GROUPS[group];
  return Object.fromEntries(Object.entries(values).map(([field, v]) => [names[field], v]));
}
