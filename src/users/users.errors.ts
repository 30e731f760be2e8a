import { isUniqueViolation, violatedUniqueConstraint } from '../common/database/database-errors.js';
import { AppError, EnvelopeCode, errorEntry } from '../common/errors/app-error.js';

const NOT_ALLOWED = { envelopeCode: EnvelopeCode.NotAllowed };

/** Error catalogue of the users module (customers and staff accounts). */
export const UserErrors = {
  badCredentials: errorEntry('USER.BAD_CREDENTIALS', () => 'Wrong user name or password'),
  disabled: errorEntry('USER.DISABLED', () => 'This account is disabled', NOT_ALLOWED),
  userNameTaken: errorEntry('USER.NAME_TAKEN', () => 'This user name is already taken'),
  emailTaken: errorEntry('USER.EMAIL_TAKEN', () => 'This email is already registered'),
  phoneTaken: errorEntry('USER.PHONE_TAKEN', () => 'This phone number is already registered'),
  inviterNotFound: errorEntry('USER.INVITER_NOT_FOUND', () => 'The inviting user does not exist'),
  wrongOldPassword: errorEntry('USER.WRONG_OLD_PASSWORD', () => 'The current password is wrong'),
  samePassword: errorEntry(
    'USER.SAME_PASSWORD',
    () => 'The new password must differ from the current one',
  ),
  notFound: errorEntry('USER.NOT_FOUND', () => 'User not found'),
  loginIdRequired: errorEntry(
    'USER.LOGIN_ID_REQUIRED',
    () => 'Send user_name, email or phone with the password',
  ),
  loginAmbiguous: errorEntry('USER.LOGIN_AMBIGUOUS', (sent: string[]) => ({
    message: `Send only one of user_name, email or phone (got ${sent.join(', ')})`,
    details: { sent },
  })),
  loginPlatformUnsupported: errorEntry(
    'USER.LOGIN_PLATFORM_UNSUPPORTED',
    (platform: string) =>
      `Login through "${platform}" is not available here; log in with user_name, email or phone and password`,
  ),
};

/** Error catalogue of staff account management. */
export const StaffErrors = {
  notFound: errorEntry('STAFF.NOT_FOUND', () => 'Staff account not found'),
  nameTaken: errorEntry('STAFF.NAME_TAKEN', () => 'This staff user name is already taken'),
  missingForCreate: errorEntry(
    'STAFF.FIELD_REQUIRED',
    (field: string) => `${field} is required to create a staff account`,
  ),
  lastOwner: errorEntry(
    'STAFF.LAST_OWNER',
    () => 'This is the last active owner: make another account an owner first',
  ),
  selfChange: errorEntry(
    'STAFF.SELF_CHANGE',
    () => 'Change your own password at admin/password (it needs the current one)',
  ),
  notOwnerAnyMore: errorEntry(
    'STAFF.NOT_OWNER',
    () => 'Your account is no longer an active owner',
    NOT_ALLOWED,
  ),
  othersNeedOwner: errorEntry(
    'STAFF.NOT_ALLOWED',
    () => 'Only owners may read other staff accounts',
    NOT_ALLOWED,
  ),
};

const BY_CONSTRAINT: Record<string, () => AppError> = {
  uq_users_user_name: UserErrors.userNameTaken,
  uq_users_email: UserErrors.emailTaken,
  uq_users_phone: UserErrors.phoneTaken,
};

/** Maps a unique-index violation from the users table to the field it is about. */
export function uniqueViolationToUserError(error: unknown): AppError | undefined {
  const constraint = violatedUniqueConstraint(error);
  return constraint === undefined ? undefined : BY_CONSTRAINT[constraint]?.();
}

/** Error catalogue of customer groups (membership levels, vip offers, commission rules). */
export const GroupErrors = {
  notFound: errorEntry('GROUP.NOT_FOUND', () => 'User group not found'),
  inUse: errorEntry('GROUP.IN_USE', (members: number) => ({
    message: `This group still has ${members} member(s); move them to another group first`,
    details: { members },
  })),
  titleRequired: errorEntry('GROUP.TITLE_REQUIRED', () => 'title is required to create a group'),
  rewardsTooHigh: errorEntry(
    'GROUP.REWARDS_TOO_HIGH',
    () => 'share_reward + parent_reward must not exceed 100 (percent of the order)',
  ),
};

/** A rename onto another staff account's user name (the unique index decides, race-free). */
export function uniqueViolationToStaffError(error: unknown): AppError | undefined {
  return isUniqueViolation(error, 'uq_admins_user_name') ? StaffErrors.nameTaken() : undefined;
}
