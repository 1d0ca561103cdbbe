import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const PASSWORD_MIN_LENGTH = 10;

export class LoginDto {
  @ApiProperty({ example: 'officer@demo.mosaic.test' })
  @Transform(trimLower) @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'mosaic-demo-2026' })
  @IsString() @Length(1, 200)
  password: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'applicant1@demo.mosaic.test' })
  @Transform(trimLower) @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the e-mailed link' })
  @IsString() @Length(10, 200)
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString() @Length(PASSWORD_MIN_LENGTH, 200, { message: `password must be ${PASSWORD_MIN_LENGTH} to 200 characters` })
  password: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the e-mailed link' })
  @IsString() @Length(10, 200)
  token: string;

  @ApiProperty({ example: 'Amani Bahati' })
  @Transform(trim) @IsString() @Length(1, 200)
  name: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString() @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` }) @MaxLength(200)
  password: string;
}

export class SignInLinkRequestDto {
  @ApiProperty({ example: 'coordinatrice@example.org' })
  @Transform(trimLower) @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: 'fr', description: 'Language of the e-mail' }) @IsOptional() @IsIn(['en', 'fr', 'es', 'ar', 'uk', 'sw'])
  language?: string;

  @ApiPropertyOptional({ example: '/calls/…/apply', description: 'Where the link leads after signing in (a path on this site)' })
  @IsOptional() @Matches(/^\/(?!\/)[^\s\\]{0,300}$/, { message: 'next must be a path on this site' })
  next?: string;
}

export class SignInLinkConfirmDto {
  @ApiProperty({ description: 'The token from the e-mailed link' })
  @IsString() @Length(10, 200)
  token: string;
}
