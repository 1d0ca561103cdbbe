import { ApiProperty } from '@nestjs/swagger';
import { MembershipGrant } from './auth-context';
import { UserEntity } from './entities';
import { Role } from './vocabulary';

export class MembershipView {
  @ApiProperty({ nullable: true, type: String }) organisationId: string | null;
  @ApiProperty({ enum: Role }) role: Role;
}

/** What a user may see of an account: never its password hash. */
export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) preferredLanguage: string | null;
  @ApiProperty({ type: [MembershipView] }) memberships: MembershipView[];
}

export function userView(user: UserEntity, memberships: MembershipGrant[]): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    preferredLanguage: user.preferredLanguage,
    memberships: memberships.map((m) => ({ organisationId: m.organisationId, role: m.role })),
  };
}
