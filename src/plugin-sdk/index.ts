/**
 * The plugin SDK: everything a helpdesk plugin may import from TicketBridge. Plugins import this
 * module only (plus their own files, node builtins and npm packages); see README.md.
 */
export * from './plugin';
export * from './dev-tracker';
export * from './model';
export * from './errors';
export * from './http';
export * from './logger';
export * from './attachment-content';
export { noteMarker } from './note-marker';
export { deliverFieldsTogether } from './fields-together';
export { registerSecret, redact } from './redact';
