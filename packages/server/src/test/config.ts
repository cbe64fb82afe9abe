import { loadConfig } from '../config.ts';

/** The configuration tests run with: defaults, demo off, the seed city. */
export const TEST_CONFIG = loadConfig({
  BEACON_DEMO: '0',
  // Nothing closes a month behind a test's back; the scheduled close has its own test.
  BEACON_AUTO_CLOSE: '0',
  LOG_LEVEL: 'silent',
  // Test suites log in hundreds of times from one address; the limiter itself has its own test.
  BEACON_RATE_LIMIT_LOGIN: '100000',
  BEACON_RATE_LIMIT_EXCEL: '100000',
});
