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

/**
 * A balance movement as the panel's finance page (`src/pages/plugin/finance/components/flow`)
 * reads AnqiCMS's `model.Finance`: `user_name`, `direction` (1 in, 2 out), `amount` (fen, never
 * negative), `after_amount`, `action` (1 sale, 2 purchase, 3 refund, 4 top-up, 8 commission),
 * `created_time`; plus this ledger's own `kind`, signed `change` and `note`.
 */
export class FinanceEntryResponseDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ example: 1000 }) user_id: number;
  @ApiProperty({ example: 'alice', description: "The customer's user name" }) user_name: string;
  @ApiProperty({ enum: [1, 2], example: 2, description: '1 = into the balance, 2 = out of it' })
  direction: number;
  @ApiProperty({ example: 9900, description: 'Fen, never negative (see direction)' })
  amount: number;
  @ApiProperty({ example: -9900, description: 'Fen, signed: positive credits, negative debits' })
  change: number;
  @ApiProperty({ example: 100, description: 'Balance right after this movement, fen' })
  after_amount: number;
  @ApiProperty({
    enum: [1, 2, 3, 4, 8],
    example: 2,
    description:
      'AnqiCMS finance action: 1 sale income, 2 purchase (order payment), 3 refund, 4 staff adjustment (top-up or debit), 8 commission',
  })
  action: number;
  @ApiProperty({ enum: LEDGER_KINDS, example: 'order_payment' }) kind: string;
  @ApiProperty({ example: '202211232209080046', description: "Order number, '' = none" })
  order_id: string;
  @ApiProperty({ example: 0, description: 'AnqiCMS withdrawal status: always 0 (no withdrawals)' })
  status: number;
  @ApiProperty({ example: '', description: 'Reason of a staff adjustment' }) remark: string;
  @ApiProperty({ example: 1669212548 }) created_time: number;
  @ApiProperty({ example: 1669212548, description: 'Same as created_time: entries never change' })
  updated_time: number;
}
