import { renderTransitionTable } from '../order-status.js';
import { OrderErrors } from '../orders.errors.js';

/** Appended to the Swagger description of every route that moves an order (customer and staff). */
export const ORDER_TRANSITIONS_DOC = `\n\nOrder transitions (a forbidden one answers -1 ${OrderErrors.invalidTransition.reason} naming the current status):\n\n${renderTransitionTable()}`;
