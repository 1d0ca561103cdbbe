import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsTimeZone, Matches, Max, Min, ValidateNested } from 'class-validator';
import { RISK_LEVELS, RiskLevel, TIER_CODES, TierCode } from '../policy/reporting-policy.types';

export const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;

const KINDS = ['narrative', 'financial', 'check_in', 'visit', 'audit', 'consolidated'] as const;
const PROFILES = ['3+0', '4+1', '5+1', '8+0', '8+3', 'expense_list', 'summary', 'interim', 'quarterly', 'detailed', 'call', 'remote', 'on_site', 'external'] as const;

export class ScheduleDto {
  @ApiProperty({ enum: ['end', 'every', 'perYear', 'instalment'] }) @IsIn(['end', 'every', 'perYear', 'instalment'])
  at: 'end' | 'every' | 'perYear' | 'instalment';
  @ApiProperty({ required: false, description: 'for "every"' }) @IsOptional() @IsInt() @Min(1) @Max(24)
  months?: number;
  @ApiProperty({ required: false, description: 'for "perYear"' }) @IsOptional() @IsInt() @Min(1) @Max(12)
  count?: number;
}

export class RequirementRuleDto {
  @ApiProperty({ enum: KINDS }) @IsIn(KINDS) kind: (typeof KINDS)[number];
  @ApiProperty({ enum: PROFILES }) @IsIn(PROFILES) profile: (typeof PROFILES)[number];
  @ApiProperty({ type: ScheduleDto }) @ValidateNested() @Type(() => ScheduleDto) schedule: ScheduleDto;
}

export class PolicyCellDto {
  @ApiProperty() @IsInt() @Min(1) @Max(12) instalments: number;
  @ApiProperty({ type: [RequirementRuleDto] }) @ValidateNested({ each: true }) @Type(() => RequirementRuleDto) @ArrayMinSize(1) @ArrayMaxSize(20)
  requirements: RequirementRuleDto[];
}

export class RiskCellsDto {
  @ApiProperty({ type: PolicyCellDto }) @ValidateNested() @Type(() => PolicyCellDto) low: PolicyCellDto;
  @ApiProperty({ type: PolicyCellDto }) @ValidateNested() @Type(() => PolicyCellDto) medium: PolicyCellDto;
  @ApiProperty({ type: PolicyCellDto }) @ValidateNested() @Type(() => PolicyCellDto) high: PolicyCellDto;
}

export class CellsDto {
  @ApiProperty({ type: RiskCellsDto }) @ValidateNested() @Type(() => RiskCellsDto) T0: RiskCellsDto;
  @ApiProperty({ type: RiskCellsDto }) @ValidateNested() @Type(() => RiskCellsDto) T1: RiskCellsDto;
  @ApiProperty({ type: RiskCellsDto }) @ValidateNested() @Type(() => RiskCellsDto) T2: RiskCellsDto;
  @ApiProperty({ type: RiskCellsDto }) @ValidateNested() @Type(() => RiskCellsDto) T3: RiskCellsDto;
}

export class PolicyTierDto {
  @ApiProperty({ enum: TIER_CODES }) @IsIn(TIER_CODES) code: TierCode;
  @ApiProperty({ description: 'USD cents, inclusive' }) @IsInt() @Min(0) minUsdMinor: number;
  @ApiProperty({ description: 'USD cents, exclusive; null for the last tier', nullable: true }) @IsOptional() @IsInt() @Min(1) maxUsdMinor: number | null;
}

export class PeriodMonthsDto {
  @ApiProperty() @IsInt() @Min(1) @Max(24) low: number;
  @ApiProperty() @IsInt() @Min(1) @Max(24) medium: number;
  @ApiProperty() @IsInt() @Min(1) @Max(24) high: number;
}

export class BurdenSettingsDto {
  @ApiProperty({ example: 10 }) @IsNumber() @Min(0.1) @Max(50) maxPercent: number;
  @ApiProperty({ example: 5 }) @IsNumber() @Min(0) @Max(50) warnPercent: number;
  @ApiProperty({ description: 'USD cents per hour of the grantee’s time' }) @IsInt() @Min(1) @Max(100_000) hourlyRateUsdMinor: number;
  @ApiProperty({ description: 'USD cents' }) @IsInt() @Min(1) smallestGrantUsdMinor: number;
  @ApiProperty({ description: 'estimated hours by kind, then profile' }) @IsObject() hours: Record<string, Record<string, number>>;
}

/** A new version of the funder's reporting policy: the whole document (see GET for the current one). */
export class ReportingPolicyDto {
  @ApiProperty({ type: [PolicyTierDto] }) @ValidateNested({ each: true }) @Type(() => PolicyTierDto) @ArrayMinSize(4) @ArrayMaxSize(4)
  tiers: PolicyTierDto[];
  @ApiProperty({ enum: RISK_LEVELS }) @IsIn(RISK_LEVELS) defaultRiskLevel: RiskLevel;
  @ApiProperty({ type: CellsDto }) @ValidateNested() @Type(() => CellsDto) cells: CellsDto;
  @ApiProperty({ type: PeriodMonthsDto }) @ValidateNested() @Type(() => PeriodMonthsDto) periodMonths: PeriodMonthsDto;
  @ApiProperty({ example: 60 }) @IsInt() @Min(0) @Max(365) finalDueDays: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(180) periodicDueDays: number;
  @ApiProperty({ example: 15 }) @IsInt() @Min(0) @Max(60) memberLeadDays: number;
  @ApiProperty({ example: 10 }) @IsInt() @Min(0) @Max(60) firstInstalmentWorkingDays: number;
  @ApiProperty({ example: 70 }) @IsInt() @Min(0) @Max(100) nextInstalmentSpentPercent: number;
  @ApiProperty({ example: 20 }) @IsInt() @Min(0) @Max(100) reallocationTolerancePercent: number;
  @ApiProperty({ example: [-14, -3, 0, 7] }) @IsInt({ each: true }) @ArrayMinSize(1) @ArrayMaxSize(10) @Min(-90, { each: true }) @Max(90, { each: true })
  reminderOffsetsDays: number[];
  @ApiProperty({ example: 7 }) @IsInt() @Min(0) @Max(90) escalateAfterDays: number;
  @ApiProperty({ type: BurdenSettingsDto }) @ValidateNested() @Type(() => BurdenSettingsDto) burden: BurdenSettingsDto;
  @ApiProperty({ example: { EUR: 1.08 }, description: 'USD per unit of each currency' }) @IsObject() usdRates: Record<string, number>;
}

export class PreviewPlanDto {
  @ApiProperty({ description: 'minor units', example: 1_500_000 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amount: number;
  @ApiProperty({ example: 'USD' }) @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' }) currency: string;
  @ApiProperty({ enum: RISK_LEVELS }) @IsIn(RISK_LEVELS) riskLevel: RiskLevel;
  @ApiProperty() @IsBoolean() clustered: boolean;
  @ApiProperty({ example: '2027-01-01' }) @Matches(CIVIL_DATE, { message: 'startDate must be a date (YYYY-MM-DD)' }) @IsISO8601({ strict: true }) startDate: string;
  @ApiProperty({ example: '2027-12-31' }) @Matches(CIVIL_DATE, { message: 'endDate must be a date (YYYY-MM-DD)' }) @IsISO8601({ strict: true }) endDate: string;
  @ApiProperty({ example: 'Africa/Nairobi' }) @IsTimeZone() timeZone: string;
}
