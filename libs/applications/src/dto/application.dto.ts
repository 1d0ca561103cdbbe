import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SUPPORTED_LANGUAGES } from '@mosaic/i18n';
import { BUDGET_CATEGORIES, BudgetCategory, ReviewPanel } from '../vocabulary';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The first answers create the organisation's profile when the applicant has none yet. */
export class NewOrganisationDto {
  @ApiProperty({ example: 'Femmes Debout Uvira' }) @Transform(trim) @IsString() @Length(2, 200)
  name: string;

  @ApiProperty({ example: 'CD' }) @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value)) @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;

  @ApiPropertyOptional({ example: 'Uvira' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(120)
  city?: string;

  @ApiProperty() @IsBoolean()
  registered: boolean;
}

export class StartApplicationDto {
  @ApiPropertyOptional({ description: 'Apply for this organisation (you must be its applicant or lead partner)' }) @IsOptional() @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ type: NewOrganisationDto, description: 'Or create your organisation from these first answers' })
  @IsOptional() @ValidateNested() @Type(() => NewOrganisationDto)
  organisation?: NewOrganisationDto;

  @ApiPropertyOptional({ enum: SUPPORTED_LANGUAGES }) @IsOptional() @IsIn(SUPPORTED_LANGUAGES)
  language?: string;
}

export class BudgetLineDto {
  @ApiProperty({ enum: BUDGET_CATEGORIES }) @IsIn(BUDGET_CATEGORIES)
  category: BudgetCategory;

  @ApiProperty({ description: 'minor units' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  amountMinor: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300)
  note?: string;
}

export class AnswerDto {
  @ApiProperty({ description: 'text, number, boolean, option value(s), date (YYYY-MM-DD) or file id', nullable: true })
  value: string | number | boolean | string[] | null;

  @ApiPropertyOptional({ description: 'ISO 639-1 language of the answer', example: 'fr' }) @IsOptional() @IsString() @Length(2, 8)
  language?: string;
}

export class UpdateApplicationDto {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1)
  version: number;

  @ApiPropertyOptional({ description: 'minor units of the call’s currency', nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  requestedAmountMinor?: number;

  @ApiPropertyOptional({ description: '{ questionKey: { value, language } }; a null value clears an answer' }) @IsOptional() @IsObject()
  answers?: Record<string, AnswerDto>;

  @ApiPropertyOptional({ type: [BudgetLineDto] }) @IsOptional() @ValidateNested({ each: true }) @Type(() => BudgetLineDto) @ArrayMaxSize(30)
  budgetLines?: BudgetLineDto[];

  @ApiPropertyOptional({ enum: SUPPORTED_LANGUAGES }) @IsOptional() @IsIn(SUPPORTED_LANGUAGES)
  language?: string;
}

export class DecideApplicationDto {
  @ApiProperty({ enum: ['approve', 'decline'] }) @IsIn(['approve', 'decline'])
  decision: 'approve' | 'decline';

  @ApiProperty({ description: 'Sent to the applicant with the decision' }) @Transform(trim) @IsString() @Length(1, 5000)
  feedback: string;
}

export class AssignReviewerDto {
  @ApiProperty() @IsUUID()
  reviewerUserId: string;

  @ApiProperty({ enum: ReviewPanel }) @IsIn(Object.values(ReviewPanel))
  panel: ReviewPanel;
}

export class DeclareConflictDto {
  @ApiProperty({ description: 'true if you have a conflict of interest with this applicant' }) @IsBoolean()
  hasConflict: boolean;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(2000)
  statement?: string;
}

export class SubmitReviewDto {
  @ApiProperty({ example: { relevance: 4, feasibility: 3 }, description: 'every rubric criterion, 1 to 5' }) @IsObject()
  scores: Record<string, number>;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(5000)
  comment?: string;
}

export class ListApplicationsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  callId?: string;

  @ApiPropertyOptional() @IsOptional() @IsIn(['draft', 'submitted', 'in_review', 'approved', 'declined', 'withdrawn'])
  status?: string;

  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;
}
