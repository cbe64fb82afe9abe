import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../context.ts';

/** Excel import and export of the registry; filled in by the import/export work. */
export const projectExcelRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  _app,
  _options,
) => {};
