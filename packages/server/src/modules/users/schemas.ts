import { Type, type Static } from 'typebox';
import { RoleSchema } from '../auth/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Id = Type.String({ format: 'uuid' });

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  regionCode: Nullable(Type.String()),
  departmentId: Nullable(Type.String()),
  enterpriseId: Nullable(Type.String()),
  enterpriseName: Nullable(Type.String()),
  mustChangePassword: Type.Boolean(),
  disabled: Type.Boolean(),
  lockedUntil: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type UserDto = Static<typeof UserSchema>;

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Optional(RoleSchema),
    page: Type.Integer({ minimum: 1, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

const scopeFields = {
  regionCode: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
  departmentId: Type.Optional(Nullable(Id)),
  enterpriseName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
};

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$' }),
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    role: RoleSchema,
    password: Type.String({ minLength: 1, maxLength: 256 }),
    ...scopeFields,
  },
  { additionalProperties: false },
);
export type CreateUserInput = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    unlock: Type.Optional(Type.Boolean()),
    ...scopeFields,
  },
  { additionalProperties: false },
);
export type UpdateUserInput = Static<typeof UpdateUserBody>;

export const ResetPasswordBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 256 }), version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  regionCode: Nullable(Type.String()),
  departmentId: Nullable(Type.String()),
  enterpriseId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Enum(['city', 'county', 'department', 'owner']),
    regionCode: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
    departmentId: Type.Optional(Nullable(Id)),
    enterpriseId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type CreateTokenInput = Static<typeof CreateTokenBody>;
