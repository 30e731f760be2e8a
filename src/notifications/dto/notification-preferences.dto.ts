import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { CUSTOMER_CATEGORY_DESCRIPTIONS } from '../mail-kinds.js';

/** GET/POST /api/user/notifications: each mail category on or off (true = mailed). */
export class NotificationPreferencesRequestDto {
  @ApiPropertyOptional({ description: CUSTOMER_CATEGORY_DESCRIPTIONS.reply })
  @OptionalNotNull()
  @IsBoolean()
  reply?: boolean;

  @ApiPropertyOptional({ description: CUSTOMER_CATEGORY_DESCRIPTIONS.quote })
  @OptionalNotNull()
  @IsBoolean()
  quote?: boolean;

  @ApiPropertyOptional({ description: CUSTOMER_CATEGORY_DESCRIPTIONS.shipped })
  @OptionalNotNull()
  @IsBoolean()
  shipped?: boolean;

  @ApiPropertyOptional({ description: CUSTOMER_CATEGORY_DESCRIPTIONS.refund })
  @OptionalNotNull()
  @IsBoolean()
  refund?: boolean;
}

export class NotificationPreferencesResponseDto {
  @ApiProperty({ description: CUSTOMER_CATEGORY_DESCRIPTIONS.reply }) reply: boolean;
  @ApiProperty({ description: CUSTOMER_CATEGORY_DESCRIPTIONS.quote }) quote: boolean;
  @ApiProperty({ description: CUSTOMER_CATEGORY_DESCRIPTIONS.shipped }) shipped: boolean;
  @ApiProperty({ description: CUSTOMER_CATEGORY_DESCRIPTIONS.refund }) refund: boolean;
  @ApiProperty({ description: 'Whether the account has an address to mail (none: no mail at all)' })
  has_email: boolean;
}
