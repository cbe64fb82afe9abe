import { ROLES } from '@beacon/domain';
import { Type, type Static } from 'typebox';

export const RoleSchema = Type.Enum(ROLES);

export const SessionUserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  regionCode: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  enterpriseId: Type.Union([Type.String(), Type.Null()]),
  mustChangePassword: Type.Boolean(),
});
export type SessionUser = Static<typeof SessionUserSchema>;

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const SessionReply = Type.Object({ user: SessionUserSchema, csrfToken: Type.String() });

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const OkReply = Type.Object({ ok: Type.Boolean() });
