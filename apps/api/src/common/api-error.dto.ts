import { ApiProperty } from '@nestjs/swagger';

import type { ApiError } from '@aura/events';

/** The one shape of every error answer. */
export class ApiErrorDto implements ApiError {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({
    example: 'limit must not be greater than 500',
    description: 'What went wrong and what to do about it.',
  })
  message!: string;
  @ApiProperty({ example: '/api/monitor/activity?limit=9000' }) path!: string;
  @ApiProperty({
    example: '3f0c2a64-1b7e-4a8e-9a55-52b1b2a6f1c9',
    description: 'Also in the x-request-id header and the server log.',
  })
  requestId!: string;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) timestamp!: string;
}
