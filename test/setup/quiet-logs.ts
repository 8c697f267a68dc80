import { configureLogging } from '../../src/logging/logger';

// Tests read log lines only through their own streams; keep the console for failures.
configureLogging({ level: process.env.TEST_LOG_LEVEL ?? 'error' });
