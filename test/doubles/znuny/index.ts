export { startZnunyDouble, type ZnunyDouble, type ZnunyDoubleOptions } from './server';
export { ZnunyDoubleControl, type Fault, type RecordedRequest, type RecordedDelivery } from './control';
export type { ArticleInput, TicketInput, TicketChanges } from './actions';
