import { loadConfig } from '../config.ts';

/** The configuration tests run with: defaults, demo off, the seed city. */
export const TEST_CONFIG = loadConfig({ BEACON_DEMO: '0', LOG_LEVEL: 'silent' });
