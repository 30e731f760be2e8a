import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CommonErrors } from '../../common/errors/app-error.js';
import { BannerGroupResponseDto, BannerResponseDto } from '../dto/setting.response.dto.js';
import { SaveBannerDto } from '../dto/setting.request.dto.js';
import { Banner } from '../entities/banner.entity.js';
import { SettingsErrors } from '../settings.errors.js';

export const DEFAULT_BANNER_TYPE = 'default';

function toBannerResponse(banner: Banner): BannerResponseDto {
  return {
    id: banner.id,
    logo: banner.logo,
    link: banner.link,
    alt: banner.alt,
    description: banner.description,
    type: banner.type,
    sort: banner.sort,
  };
}

/** Banners by group (`type`), ordered by sort then id. */
@Injectable()
export class BannerService {
  constructor(@InjectRepository(Banner) private readonly banners: Repository<Banner>) {}

  async list(type = DEFAULT_BANNER_TYPE): Promise<BannerResponseDto[]> {
    const rows = await this.banners.find({ where: { type }, order: { sort: 'ASC', id: 'ASC' } });
    return rows.map(toBannerResponse);
  }

  /** Every group, "default" always present (AnqiCMS's staff view). */
  async groups(): Promise<BannerGroupResponseDto[]> {
    const rows = await this.banners.find({ order: { type: 'ASC', sort: 'ASC', id: 'ASC' } });
    const groups = new Map<string, BannerResponseDto[]>([[DEFAULT_BANNER_TYPE, []]]);
    for (const row of rows) {
      if (!groups.has(row.type)) groups.set(row.type, []);
      groups.get(row.type)!.push(toBannerResponse(row));
    }
    return [...groups].map(([type, list]) => ({ type, list }));
  }

  /** No id adds (logo required); an id updates the fields sent. */
  async save(input: SaveBannerDto): Promise<BannerResponseDto> {
    const fields = {
      ...(input.logo !== undefined && { logo: input.logo }),
      ...(input.link !== undefined && { link: input.link }),
      ...(input.alt !== undefined && { alt: input.alt }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.type !== undefined && { type: input.type || DEFAULT_BANNER_TYPE }),
      ...(input.sort !== undefined && { sort: input.sort }),
    };
    if (!input.id) {
      if (!input.logo) throw CommonErrors.validation(['logo is required to add a banner']);
      return toBannerResponse(await this.banners.save(this.banners.create(fields)));
    }
    if (Object.keys(fields).length) await this.banners.update({ id: input.id }, fields);
    const saved = await this.banners.findOneBy({ id: input.id });
    if (!saved) throw SettingsErrors.bannerNotFound();
    return toBannerResponse(saved);
  }

  async delete(id: number): Promise<null> {
    const result = await this.banners.delete({ id });
    if (!result.affected) throw SettingsErrors.bannerNotFound();
    return null;
  }
}
