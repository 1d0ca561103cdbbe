import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsObject, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DOMAIN_CODES, DomainCode, Maturity } from '../frameworks/framework.types';
import { PseaBand } from '../rules/capacity.rules';

const BANDS: PseaBand[] = ['low', 'medium', 'full'];

export class LowRiskDto {
  @ApiProperty({ enum: BANDS }) @IsIn(BANDS) pseaBand: PseaBand;
  @ApiProperty({ minimum: 1, maximum: 4 }) @IsInt() @Min(1) @Max(4) minDomainLevel: Maturity;
  @ApiProperty({ enum: DOMAIN_CODES, isArray: true }) @IsIn(DOMAIN_CODES, { each: true }) @ArrayMaxSize(5) domains: DomainCode[];
}

export class HighRiskDto {
  @ApiProperty({ enum: BANDS, isArray: true }) @IsIn(BANDS, { each: true }) @ArrayMaxSize(3) pseaBands: PseaBand[];
  @ApiProperty({ minimum: 1, maximum: 4 }) @IsInt() @Min(1) @Max(4) keyIndicatorAtMost: Maturity;
}

export class LeadPartnerRulesDto {
  @ApiProperty({ enum: BANDS }) @IsIn(BANDS) pseaBand: PseaBand;
  @ApiProperty() @IsBoolean() noPseaAbsent: boolean;
  @ApiProperty({ example: { governance: 3, 'financial-management': 3 }, description: 'domain -> minimum level of each key indicator' }) @IsObject() keyIndicatorsMin: Partial<Record<DomainCode, Maturity>>;
  @ApiProperty({ example: { 'data-protection': 3 }, description: 'domain -> minimum overall level' }) @IsObject() domainMin: Partial<Record<DomainCode, Maturity>>;
  @ApiProperty({ example: 'FIN7' }) @Matches(/^[A-Z]{2,4}\d{1,2}$/) auditIndicator: string;
  @ApiProperty({ minimum: 1, maximum: 4 }) @IsInt() @Min(1) @Max(4) auditMin: Maturity;
}

/** A funder's capacity rules: when an organisation is low or high risk, and when it may lead a cluster. */
export class CapacityRulesDto {
  @ApiProperty({ type: LowRiskDto }) @ValidateNested() @Type(() => LowRiskDto) lowRisk: LowRiskDto;
  @ApiProperty({ type: HighRiskDto }) @ValidateNested() @Type(() => HighRiskDto) highRisk: HighRiskDto;
  @ApiProperty({ type: LeadPartnerRulesDto }) @ValidateNested() @Type(() => LeadPartnerRulesDto) leadPartner: LeadPartnerRulesDto;
}
