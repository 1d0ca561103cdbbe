import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

export class RatingDto {
  @ApiProperty({ example: 'DP1' }) @Matches(/^[A-Z]{2,4}\d{1,2}$/) indicator: string;
  @ApiProperty({ example: '3', description: 'a level of the domain’s scale: 1-4, or absent / progressing / adequate for safeguarding' }) @Matches(/^[a-z0-9]{1,12}$/) value: string;
  @ApiPropertyOptional({ description: 'required when a mentor changes the organisation’s own rating' }) @IsOptional() @IsString() @MaxLength(2_000) comment?: string;
}

export class SaveRatingsDto {
  @ApiProperty({ description: 'The version you read' }) @IsInt() @Min(1) version: number;
  @ApiProperty({ type: [RatingDto] }) @ValidateNested({ each: true }) @Type(() => RatingDto) @ArrayMinSize(1) @ArrayMaxSize(60) ratings: RatingDto[];
}

export class EvidenceDto {
  @ApiProperty({ example: 'PSEA1' }) @Matches(/^[A-Z]{2,4}\d{1,2}$/) indicator: string;
}
