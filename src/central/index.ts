export {
  type AdministrationEventFilter,
  type AuthStatus,
  CentralClient,
  type CentralMetadata,
  type ConnectCentralOptions,
  connectCentral,
  consoleLayout,
  type NotifierInput,
  type NotifierTestResult,
} from './client.ts';
export { centralHttpError, parseCentralError } from './errors.ts';
export { buildQuery, encodeParam, exact, type QueryTerms, queryString } from './query.ts';
export { type TlsVerification, tlsVerification, tlsVerificationNotice } from './tls.ts';
