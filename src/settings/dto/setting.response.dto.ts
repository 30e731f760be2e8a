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

/**
 * GET /system/api/setting/content: AnqiCMS's content settings (`config.ContentConfig`) as they
 * apply here. Images are stored as uploaded (no resizing, WebP conversion or generated
 * thumbnails: a product's `thumb` is its logo or first image); one category per product; the
 * panel's rich-text editor; no manual sort column.
 */
export class ContentSettingResponseDto {
  @ApiProperty({ example: 0, description: '0: remote images in content are not downloaded' })
  remote_download: number;
  @ApiProperty({ example: 0 }) filter_outlink: number;
  @ApiProperty({ example: 0, description: '0: url_token generated from the title' })
  url_token_type: number;
  @ApiProperty({ example: 0, description: '0: images are kept in their format (no WebP)' })
  use_webp: number;
  @ApiProperty({ example: 0 }) convert_gif: number;
  @ApiProperty({ example: 0, description: '0: no re-encoding' }) quality: number;
  @ApiProperty({ example: 0, description: '0: uploads are not resized' }) resize_image: number;
  @ApiProperty({ example: 0 }) resize_width: number;
  @ApiProperty({ example: 0, description: '0: no thumbnails are cut' }) thumb_crop: number;
  @ApiProperty({ example: 0 }) thumb_width: number;
  @ApiProperty({ example: 0 }) thumb_height: number;
  @ApiProperty({ example: 0 }) default_thumb_type: number;
  @ApiProperty({ example: '', description: 'No default thumbnail' }) default_thumb: string;
  @ApiProperty({ type: [String], example: [] }) default_thumbs: string[];
  @ApiProperty({ example: 0 }) thumb_category_id: number;
  @ApiProperty({ example: 0, description: '0: one category per product' })
  multi_category: number;
  @ApiProperty({ example: '', description: "'' = the panel's rich-text editor" }) editor: string;
  @ApiProperty({ example: 0, description: '0: no sort column in the product list' })
  use_sort: number;
  @ApiProperty({ example: 0 }) max_page: number;
  @ApiProperty({ example: 0 }) max_limit: number;
}

/** The content settings this service applies; fixed, so answered without a query. */
export const CONTENT_SETTINGS: ContentSettingResponseDto = {
  remote_download: 0,
  filter_outlink: 0,
  url_token_type: 0,
  use_webp: 0,
  convert_gif: 0,
  quality: 0,
  resize_image: 0,
  resize_width: 0,
  thumb_crop: 0,
  thumb_width: 0,
  thumb_height: 0,
  default_thumb_type: 0,
  default_thumb: '',
  default_thumbs: [],
  thumb_category_id: 0,
  multi_category: 0,
  editor: '',
  use_sort: 0,
  max_page: 0,
  max_limit: 0,
};
