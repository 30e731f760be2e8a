import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength, NotEquals } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

// 100 million yuan, in fen: a typo guard, not a business limit.
const MAX_ADJUSTMENT = 10_000_000_000;

export class AdjustBalanceRequestDto {
  @ApiProperty({ example: 1 })
  @IsDbId()
  user_id: number;

  @ApiProperty({ example: 5000, description: 'Signed fen: positive credits, negative debits' })
  @NotEquals(0)
  @IsDbInt({ min: -MAX_ADJUSTMENT, max: MAX_ADJUSTMENT })
  amount: number;

  @ApiProperty({ example: 'Compensation for a late delivery', description: 'Kept in the ledger' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  reason: string;
}

export class LedgerQueryDto extends PageQueryDto {}

export class AdminLedgerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 1000, description: 'Only this customer' })
  @OptionalNotNull()
  @IsDbId({ query: true })
  user_id?: number;
}

/**
 * POST /system/api/plugin/user/balance, as the panel's balance dialog
 * (`src/pages/plugin/user/components/balanceForm`) sends it: `{user_id, amount, remark}`, amount
 * in fen (the dialog multiplies yuan by 100), signed.
 */
export class PanelBalanceRequestDto {
  @ApiProperty({ example: 1 })
  @IsDbId()
  user_id: number;

  @ApiProperty({ example: 5000, description: 'Signed fen: positive credits, negative debits' })
  @NotEquals(0, { message: 'amount must not be 0' })
  @IsDbInt({ min: -MAX_ADJUSTMENT, max: MAX_ADJUSTMENT })
  amount: number;

  @ApiProperty({ example: 'Compensation for a late delivery', description: 'Kept in the ledger' })
  @IsString()
  @IsNotEmpty({ message: 'remark is required' })
  @MaxLength(255)
  remark: string;
}

/** GET /system/api/plugin/finance/list: the panel sends `current` and `pageSize`. */
export class FinanceListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 1000, description: 'Only this customer' })
  @OptionalNotNull()
  @IsDbId({ query: true })
  user_id?: number;
}
