import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { STAFF_ROLES } from '../../common/auth/staff-roles.js';
import type { StaffRole } from '../../common/auth/staff-roles.js';
import { IsDbId, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { trimString } from '../../common/validation/dto-limits.js';

const ROLE_DESCRIPTION = `One of ${STAFF_ROLES.join(', ')} (docs/staff.md lists what each may do)`;

export class StaffListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'anna', description: 'User name contains' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  @Matches(/^[^\0]*$/, { message: 'user_name must not contain NUL' })
  user_name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @OptionalNotNull()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ example: 1, description: '1 = active, 0 = disabled' })
  @OptionalNotNull()
  @Type(() => Number)
  @IsIn([0, 1])
  status?: number;
}

/** `?id=` optional: without it, the logged-in staff member. */
export class StaffDetailQueryDto {
  @ApiPropertyOptional({ example: 2, description: 'Another account (owners only); default: own' })
  @OptionalNotNull()
  @IsDbId({ query: true })
  id?: number;
}

export class StaffIdRequestDto {
  @ApiProperty({ example: 2 })
  @IsDbId()
  id: number;
}

export class StaffStatusRequestDto extends StaffIdRequestDto {
  @ApiProperty({ example: 0, description: '0 disables (its tokens stop at once), 1 re-enables' })
  @IsIn([0, 1])
  status: number;
}

/** AnqiCMS's admin/detail form: no id creates, an id updates the fields sent. */
export class SaveStaffRequestDto {
  @ApiPropertyOptional({ example: 2, description: 'Absent = create' })
  @OptionalNotNull()
  @IsDbId()
  id?: number;

  @ApiPropertyOptional({ example: 'anna', description: '2-32 characters; required to create' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @Length(2, 32)
  @Matches(/^[^\s\0]+$/, { message: 'user_name must not contain spaces' })
  user_name?: string;

  @ApiPropertyOptional({
    example: 's3cret-pass',
    description: 'Required to create; on update it resets the password and ends the sessions',
  })
  @OptionalNotNull()
  @IsString()
  @Length(6, 64)
  @Matches(/^[^\0]*$/, { message: 'password must not contain NUL' })
  password?: string;

  @ApiPropertyOptional({ example: 'Anna Lee' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  @Matches(/^[^\0]*$/, { message: 'real_name must not contain NUL' })
  real_name?: string;

  @ApiPropertyOptional({
    enum: STAFF_ROLES,
    description: `${ROLE_DESCRIPTION}; required to create`,
  })
  @OptionalNotNull()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ example: 1, description: '1 = active (default), 0 = disabled' })
  @OptionalNotNull()
  @IsIn([0, 1])
  status?: number;
}
