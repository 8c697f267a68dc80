export { startZnunyDouble, type ZnunyDouble } from './server';
export { type Fault } from './control';
