import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../context.ts';

const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([Type.Literal('city'), Type.Literal('county'), Type.Literal('zone')]),
});
const Named = Type.Object({ code: Type.String(), name: Type.String() });
const Department = Type.Object({ id: Type.String(), name: Type.String() });

/** Reference data every form needs: regions, sectors, named lists and departments. */
export const regionRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { db } = services;
  app.get(
    '/api/regions',
    {
      schema: { tags: ['reference'], summary: '行政区划与功能区', response: { 200: Type.Array(Region) } },
      config: { access: 'authenticated' },
    },
    async () => {
      const rows = await db.selectFrom('regions').selectAll().orderBy('sort_order').orderBy('code').execute();
      return rows.map((row) => ({
        code: row.code,
        name: row.name,
        parentCode: row.parent_code,
        kind: row.kind,
      }));
    },
  );

  app.get(
    '/api/reference',
    {
      schema: {
        tags: ['reference'],
        summary: '行业、名单、部门',
        response: {
          200: Type.Object({
            sectors: Type.Array(Named),
            lists: Type.Array(Named),
            departments: Type.Array(Department),
          }),
        },
      },
      config: { access: 'authenticated' },
    },
    async () => {
      const [sectors, lists, departments] = await Promise.all([
        db.selectFrom('sectors').select(['code', 'name']).orderBy('sort_order').execute(),
        db.selectFrom('named_lists').select(['code', 'name']).orderBy('sort_order').execute(),
        db.selectFrom('departments').select(['id', 'name']).orderBy('sort_order').execute(),
      ]);
      return { sectors, lists, departments };
    },
  );
};
