import { AppError, EnvelopeCode } from '../common/errors/app-error.js';

/** Error catalogue of the users module (customers and staff accounts). */
export const UserErrors = {
  badCredentials: () => new AppError('USER.BAD_CREDENTIALS', 'Wrong user name or password'),
  disabled: () =>
    new AppError('USER.DISABLED', 'This account is disabled', EnvelopeCode.NotAllowed),
  userNameTaken: () => new AppError('USER.NAME_TAKEN', 'This user name is already taken'),
  emailTaken: () => new AppError('USER.EMAIL_TAKEN', 'This email is already registered'),
  phoneTaken: () => new AppError('USER.PHONE_TAKEN', 'This phone number is already registered'),
  inviterNotFound: () => new AppError('USER.INVITER_NOT_FOUND', 'The inviting user does not exist'),
  wrongOldPassword: () => new AppError('USER.WRONG_OLD_PASSWORD', 'The current password is wrong'),
  samePassword: () =>
    new AppError('USER.SAME_PASSWORD', 'The new password must differ from the current one'),
  notFound: () => new AppError('USER.NOT_FOUND', 'User not found'),
  loginIdRequired: () =>
    new AppError('USER.LOGIN_ID_REQUIRED', 'Send user_name, email or phone with the password'),
  loginAmbiguous: (sent: string[]) =>
    new AppError(
      'USER.LOGIN_AMBIGUOUS',
      `Send only one of user_name, email or phone (got ${sent.join(', ')})`,
      undefined,
      { sent },
    ),
  loginPlatformUnsupported: (platform: string) =>
    new AppError(
      'USER.LOGIN_PLATFORM_UNSUPPORTED',
      `Login through "${platform}" is not available here; log in with user_name, email or phone and password`,
    ),
};

/** Error catalogue of staff account management. */
export const StaffErrors = {
  notFound: () => new AppError('STAFF.NOT_FOUND', 'Staff account not found'),
  nameTaken: () => new AppError('STAFF.NAME_TAKEN', 'This staff user name is already taken'),
  missingForCreate: (field: string) =>
    new AppError('STAFF.FIELD_REQUIRED', `${field} is required to create a staff account`),
  lastOwner: () =>
    new AppError(
      'STAFF.LAST_OWNER',
      'This is the last active owner: make another account an owner first',
    ),
  selfChange: () =>
    new AppError(
      'STAFF.SELF_CHANGE',
      'Change your own password at admin/password (it needs the current one)',
    ),
  notOwnerAnyMore: () =>
    new AppError(
      'STAFF.NOT_OWNER',
      'Your account is no longer an active owner',
      EnvelopeCode.NotAllowed,
    ),
  othersNeedOwner: () =>
    new AppError(
      'STAFF.NOT_ALLOWED',
      'Only owners may read other staff accounts',
      EnvelopeCode.NotAllowed,
    ),
};

const BY_CONSTRAINT: Record<string, () => AppError> = {
  uq_users_user_name: UserErrors.userNameTaken,
  uq_users_email: UserErrors.emailTaken,
  uq_users_phone: UserErrors.phoneTaken,
};

/** Maps a unique-index violation from the users table to the field it is about. */
export function uniqueViolationToUserError(error: unknown): AppError | undefined {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (driver?.code !== '23505' || !driver.constraint) return undefined;
  return BY_CONSTRAINT[driver.constraint]?.();
}

/** Error catalogue of customer groups (membership levels, vip offers, commission rules). */
export const GroupErrors = {
  notFound: () => new AppError('GROUP.NOT_FOUND', 'User group not found'),
  inUse: (members: number) =>
    new AppError(
      'GROUP.IN_USE',
      `This group still has ${members} member(s); move them to another group first`,
      undefined,
      { members },
    ),
  titleRequired: () => new AppError('GROUP.TITLE_REQUIRED', 'title is required to create a group'),
  rewardsTooHigh: () =>
    new AppError(
      'GROUP.REWARDS_TOO_HIGH',
      'share_reward + parent_reward must not exceed 100 (percent of the order)',
    ),
};

/** A rename onto another staff account's user name (the unique index decides, race-free). */
export function uniqueViolationToStaffError(error: unknown): AppError | undefined {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driver?.code === '23505' && driver.constraint === 'uq_admins_user_name'
    ? StaffErrors.nameTaken()
    : undefined;
}
