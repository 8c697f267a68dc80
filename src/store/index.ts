export { createRedis, KeySpace, type CreateRedisOptions } from './redis';
export { RedisLinkStore } from './link-store';
export { RedisCursorStore } from './cursor-store';
export { RedisEchoMarkers, DEFAULT_ECHO_TTL_SECONDS } from './echo-markers';
export { RedisOnceStore } from './once-store';
export { RedisSnapshotStore, StoreConflictError } from './snapshot-store';
export { RedisCache } from './cache';
export { TicketLocks, type HeldLock, type LockOptions } from './ticket-locks';
export { LockBusyError } from './lock-busy-error';
