import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  completeGroup,
  publicSpelling,
  SettingGroup,
  SETTING_GROUPS,
  SettingValues,
} from '../setting-groups.js';
import { SettingsQueries } from '../settings.queries.js';

/** Languages the staff panel may choose from (AnqiCMS lists its locale folders). */
const LANGUAGES = ['en', 'zh-CN'];

/**
 * Shop settings in the `settings` table (one JSON row per group; defaults come from the
 * migration and the demo data). Reads are one statement; a save merges the sent fields into
 * the stored object in one statement, so concurrent saves of different fields both survive.
 */
@Injectable()
export class SettingsService {
  constructor(private readonly dataSource: DataSource) {}

  async values(group: SettingGroup): Promise<SettingValues> {
    const rows = await this.dataSource.query<{ value: SettingValues }[]>(SettingsQueries.values, [
      group,
    ]);
    return completeGroup(group, rows[0]?.value ?? {});
  }

  /** AnqiCMS's public spelling (`SiteName`); the index group in both spellings. */
  async publicValues(group: SettingGroup): Promise<SettingValues> {
    const values = await this.values(group);
    const spelled = publicSpelling(group, values);
    return group === 'index' ? { ...values, ...spelled } : spelled;
  }

  async staffSystem(): Promise<{ system: SettingValues; languages: string[] }> {
    return { system: await this.values('system'), languages: LANGUAGES };
  }

  /** Merges the fields sent (undefined = keep) and answers the whole group. */
  async save(group: SettingGroup, input: object): Promise<SettingValues> {
    const known = Object.keys(SETTING_GROUPS[group]);
    const changes = Object.fromEntries(
      Object.entries(input).filter(([key, value]) => value !== undefined && known.includes(key)),
    );
    const rows = await this.dataSource.query<{ value: SettingValues }[]>(SettingsQueries.merge, [
      group,
      JSON.stringify(changes),
    ]);
    return completeGroup(group, rows[0].value);
  }
}
