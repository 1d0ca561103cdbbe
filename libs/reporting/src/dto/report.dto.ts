import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CORE_QUESTIONS, OPTIONAL_QUESTIONS, ReportQuestion } from '../reports/report.rules';

export class ReportAnswerDto {
  @ApiProperty({ enum: [...CORE_QUESTIONS, ...OPTIONAL_QUESTIONS] }) @IsIn([...CORE_QUESTIONS, ...OPTIONAL_QUESTIONS]) question: ReportQuestion;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) value?: string;
  @ApiPropertyOptional({ example: 'es' }) @IsOptional() @Matches(/^[a-z]{2,3}$/) language?: string;
}

export class FinancialLineDto {
  @ApiProperty({ example: 'travel' }) @Matches(/^[a-z][a-z0-9_]{1,39}$/) category: string;
  @ApiProperty({ description: 'minor units actually spent' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) spentMinor: number;
}

/** A draft: only what is sent changes. */
export class SaveReportDto {
  @ApiPropertyOptional({ description: 'The version you read (optimistic concurrency); omit for a new report' }) @IsOptional() @IsInt() @Min(1)
  version?: number;

  @ApiPropertyOptional({ type: [ReportAnswerDto] }) @IsOptional() @ValidateNested({ each: true }) @Type(() => ReportAnswerDto) @ArrayMaxSize(11)
  answers?: ReportAnswerDto[];

  @ApiPropertyOptional({ type: [FinancialLineDto], description: 'spend by budget line (the budget comes from the grant)' })
  @IsOptional() @ValidateNested({ each: true }) @Type(() => FinancialLineDto) @ArrayMaxSize(30)
  financialLines?: FinancialLineDto[];

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10_000_000)
  peopleReached?: number;

  @ApiPropertyOptional({ example: 'es' }) @IsOptional() @Matches(/^[a-z]{2,3}$/)
  language?: string;
}

export class ReviewReportDto {
  @ApiProperty({ enum: ['accept', 'return'] }) @IsIn(['accept', 'return']) decision: 'accept' | 'return';
  @ApiPropertyOptional({ description: 'required when returning' }) @IsOptional() @IsString() @MaxLength(5_000) comment?: string;
}

export class RequestInstalmentDto {
  @ApiProperty({ description: 'minor units of the previous instalment spent so far' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  previousSpentMinor: number;
}

export class ExportReleasesQuery {
  @ApiPropertyOptional({ example: '2027-01-01' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @ApiPropertyOptional({ example: '2027-12-31' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
}
