/** The API shape of a user (never a hash, a secret or a database column name). */
import type { User } from '../users/users.ts';

export interface PresentedUser {
  id: string;
  email: string;
  displayName: string | null;
  role: User['role'];
  groups: string[];
  createdAt: string;
  disabledAt: string | null;
  mfaEnabled: boolean;
  hasPassword: boolean;
}

export function presentUser(user: User, credentials: { hasPassword: boolean; mfaEnabled: boolean } | undefined): PresentedUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    groups: user.groups,
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
    mfaEnabled: credentials?.mfaEnabled ?? false,
    hasPassword: credentials?.hasPassword ?? false,
  };
}
