import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsISO31661Alpha2, IsNumber, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';

export class DomainPairDto {
  @ApiProperty() @IsUUID() application: string;
  @ApiProperty({ description: 'The lead partner organisation' }) @IsUUID() partner: string;
}

export class StartClusteringRunDto {
  @ApiPropertyOptional({ type: [DomainPairDto], description: 'Pairs that must hold (pins)' })
  @IsOptional() @ValidateNested({ each: true }) @Type(() => DomainPairDto) @ArrayMaxSize(10_000)
  locks?: DomainPairDto[];

  @ApiPropertyOptional({ type: [DomainPairDto], description: 'Pairs that must not hold' })
  @IsOptional() @ValidateNested({ each: true }) @Type(() => DomainPairDto) @ArrayMaxSize(10_000)
  exclusions?: DomainPairDto[];

  @ApiPropertyOptional({ default: 10_000 }) @IsOptional() @IsInt() @Min(100) @Max(120_000)
  timeLimitMs?: number;
}

export class ApproveRunDto {
  @ApiProperty({ description: 'The run version you reviewed' }) @IsInt() @Min(1)
  version: number;
}

export class LeadPartnerProfileDto {
  @ApiProperty({ example: ['CD'] }) @IsISO31661Alpha2({ each: true }) @ArrayMaxSize(50)
  countriesServed: string[];

  @ApiProperty() @IsInt() @Min(1) @Max(200)
  maxMembers: number;

  @ApiProperty({ description: 'minor units' }) @IsInt() @Min(0)
  maxTotalMinor: number;

  @ApiProperty({ example: 'USD' }) @Matches(/^[A-Z]{3}$/)
  currency: string;

  @ApiProperty() @IsInt() @Min(0) @Max(100_000)
  oversightHours: number;

  @ApiProperty({ example: 0.07 }) @IsNumber() @Min(0) @Max(0.25)
  feeRate: number;
}

export class ListClustersQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  callId?: string;
}
