import { errorEntry } from '../common/errors/app-error.js';

/** Error catalogue of the wallet module (customer balances and their ledger). */
export const WalletErrors = {
  insufficientBalance: errorEntry(
    'WALLET.INSUFFICIENT_BALANCE',
    (needed: number, balance: number) => ({
      message: `Not enough balance: ${needed} fen needed, ${balance} fen available`,
      details: { needed, balance },
    }),
  ),
  userNotFound: errorEntry('WALLET.USER_NOT_FOUND', () => 'User not found'),
  invalidAmount: errorEntry(
    'WALLET.INVALID_AMOUNT',
    () => 'amount must be a non-zero whole number of fen',
  ),
};
