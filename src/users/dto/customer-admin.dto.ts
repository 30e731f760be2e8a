import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import {
  IsDbId,
  IsUnixTime,
  OptionalNotNull,
} from '../../common/validation/db-bounds.decorators.js';
import { trimString } from '../../common/validation/dto-limits.js';
import { UserGroupResponseDto } from './user-group.dto.js';
import { UserResponseDto } from './user.response.dto.js';

/** The panel's customer statuses (AnqiCMS): 1 normal, 0 pending, -1 blocked. */
export const PANEL_CUSTOMER_STATUSES = [1, 0, -1] as const;

/** The list's `status` filter: the numbers the panel's search form sends, or AnqiCMS's names. */
export const CUSTOMER_STATUS_FILTERS = ['1', '0', '-1', 'normal', 'pending', 'blocked'] as const;
export type CustomerStatusFilter = (typeof CUSTOMER_STATUS_FILTERS)[number];

const searchText = (max: number) => [
  OptionalNotNull(),
  Transform(trimString),
  IsString(),
  MaxLength(max),
  Matches(/^[^\0]*$/, { message: '$property must not contain NUL characters' }),
];

function SearchText(max: number, description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ description, maxLength: max })(target, key);
    for (const decorate of searchText(max)) decorate(target, key);
  };
}

/**
 * GET /system/api/plugin/user/list, as the panel's customers page sends it
 * (`src/pages/plugin/user/index.tsx`: ProTable's `current`, `pageSize` and its search form).
 */
export class CustomerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 1000 })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  id?: number;

  @ApiPropertyOptional({ example: 2, description: '0 = every group' })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  group_id?: number;

  @SearchText(64, 'Part of the user name (case-insensitive)') user_name?: string;
  @SearchText(64, 'Part of the real name') real_name?: string;
  @SearchText(64, 'Same as real_name (AnqiCMS spelling)') realName?: string;
  @SearchText(32, 'Part of the phone number') phone?: string;
  @SearchText(254, 'Part of the email') email?: string;
  @SearchText(64, 'User name, real name or phone contains this') q?: string;

  @ApiPropertyOptional({
    enum: CUSTOMER_STATUS_FILTERS,
    description:
      '1 or normal = active; -1 or blocked = disabled; 0 or pending = awaiting approval (none here: empty)',
  })
  @OptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @IsIn(CUSTOMER_STATUS_FILTERS)
  status?: CustomerStatusFilter;
}

/**
 * A customer as the panel's customers page and its edit dialog read it: the user object, with
 * `status` in AnqiCMS's numbers (1 normal, -1 blocked) and the customer's `group`.
 */
export class StaffCustomerResponseDto extends OmitType(UserResponseDto, [
  'status',
  'group',
] as const) {
  @ApiProperty({
    enum: [1, -1],
    example: 1,
    description: '1 = normal (active), -1 = blocked (disabled)',
  })
  status: number;

  @ApiProperty({ type: UserGroupResponseDto, nullable: true })
  group: UserGroupResponseDto | null;
}

/**
 * POST /system/api/plugin/user/detail: the edit dialog (`components/userForm/index.tsx`) posts
 * the whole detail object with the form's values. Only these fields change; everything else it
 * sends (balance, user_name, invite_code, parent_id, extra, ...) is ignored: the balance moves
 * only through `plugin/user/balance` and the ledger.
 */
export class SaveCustomerRequestDto {
  @ApiProperty({ example: 1000, description: 'The customer (customers sign up themselves)' })
  @IsDbId()
  id: number;

  @ApiPropertyOptional({ maxLength: 64 })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  real_name?: string;

  @ApiPropertyOptional({ description: "'' clears it" })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @ValidateIf((o: { email?: string }) => o.email !== '')
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: "'' clears it" })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @Matches(/^$|^\+?[0-9][0-9 -]{4,19}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: 2, description: '0 = no group' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  group_id?: number;

  @ApiPropertyOptional({ example: 0, description: 'Group membership end, unix seconds; 0 = none' })
  @OptionalNotNull()
  @Type(() => Number)
  @IsUnixTime()
  expire_time?: number;

  @ApiPropertyOptional({
    enum: PANEL_CUSTOMER_STATUSES,
    description: '1 = normal; 0 (pending) or -1 (blocked) disable the account and end its sessions',
  })
  @OptionalNotNull()
  @IsIn(PANEL_CUSTOMER_STATUSES)
  status?: number;

  @ApiPropertyOptional({
    description: "A new password (6-64 characters); '' keeps it. Ends the customer's sessions.",
  })
  @OptionalNotNull()
  @IsString()
  @ValidateIf((o: { password?: string }) => o.password !== '')
  @Length(6, 64)
  password?: string;
}

/** POST /system/api/plugin/user/delete: the list posts the whole row; `id` decides. */
export class CustomerIdBodyDto {
  @ApiProperty({ example: 1000 })
  @IsDbId()
  id: number;
}

/** GET /system/api/plugin/user/fields: the custom fields of customer accounts (none here). */
export class CustomerFieldsResponseDto {
  @ApiProperty({ type: [Object], example: [], description: 'Always empty: no custom fields' })
  fields: never[];
}
