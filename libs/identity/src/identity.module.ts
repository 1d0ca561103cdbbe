import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '@mosaic/mail';
import { AuthService } from './auth.service';
import { IDENTITY_ENTITIES } from './entities';
import { IdentityRepository } from './identity.repository';
import { LoginThrottle } from './login-throttle';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { PasswordHasher } from './password-hasher';
import { SessionService } from './session.service';

@Module({
  imports: [TypeOrmModule.forFeature(IDENTITY_ENTITIES), MailModule],
  providers: [
    AuthService,
    IdentityRepository,
    LoginThrottle,
    OrganisationRepository,
    OrganisationService,
    PasswordHasher,
    SessionService,
  ],
  exports: [AuthService, OrganisationService, SessionService, PasswordHasher],
})
export class IdentityModule {}
