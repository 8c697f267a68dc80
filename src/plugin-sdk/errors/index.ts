export * from './integration-error';
export * from './retry-decision';
export * from './input-error';
export * from './network-error';
export * from './inbound-auth-error';
