import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Request } from 'express';
import {
  AcceptInvitationDto,
  AuthContext,
  AuthService,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SignInLinkConfirmDto,
  SignInLinkRequestDto,
  UserView,
} from '@mosaic/identity';
import { Auth, MosaicRequest, Public, SignedIn } from '../access/access.decorators';
import { clientAddress } from '../access/channels';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ description: '{ accessToken, expiresAt, user }: send the token as "Authorization: Bearer <token>"' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this account or address (code TOO_MANY_LOGIN_ATTEMPTS)' })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.email, dto.password, 'api', clientAddress(req));
  }

  @Post('logout')
  @SignedIn()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The token no longer works' })
  async logout(@Req() req: MosaicRequest) {
    await this.auth.logout(req.authToken as string);
  }

  @Get('me')
  @SignedIn()
  @ApiOkResponse({ type: UserView })
  me(@Auth() auth: AuthContext) {
    return this.auth.me(auth);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'A single-use link is e-mailed if the address has an account (the answer is the same either way)' })
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto) {
    await this.auth.requestPasswordReset(dto.email);
    return { accepted: true };
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed; every session of the account is signed out' })
  async confirmPasswordReset(@Body() dto: PasswordResetConfirmDto) {
    await this.auth.confirmPasswordReset(dto.token, dto.password);
  }

  @Post('sign-in-link')
  @Public()
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'A single-use sign-in link is e-mailed (no password needed; the account is created on first use)' })
  @ApiTooManyRequestsResponse({ description: 'Too many links asked for this address or mailbox' })
  async requestSignInLink(@Body() dto: SignInLinkRequestDto, @Req() req: Request) {
    await this.auth.requestSignInLink(dto.email, dto.language ?? 'en', dto.next ?? '/', clientAddress(req));
    return { accepted: true };
  }

  @Post('sign-in-link/confirm')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ description: '{ accessToken, expiresAt, user }' })
  confirmSignInLink(@Body() dto: SignInLinkConfirmDto, @Req() req: Request) {
    return this.auth.confirmSignInLink(dto.token, 'api', clientAddress(req));
  }

  @Post('invitations/accept')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ description: '{ accessToken, expiresAt, user }' })
  acceptInvitation(@Body() dto: AcceptInvitationDto, @Req() req: Request) {
    return this.auth.acceptInvitation(dto.token, dto.name, dto.password, clientAddress(req));
  }
}
