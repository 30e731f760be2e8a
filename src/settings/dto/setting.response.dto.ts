import { ApiProperty } from '@nestjs/swagger';
import { SETTING_GROUPS } from '../setting-groups.js';

/** A banner as AnqiCMS sends it (`config.BannerItem`), plus `sort`. */
export class BannerResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'https://shop.example.com/uploads/banner.jpg' }) logo: string;
  @ApiProperty({ example: '/pages/product/index?id=1' }) link: string;
  @ApiProperty({ example: 'Summer collection' }) alt: string;
  @ApiProperty({ example: '' }) description: string;
  @ApiProperty({ example: 'default' }) type: string;
  @ApiProperty({ example: 0 }) sort: number;
}

/** GET /system/api/setting/banner: banners grouped by type, as AnqiCMS's staff API answers. */
export class BannerGroupResponseDto {
  @ApiProperty({ example: 'default' }) type: string;
  @ApiProperty({ type: [BannerResponseDto] }) list: BannerResponseDto[];
}

/** GET /system/api/setting/system (AnqiCMS: `{system, languages}`). */
export class StaffSystemSettingResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { site_name: 'Custom-order shop', site_logo: '', site_close: 0 },
  })
  system: Record<string, string | number>;
  @ApiProperty({ type: [String], example: ['en', 'zh-CN'] }) languages: string[];
}

/** Documents each public setting object with exactly the fields SETTING_GROUPS gives it. */
function documented<T extends new () => object>(target: T, names: readonly string[]): T {
  for (const name of names)
    ApiProperty(
      name === 'SiteClose' || name === 'site_close'
        ? { type: Number, example: 0 }
        : { type: String, example: '' },
    )(target.prototype as object, name);
  return target;
}

/** GET /api/setting/system: AnqiCMS's Go field names (`SiteName`, `SiteLogo`, …). */
export class PublicSystemSettingDto {}
documented(PublicSystemSettingDto, Object.values(SETTING_GROUPS.system));

/** GET /api/setting/contact: AnqiCMS's Go field names (`Cellphone`, `Qrcode`, …). */
export class PublicContactSettingDto {}
documented(PublicContactSettingDto, Object.values(SETTING_GROUPS.contact));

/**
 * GET /api/setting/index: AnqiCMS answers `seo_title`…; the official mini-program reads
 * `SeoTitle`…, so both spellings are sent.
 */
export class PublicIndexSettingDto {}
documented(PublicIndexSettingDto, [
  ...Object.keys(SETTING_GROUPS.index),
  ...Object.values(SETTING_GROUPS.index),
]);

/** POST /system/api/setting/system answers the saved group: AnqiCMS's JSON names. */
export class StaffSystemSettingValuesDto {}
documented(StaffSystemSettingValuesDto, Object.keys(SETTING_GROUPS.system));

/** GET/POST /system/api/setting/contact: AnqiCMS's JSON names. */
export class StaffContactSettingDto {}
documented(StaffContactSettingDto, Object.keys(SETTING_GROUPS.contact));

/** GET/POST /system/api/setting/index: AnqiCMS's JSON names. */
export class StaffIndexSettingDto {}
documented(StaffIndexSettingDto, Object.keys(SETTING_GROUPS.index));
