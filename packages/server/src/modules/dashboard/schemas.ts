import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Light = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]);
const LightCounts = Type.Object({ green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() });
const Target = Type.Union([
  Type.Object({ kind: Type.Literal('growth'), pct: Type.String() }),
  Type.Object({ kind: Type.Literal('amount'), wan: Type.String() }),
  Type.Object({ kind: Type.Literal('count'), count: Type.Integer() }),
]);

export const PeriodQuery = Type.Object(
  {
    year: Type.Integer({ minimum: 1990, maximum: 2100 }),
    month: Type.Integer({ minimum: 1, maximum: 12 }),
  },
  { additionalProperties: false },
);
export const MarkerQuery = Type.Object(
  {
    year: Type.Integer({ minimum: 1990, maximum: 2100 }),
    month: Type.Integer({ minimum: 1, maximum: 12 }),
    region: Type.Optional(Type.String({ pattern: '^\\d{6,8}$' })),
  },
  { additionalProperties: false },
);

export const DashboardReply = Type.Object({
  year: Type.Integer(),
  month: Type.Integer(),
  timeProgressPct: Type.String(),
  close: Nullable(
    Type.Object(
      { id: Type.String(), edition: Type.Integer(), published: Type.Boolean() },
      { description: '本月关账（亮灯来源）' },
    ),
  ),
  kpis: Type.Array(
    Type.Object({
      indicator: Type.String(),
      name: Type.String(),
      unit: Type.Union([Type.Literal('wan'), Type.Literal('count')]),
      cumulative: Nullable(Type.String()),
      lastYearCumulative: Nullable(Type.String()),
      growthPct: Nullable(Type.String()),
      completionPct: Nullable(Type.String()),
      gapPts: Nullable(Type.String()),
      count: Nullable(Type.Integer()),
      target: Nullable(Target),
      targetMet: Nullable(Type.Boolean()),
    }),
  ),
  lights: Nullable(LightCounts),
  starts: Nullable(
    Type.Object({ planned: Type.Integer(), started: Type.Integer(), ratePct: Nullable(Type.String()) }),
  ),
  trend: Type.Object({
    thisYear: Type.Array(Type.String(), { description: '本年 1–12 月完成投资（万元）' }),
    lastYear: Type.Array(Type.String(), { description: '上年 1–12 月完成投资（万元）' }),
  }),
  regions: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      cumulative: Type.String(),
      growthPct: Nullable(Type.String()),
      completionPct: Nullable(Type.String()),
      lights: Nullable(LightCounts),
    }),
  ),
});

export const MarkersReply = Type.Object({
  closeId: Nullable(Type.String()),
  truncated: Type.Boolean({ description: '超过 3000 个时只返回最需关注的 3000 个' }),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      regionCode: Type.String(),
      lng: Type.Number(),
      lat: Type.Number(),
      light: Nullable(Light),
      explanation: Nullable(Type.String()),
    }),
  ),
});

export const MyProjectsReply = Type.Object({
  closeId: Nullable(Type.String()),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      stage: Type.String(),
      regionCode: Type.String(),
      regionName: Type.String(),
      light: Nullable(Light),
      explanation: Nullable(Type.String()),
      dimensions: Type.Array(
        Type.Object({ dimension: Type.String(), light: Light, explanation: Type.String() }),
      ),
    }),
  ),
});

export const MapReply = Type.Object({
  type: Type.Literal('FeatureCollection'),
  name: Type.String(),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      properties: Type.Object({
        name: Type.String(),
        code: Nullable(Type.String()),
        cp: Nullable(Type.Array(Type.Number())),
      }),
      geometry: Type.Unknown(),
    }),
  ),
});
