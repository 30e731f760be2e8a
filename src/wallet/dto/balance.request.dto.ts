import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  NotEquals,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';

// 100 million yuan, in fen: a typo guard, not a business limit.
const MAX_ADJUSTMENT = 10_000_000_000;

export class AdjustBalanceRequestDto {
  @ApiProperty({ example: 1000 })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  user_id: number;

  @ApiProperty({ example: 5000, description: 'Signed fen: positive credits, negative debits' })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_ADJUSTMENT)
  @Max(MAX_ADJUSTMENT)
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
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  user_id?: number;
}
