import { ApiProperty } from '@nestjs/swagger';

/** An uploaded file (AnqiCMS attachment shape, plus `url` and `mime_type`). */
export class AttachmentResponseDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({
    example: 1000,
    description: 'Uploader id (a user, or an admin for staff uploads)',
  })
  user_id: number;
  @ApiProperty({ example: 'user', enum: ['user', 'admin'] }) uploader_type: string;
  @ApiProperty({ example: 'sketch.png', description: "The client's file name (display only)" })
  file_name: string;
  @ApiProperty({ example: 'uploads/202611/5f0c2b7e9a1d4c3b8e6f7a9b0c1d2e3f.png' })
  file_location: string;
  @ApiProperty({ example: 20480, description: 'Bytes' }) file_size: number;
  @ApiProperty({ example: 'image/png', description: 'Sniffed from the content' })
  mime_type: string;
  @ApiProperty({ example: 800 }) width: number;
  @ApiProperty({ example: 600 }) height: number;
  @ApiProperty({ example: 1 }) is_image: number;
  @ApiProperty({
    example: 'https://shop.example.com/uploads/202611/5f0c2b7e9a1d4c3b8e6f7a9b0c1d2e3f.png',
    description:
      'The URL to use in `images`, sketch/finished images and image messages (PUBLIC_URL + path, or a root-relative path when PUBLIC_URL is not set)',
  })
  url: string;
  @ApiProperty({ description: 'Same as url (AnqiCMS field)' }) logo: string;
  @ApiProperty({ description: 'Same as url (no thumbnails are generated)' }) thumb: string;
  @ApiProperty({ example: 1669212548 }) created_time: number;
}

/** An AnqiCMS image folder (`attachment/category/list`); none exist here, the list is empty. */
export class AttachmentCategoryResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'Products' }) title: string;
}
