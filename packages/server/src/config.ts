import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const Env = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  BEACON_ROOT_REGION: Type.String({ pattern: '^\\d{6}$', default: '331100' }),
  /** Extra non-administrative zones: "code:name;code:name". */
  BEACON_EXTRA_ZONES: Type.String({ default: '33110001:丽水经济技术开发区' }),
  BEACON_DEMO: Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '1' }),
  BEACON_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10 })),
  BEACON_DEMO_PASSWORD: Type.Optional(Type.String({ minLength: 10 })),
  BEACON_SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 30 }),
  BEACON_LOCKOUT_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  BEACON_LOCKOUT_MINUTES: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 15 }),
  /** Login attempts per minute per client address (brute force is also stopped by the account lockout). */
  BEACON_RATE_LIMIT_LOGIN: Type.Integer({ minimum: 1, default: 20 }),
  /** Excel imports and exports per minute per user: each one parses or writes a whole workbook. */
  BEACON_RATE_LIMIT_EXCEL: Type.Integer({ minimum: 1, default: 30 }),
  BEACON_TRUST_PROXY: Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '0' }),
  /** The issuing body printed on bulletins; by default the root region's 重大项目推进指挥部办公室. */
  /** Close each month automatically the day after its reports fall due (0 leaves it to the city). */
  BEACON_AUTO_CLOSE: Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '1' }),
  BEACON_BULLETIN_ISSUER: Type.Optional(Type.String({ minLength: 2, maxLength: 60 })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  rootRegion: string;
  extraZones: { code: string; name: string }[];
  demo: boolean;
  adminPassword: string | undefined;
  demoPassword: string | undefined;
  sessionIdleMinutes: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
  rateLimits: { login: number; excel: number };
  bulletinIssuer: string | undefined;
  autoClose: boolean;
  trustProxy: boolean;
  logLevel: string;
};

export class ConfigError extends Error {}

/** Reads and validates the environment once; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(Env.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const converted = Value.Convert(Env, Value.Default(Env, known));
  const errors = [...Value.Errors(Env, converted)];
  if (errors.length > 0) {
    const lines = errors.map((error) => `  ${error.instancePath.slice(1) || '(env)'}: ${error.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const value = converted as Static<typeof Env>;
  return {
    port: value.PORT,
    host: value.HOST,
    databaseUrl: value.DATABASE_URL,
    dataDir: path.resolve(value.DATA_DIR),
    rootRegion: value.BEACON_ROOT_REGION,
    extraZones: parseZones(value.BEACON_EXTRA_ZONES),
    demo: value.BEACON_DEMO === '1',
    adminPassword: value.BEACON_ADMIN_PASSWORD,
    demoPassword: value.BEACON_DEMO_PASSWORD,
    sessionIdleMinutes: value.BEACON_SESSION_IDLE_MINUTES,
    lockoutAttempts: value.BEACON_LOCKOUT_ATTEMPTS,
    lockoutMinutes: value.BEACON_LOCKOUT_MINUTES,
    rateLimits: { login: value.BEACON_RATE_LIMIT_LOGIN, excel: value.BEACON_RATE_LIMIT_EXCEL },
    trustProxy: value.BEACON_TRUST_PROXY === '1',
    bulletinIssuer: value.BEACON_BULLETIN_ISSUER,
    autoClose: value.BEACON_AUTO_CLOSE === '1',
    logLevel: value.LOG_LEVEL,
  };
}

function parseZones(text: string): { code: string; name: string }[] {
  return text
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [code, name] = entry.split(':').map((part) => part.trim());
      if (!code || !name || !/^\d{8}$/.test(code)) {
        throw new ConfigError(`Invalid BEACON_EXTRA_ZONES entry "${entry}": expected "8-digit-code:name"`);
      }
      return { code, name };
    });
}
