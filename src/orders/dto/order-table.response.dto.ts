import { ApiProperty } from '@nestjs/swagger';

/** AnqiCMS's order export answer, which its staff panel turns into a spreadsheet. */
export class OrderTableResponseDto {
  @ApiProperty({ example: ['order_id', 'created_time'], description: 'Column names' })
  header: string[];

  @ApiProperty({
    example: [['202211232209080046', '2022-11-23T14:09:08.000Z']],
    description:
      'One row per order, cells in header order; amounts in fen. Text cells are HTML-escaped ' +
      '(the panel writes them into an HTML table) and formula-like text is defused.',
    type: 'array',
    items: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
  })
  content: (string | number)[][];
}
