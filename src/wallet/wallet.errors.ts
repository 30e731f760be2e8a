import { AppError } from '../common/errors/app-error.js';

/** Error catalogue of the wallet module (customer balances and their ledger). */
export const WalletErrors = {
  insufficientBalance: (needed: number, balance: number) =>
    new AppError(
      'WALLET.INSUFFICIENT_BALANCE',
      `Not enough balance: ${needed} fen needed, ${balance} fen available`,
      undefined,
      { needed, balance },
    ),
  userNotFound: () => new AppError('WALLET.USER_NOT_FOUND', 'User not found'),
  invalidAmount: () =>
    new AppError('WALLET.INVALID_AMOUNT', 'amount must be a non-zero whole number of fen'),
};
