import { AppError } from '../common/errors/app-error.js';

/** Error catalogue of the settings module (shop settings and banners). */
export const SettingsErrors = {
  bannerNotFound: () => new AppError('SETTING.BANNER_NOT_FOUND', 'Banner not found'),
};
