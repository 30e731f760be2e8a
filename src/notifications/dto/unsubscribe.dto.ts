import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** The signed one-click link's query: user id, category, signature. */
export class UnsubscribeQueryDto {
  @ApiProperty({ description: 'The customer (users.id)' })
  @IsString()
  @MaxLength(12)
  u: string;

  @ApiProperty({ description: 'The category: reply, quote, shipped or refund' })
  @IsString()
  @MaxLength(16)
  c: string;

  @ApiProperty({ description: 'The signature of the link' })
  @IsString()
  @MaxLength(64)
  s: string;
}
