import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { DOMAIN_CODES, DomainCode } from '../frameworks/framework.types';
import { SESSION_MODES, SessionMode } from '../entities';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class TopicDto {
  @ApiProperty({ enum: DOMAIN_CODES }) @IsIn(DOMAIN_CODES) domain: DomainCode;
  @ApiPropertyOptional({ example: 'DP10' }) @IsOptional() @Matches(/^[A-Z]{2,4}\d{1,2}$/) indicator?: string;
}

export class ActionDto {
  @ApiProperty({ example: 'Draft a one-page data protection policy for the board' }) @IsString() @MinLength(3) @MaxLength(300) title: string;
  @ApiProperty({ enum: ['organisation', 'mentor'] }) @IsIn(['organisation', 'mentor']) owner: 'organisation' | 'mentor';
  @ApiProperty({ example: '2027-02-15' }) @Matches(DATE) @IsISO8601({ strict: true }) dueDate: string;
  @ApiPropertyOptional({ enum: DOMAIN_CODES }) @IsOptional() @IsIn(DOMAIN_CODES) domain?: DomainCode;
  @ApiPropertyOptional({ example: 'DP11' }) @IsOptional() @Matches(/^[A-Z]{2,4}\d{1,2}$/) indicator?: string;
}

export class LogSessionDto {
  @ApiProperty({ example: '2027-01-20' }) @Matches(DATE) @IsISO8601({ strict: true }) heldOn: string;
  @ApiProperty({ example: 60 }) @IsInt() @Min(5) @Max(600) durationMinutes: number;
  @ApiProperty({ enum: SESSION_MODES }) @IsIn(SESSION_MODES) mode: SessionMode;
  @ApiProperty({ type: [TopicDto] }) @ValidateNested({ each: true }) @Type(() => TopicDto) @ArrayMaxSize(20) topics: TopicDto[];
  @ApiPropertyOptional({ description: 'Encrypted at rest; never write survivors’ names or identifying details' }) @IsOptional() @IsString() @MaxLength(10_000) notes?: string;
  @ApiPropertyOptional({ type: [ActionDto] }) @IsOptional() @ValidateNested({ each: true }) @Type(() => ActionDto) @ArrayMaxSize(20) actions?: ActionDto[];
}

export class ShareSessionDto {
  @ApiProperty({ description: 'Let the funder read this session’s notes' }) @IsBoolean() sharedWithFunder: boolean;
}

export class UpdateActionDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiProperty({ enum: ['open', 'done', 'dropped'] }) @IsIn(['open', 'done', 'dropped']) status: 'open' | 'done' | 'dropped';
}

export class RecommendGraduationDto {
  @ApiProperty({ example: 'Safeguarding fully in place; finance and governance established; audit done.' }) @IsString() @MinLength(10) @MaxLength(5_000) rationale: string;
}

export class DecideGraduationDto {
  @ApiProperty({ enum: ['approve', 'decline'] }) @IsIn(['approve', 'decline']) decision: 'approve' | 'decline';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5_000) comment?: string;
}
