export * from './call-site';
export * from './exchange';
export * from './remote-message';
export * from './retry-after';
export * from './schema';
export * from './status-error';
