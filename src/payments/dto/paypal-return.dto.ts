import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/** What PayPal appends to the return/cancel URL: `token` = its order id, `PayerID` on return. */
export class PaypalReturnQueryDto {
  @ApiProperty({ description: 'PayPal order id', example: '5O190127TN364715T' })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9-]+$/, { message: '$property must be a PayPal order id' })
  token: string;

  @ApiPropertyOptional({ description: 'The payer (ignored)' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9-]*$/, { message: '$property must be a PayPal payer id' })
  PayerID?: string;
}
