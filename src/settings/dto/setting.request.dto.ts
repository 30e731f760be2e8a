import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { trimString } from '../../common/validation/dto-limits.js';
import { IsStoredUrl, StoredUrlKind } from '../../common/validation/stored-url.js';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/** No NUL characters (PostgreSQL text cannot hold them). */
const NO_NUL = /^[^\0]*$/;

/** An optional setting text: trimmed (unless `trim` is false), bounded, no NUL. */
function SettingText(maxLength = 250, example = '', trim = true) {
  return applyDecorators(
    ApiPropertyOptional({ example, maxLength }),
    OptionalNotNull(),
    ...(trim ? [Transform(trimString)] : []),
    IsString(),
    MaxLength(maxLength),
    Matches(NO_NUL, { message: '$property must not contain NUL characters' }),
  );
}

/** An optional URL setting: an image, or a link (IsStoredUrl); "" clears it. */
function SettingUrl(kind: StoredUrlKind, example = '') {
  return applyDecorators(
    ApiPropertyOptional({ example, maxLength: 512 }),
    OptionalNotNull(),
    Transform(trimString),
    IsString(),
    MaxLength(512),
    IsStoredUrl(kind, { empty: true }),
  );
}

/** POST /system/api/setting/system (AnqiCMS JSON names); fields not sent keep their value. */
export class SaveSystemSettingDto {
  @SettingText(250, 'My custom-order shop') site_name?: string;
  @SettingUrl('image', 'https://shop.example.com/logo.png') site_logo?: string;
  @SettingText() site_icp?: string;
  @SettingText(500) site_copyright?: string;
  @SettingUrl('link', 'https://shop.example.com') base_url?: string;
  @SettingUrl('link') mobile_url?: string;

  @ApiPropertyOptional({ enum: [0, 1], description: '1 = shop closed (front-ends show the tips)' })
  @OptionalNotNull()
  @IsIn([0, 1])
  site_close?: number;

  @SettingText(1000) site_close_tips?: string;
  @SettingText(20, 'en') language?: string;
  @SettingUrl('image') favicon?: string;
}

/** POST /system/api/setting/contact (AnqiCMS JSON names); fields not sent keep their value. */
export class SaveContactSettingDto {
  @SettingText(100) user_name?: string;
  @SettingText(50, '+86 138 0000 0000') cellphone?: string;
  @SettingText(500) address?: string;
  @SettingText(190) email?: string;
  @SettingText(100) wechat?: string;
  @SettingText(50) qq?: string;
  @SettingText(50) whats_app?: string;
  @SettingUrl('link') facebook?: string;
  @SettingUrl('link') twitter?: string;
  @SettingUrl('link') tiktok?: string;
  @SettingUrl('link') pinterest?: string;
  @SettingUrl('link') linkedin?: string;
  @SettingUrl('link') instagram?: string;
  @SettingUrl('link') youtube?: string;
  @SettingUrl('image', 'https://shop.example.com/wechat-qr.png') qrcode?: string;
}

/** POST /system/api/setting/index: the home page's title, keywords and description. */
export class SaveIndexSettingDto {
  @SettingText(250, 'Custom-order shop') seo_title?: string;
  @SettingText(250) seo_keywords?: string;
  @SettingText(1000) seo_description?: string;
  /** Kept as typed: the spaces of `" - "` are part of the separator. */
  @SettingText(10, ' - ', false) sep?: string;
}

/** GET /api/banner/list */
export class BannerListQueryDto {
  @ApiPropertyOptional({
    example: 'default',
    description: 'Banner group (AnqiCMS default: "default")',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(50)
  @Matches(NO_NUL)
  type?: string;
}

/** POST /system/api/setting/banner: no `id` adds a banner, `id` updates the fields sent. */
export class SaveBannerDto {
  @ApiPropertyOptional({ example: 0, description: 'Omit (or 0) to add' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  id?: number;

  @ApiPropertyOptional({
    example: 'https://shop.example.com/uploads/banner.jpg',
    description: 'The image; required when adding',
  })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(512)
  @IsStoredUrl('image')
  logo?: string;

  @SettingUrl('link', '/pages/product/index?id=1') link?: string;
  @SettingText(250, 'Summer collection') alt?: string;
  @SettingText(1000) description?: string;
  @SettingText(50, 'default') type?: string;

  @ApiPropertyOptional({ example: 0, description: 'Ascending, then by id' })
  @OptionalNotNull()
  @IsDbInt({ query: true })
  sort?: number;
}

export class BannerIdBodyDto {
  @ApiProperty({ example: 1 })
  @IsDbId()
  id: number;
}
