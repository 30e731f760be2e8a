import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { trimString } from '../../common/validation/dto-limits.js';
import { IdQueryDto } from '../../common/validation/id-query.dto.js';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/** AnqiCMS keeps the percentages in `setting`; sent here as well as flat on the group. */
export class UserGroupSettingDto {
  @ApiProperty({ example: 10, description: 'Percent for the inviter (0-100)' })
  share_reward: number;
  @ApiProperty({ example: 5, description: "Percent for the inviter's inviter (0-100)" })
  parent_reward: number;
  @ApiProperty({ example: 5, description: 'Percent off goods for members (0-100)' })
  discount: number;
  @ApiProperty({ example: 365, description: 'Days a vip purchase gives, 0 = forever' })
  expire_day: number;
}

export class UserGroupResponseDto {
  @ApiProperty({ example: 2 }) id: number;
  @ApiProperty({ example: 'VIP' }) title: string;
  @ApiProperty({ example: '' }) description: string;
  @ApiProperty({ example: 1 }) level: number;
  @ApiProperty({ example: 1, description: '1 = active, 0 = disabled' }) status: number;
  @ApiProperty({ example: 9900, description: 'Fen: price of a `type: vip` order' }) price: number;
  @ApiProperty({ example: 5, description: 'Percent off goods for members' }) discount: number;
  @ApiProperty({ example: 10, description: "Percent of an order for the buyer's inviter" })
  share_reward: number;
  @ApiProperty({ example: 5, description: "Percent of an order for the inviter's inviter" })
  parent_reward: number;
  @ApiProperty({ example: 365, description: 'Days a vip purchase gives, 0 = forever' })
  expire_day: number;
  @ApiProperty({ type: UserGroupSettingDto }) setting: UserGroupSettingDto;
  @ApiProperty({ example: 1669012062 }) created_time: number;
  @ApiProperty({ example: 1669012062 }) updated_time: number;
}

class PercentSettingRequestDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsDbInt({ max: 100 }) share_reward?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsDbInt({ max: 100 }) parent_reward?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsDbInt({ max: 100 }) discount?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsDbInt({ max: 36500 }) expire_day?: number;
}

/**
 * POST /system/api/user/group/detail: no `id` creates (title required), with `id` updates the
 * fields sent. Percentages may come flat or in `setting` (AnqiCMS); flat values win.
 */
export class SaveUserGroupRequestDto extends PercentSettingRequestDto {
  @ApiPropertyOptional({ example: 0, description: 'Omit (or 0) to create' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  id?: number;

  @ApiPropertyOptional({ example: 'VIP', description: 'Required when creating' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  title?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ example: 1 })
  @OptionalNotNull()
  @IsDbInt()
  level?: number;

  @ApiPropertyOptional({ enum: [0, 1] })
  @OptionalNotNull()
  @IsIn([0, 1])
  status?: number;

  @ApiPropertyOptional({ example: 9900, description: 'Fen' })
  @OptionalNotNull()
  @IsDbInt({ max: 100_000_000_000 })
  price?: number;

  @ApiPropertyOptional({ type: PercentSettingRequestDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => PercentSettingRequestDto)
  setting?: PercentSettingRequestDto;
}

export class UserGroupIdQueryDto extends IdQueryDto {}

export class UserGroupIdBodyDto {
  @ApiProperty({ example: 2 })
  @IsDbId()
  id: number;
}
