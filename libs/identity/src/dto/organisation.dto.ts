import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { OrganisationKind, Role, ROLES, THEMES } from '../vocabulary';

@ValidatorConstraint({ name: 'ianaTimeZone' })
class IanaTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown) {
    if (typeof value !== 'string' || !value.includes('/')) return value === 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage() {
    return 'timeZone must be an IANA time zone such as Africa/Nairobi';
  }
}

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Femmes Solidaires de Goma' })
  @Transform(trim) @IsString() @Length(2, 200)
  name: string;

  @ApiProperty({ enum: OrganisationKind })
  @IsIn(Object.values(OrganisationKind))
  kind: OrganisationKind;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  isLeadPartner?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  registered?: boolean;

  @ApiPropertyOptional({ example: 'KE-RCO-123456', description: 'org-id.guide identifier' })
  @IsOptional() @Matches(/^[A-Z]{2,3}-[A-Z0-9]{2,10}-[A-Za-z0-9._-]{1,60}$/, { message: 'orgIdentifier must look like KE-RCO-123456 (org-id.guide)' })
  orgIdentifier?: string;

  @ApiProperty({ example: 'CD', description: 'ISO 3166-1 alpha-2' })
  @Transform(upper) @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;

  @ApiPropertyOptional({ example: 'Goma' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(120)
  city?: string;

  @ApiPropertyOptional() @IsOptional() @IsLatitude()
  latitude?: number;

  @ApiPropertyOptional() @IsOptional() @IsLongitude()
  longitude?: number;

  @ApiProperty({ example: ['fr', 'sw'], description: 'ISO 639-1 codes, preferred first' })
  @ArrayUnique() @ArrayMaxSize(10) @Matches(/^[a-z]{2}$/, { each: true, message: 'languages must be ISO 639-1 codes' })
  languages: string[];

  @ApiProperty({ example: 'Africa/Lubumbashi' })
  @Validate(IanaTimeZone)
  timeZone: string;

  @ApiPropertyOptional({ enum: THEMES, isArray: true })
  @IsOptional() @ArrayUnique() @IsIn(THEMES, { each: true, message: `themes must be among: ${THEMES.join(', ')}` })
  themes?: string[];
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto) {}

export class ListOrganisationsQuery {
  @ApiPropertyOptional({ enum: OrganisationKind }) @IsOptional() @IsIn(Object.values(OrganisationKind))
  kind?: OrganisationKind;

  @ApiPropertyOptional() @IsOptional() @Transform(upper) @IsISO31661Alpha2()
  country?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(bool) @IsBoolean()
  leadPartner?: boolean;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;
}

export class InviteDto {
  @ApiProperty() @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254)
  email: string;

  @ApiProperty({ enum: ROLES.filter((role) => role !== Role.Admin) })
  @IsIn(ROLES.filter((role) => role !== Role.Admin))
  role: Role;
}

export class AssignMentorDto {
  @ApiProperty() @IsUUID()
  mentorUserId: string;
}
