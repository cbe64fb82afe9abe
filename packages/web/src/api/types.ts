import type { paths } from './schema';

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;
type Ok<Operation> = Operation extends { responses: infer R }
  ? R extends { 200: infer Reply }
    ? JsonOf<Reply>
    : R extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never;
type BodyOf<Operation> = Operation extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

export type Session = Ok<paths['/api/auth/me']['get']>;
export type SessionUser = Session['user'];
export type Region = Ok<paths['/api/regions']['get']>[number];
export type Reference = Ok<paths['/api/reference']['get']>;

export type Project = Ok<paths['/api/projects/{id}']['get']>;
export type ProjectList = Ok<paths['/api/projects']['get']>;
export type ProjectQuery = paths['/api/projects']['get']['parameters']['query'];
export type CreateProjectBody = BodyOf<paths['/api/projects']['post']>;
export type UpdateProjectBody = BodyOf<paths['/api/projects/{id}']['patch']>;
export type TeamMember = Project['team'][number];

export type User = Ok<paths['/api/users']['get']>['items'][number];
export type CreateUserBody = BodyOf<paths['/api/users']['post']>;
export type UpdateUserBody = BodyOf<paths['/api/users/{id}']['patch']>;
export type ApiToken = Ok<paths['/api/tokens']['get']>[number];
export type IssuedToken = Ok<paths['/api/tokens']['post']>;
export type CreateTokenBody = BodyOf<paths['/api/tokens']['post']>;
export type AuditEvent = Ok<paths['/api/audit']['get']>['items'][number];
export type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;

export type ImportReport = Ok<paths['/api/projects/import']['post']>;
