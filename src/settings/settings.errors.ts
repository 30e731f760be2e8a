import { errorEntry } from '../common/errors/app-error.js';

/** Error catalogue of the settings module (shop settings and banners). */
export const SettingsErrors = {
  bannerNotFound: errorEntry('SETTING.BANNER_NOT_FOUND', () => 'Banner not found'),
};
