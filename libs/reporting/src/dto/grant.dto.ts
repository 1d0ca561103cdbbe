import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Min } from 'class-validator';
import { RISK_LEVELS, RiskLevel } from '../policy/reporting-policy.types';
import { CIVIL_DATE } from './policy.dto';

export class ActivateGrantDto {
  @ApiPropertyOptional({ example: '2027-01-01', description: 'first day; defaults to today where the organisation is' })
  @IsOptional() @Matches(CIVIL_DATE, { message: 'startDate must be a date (YYYY-MM-DD)' }) @IsISO8601({ strict: true })
  startDate?: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'last day; defaults to twelve months after the start' })
  @IsOptional() @Matches(CIVIL_DATE, { message: 'endDate must be a date (YYYY-MM-DD)' }) @IsISO8601({ strict: true })
  endDate?: string;
}

/** An extension or a new risk level: only requirements not yet delivered are re-planned. */
export class UpdateGrantDto {
  @ApiProperty({ description: 'The version you read' }) @IsInt() @Min(1)
  version: number;

  @ApiPropertyOptional({ example: '2028-06-30' })
  @IsOptional() @Matches(CIVIL_DATE, { message: 'endDate must be a date (YYYY-MM-DD)' }) @IsISO8601({ strict: true })
  endDate?: string;

  @ApiPropertyOptional({ enum: RISK_LEVELS }) @IsOptional() @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel;
}

export class ListGrantsQuery {
  @ApiPropertyOptional({ enum: ['pending', 'active', 'suspended', 'closed'] }) @IsOptional() @IsIn(['pending', 'active', 'suspended', 'closed'])
  status?: 'pending' | 'active' | 'suspended' | 'closed';
}
