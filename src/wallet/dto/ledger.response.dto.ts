import { ApiProperty } from '@nestjs/swagger';
import { LEDGER_KINDS } from '../ledger-kind.js';

/** One balance movement. */
export class LedgerEntryResponseDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ example: 1000 }) user_id: number;
  @ApiProperty({ example: -9900, description: 'Fen; positive = credit, negative = debit' })
  amount: number;
  @ApiProperty({ example: 100, description: 'Balance right after this movement, fen' })
  balance_after: number;
  @ApiProperty({ enum: LEDGER_KINDS, example: 'order_payment' }) kind: string;
  @ApiProperty({ example: '202211232209080046', description: "Order number, '' = none" })
  order_id: string;
  @ApiProperty({ example: '' }) note: string;
  @ApiProperty({ example: 0, description: 'Staff member of a manual adjustment, 0 = none' })
  admin_id: number;
  @ApiProperty({ example: 1669212548 }) created_time: number;
}

export class BalanceAdjustmentResponseDto {
  @ApiProperty({ example: 1000 }) user_id: number;
  @ApiProperty({ example: 10000, description: 'New balance, fen' }) balance: number;
  @ApiProperty({ type: LedgerEntryResponseDto }) entry: LedgerEntryResponseDto;
}
