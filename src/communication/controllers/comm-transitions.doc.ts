import { transitionTableMarkdown } from '../comm-order-status.js';

/** Appended to the Swagger description of every route that moves a request (customer and staff). */
export const COMM_TRANSITIONS_DOC = `Status transitions:\n\n${transitionTableMarkdown()}`;
