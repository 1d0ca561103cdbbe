import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { THEMES } from '@mosaic/identity';

const upperEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.toUpperCase() : v)) : value);

export class TierDto {
  @ApiProperty({ example: 'T0' }) @Matches(/^T\d$/) code: string;
  @ApiProperty({ description: 'inclusive, USD cents' }) @IsInt() @Min(0) minUsdMinor: number;
  @ApiProperty({ description: 'exclusive (inclusive for the last tier), USD cents' }) @IsInt() @IsPositive() maxUsdMinor: number;
}

export class RubricCriterionDto {
  @ApiProperty() @Matches(/^[a-z][a-z0-9_]{1,39}$/) key: string;
  @ApiProperty() @IsInt() @Min(1) @Max(10) weight: number;
  @ApiProperty({ example: { en: 'Relevance' } }) @IsObject() labels: Record<string, string>;
}

export class CallQuestionDto {
  @ApiProperty() @Matches(/^[a-z][a-z0-9_]{1,59}$/) questionKey: string;
  @ApiProperty() @IsBoolean() required: boolean;
}

export class ClusteringWeightsDto {
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0) @Max(100) distance: number;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0) @Max(100) language: number;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0) @Max(100) theme: number;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0) @Max(100) fee: number;
}

/** The terms of the published clustering model a funder may set for a call (PRODUCT.md). */
export class ClusteringPolicyDto {
  @ApiProperty({ description: 'minor units: a cluster is only opened if its members add up to this', example: 1_500_000 }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  minClusterTotal: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(1) @Max(200)
  maxMembersPerCluster: number;
  @ApiProperty() @IsBoolean()
  requireSharedLanguage: boolean;
  @ApiProperty() @IsBoolean()
  requireCountryServed: boolean;
  @ApiProperty({ type: ClusteringWeightsDto }) @ValidateNested() @Type(() => ClusteringWeightsDto)
  weights: ClusteringWeightsDto;
  @ApiProperty({ description: 'cost of leaving an approved application out of every cluster', example: 1000 }) @IsNumber() @Min(0) @Max(1_000_000)
  unassignedPenalty: number;
}

export class CreateCallDto {
  @ApiPropertyOptional({ description: 'The funder; defaults to the officer’s own' }) @IsOptional() @Matches(/^[0-9a-f-]{36}$/)
  funderId?: string;

  @ApiProperty({ example: { en: 'Small grants 2027', fr: 'Petites subventions 2027' } }) @IsObject()
  title: Record<string, string>;

  @ApiPropertyOptional() @IsOptional() @IsObject()
  description?: Record<string, string>;

  @ApiProperty({ description: 'minor units of currency', example: 50_000_000 }) @IsInt() @IsPositive() @Max(Number.MAX_SAFE_INTEGER)
  budgetMinor: number;

  @ApiProperty({ example: 'USD' }) @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency: string;

  @ApiProperty({ example: '2027-01-15T00:00:00+03:00' }) @IsDateString({ strict: true })
  opensAt: string;

  @ApiProperty({ example: '2027-03-31T23:59:00+03:00' }) @IsDateString({ strict: true })
  closesAt: string;

  @ApiProperty({ example: 'Africa/Nairobi' }) @IsString() @MaxLength(64)
  timeZone: string;

  @ApiPropertyOptional({ example: ['CD', 'KE'] }) @IsOptional() @Transform(upperEach) @ArrayMaxSize(250) @IsISO31661Alpha2({ each: true })
  eligibleCountries?: string[];

  @ApiPropertyOptional() @IsOptional() @IsIn(THEMES, { each: true })
  eligibleThemes?: string[];

  @ApiPropertyOptional({ type: [TierDto] }) @IsOptional() @ValidateNested({ each: true }) @Type(() => TierDto) @ArrayMaxSize(10)
  tiers?: TierDto[];

  @ApiPropertyOptional({ example: { EUR: 1.08, KES: 0.0077 }, description: 'USD per one unit of each currency' }) @IsOptional() @IsObject()
  usdRates?: Record<string, number>;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean()
  allowUnregistered?: boolean;

  @ApiPropertyOptional({ description: 'Question set per tier code' }) @IsOptional() @IsObject()
  questionSets?: Record<string, CallQuestionDto[]>;

  @ApiPropertyOptional({ type: [RubricCriterionDto] }) @IsOptional() @ValidateNested({ each: true }) @Type(() => RubricCriterionDto) @ArrayMaxSize(20)
  rubric?: RubricCriterionDto[];

  @ApiPropertyOptional({ type: ClusteringPolicyDto, nullable: true, description: 'How approved applications are bundled under lead partners; null restores the default. May change after publication.' })
  @IsOptional() @ValidateNested() @Type(() => ClusteringPolicyDto)
  clusteringPolicy?: ClusteringPolicyDto | null;
}

export class UpdateCallDto extends PartialType(CreateCallDto) {
  @ApiProperty({ description: 'The version you read (optimistic concurrency)' }) @IsInt() @Min(1)
  version: number;
}
