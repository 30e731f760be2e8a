import { classifySmtpFailure, retryDelaySeconds } from './smtp-failure.js';

describe('classifySmtpFailure', () => {
  it.each([
    [{ responseCode: 450, response: '450 mailbox busy' }, 'retry'],
    [{ responseCode: 421, response: '421 try later' }, 'retry'],
    [{ responseCode: 550, response: '550 no such user' }, 'rejected'],
    [{ responseCode: 554, response: '554 rejected' }, 'rejected'],
    [{ code: 'EAUTH', responseCode: 535, response: '535 bad credentials' }, 'config'],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, 'retry'],
    [{ code: 'ETIMEDOUT', message: 'timeout' }, 'retry'],
    [{ code: 'EENVELOPE', responseCode: 450, response: '450 greylisted' }, 'retry'],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 unknown user' }, 'rejected'],
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, 'rejected'],
  ])('%j → %s', (error, kind) => {
    expect(classifySmtpFailure(error).kind).toBe(kind);
  });

  it("keeps the server's reply as the message", () => {
    expect(classifySmtpFailure({ responseCode: 550, response: '550 5.1.1 unknown' }).message).toBe(
      '550 5.1.1 unknown',
    );
  });
});

describe('retryDelaySeconds', () => {
  it('backs off and stops growing at two hours', () => {
    expect([1, 2, 3, 4, 5, 6].map(retryDelaySeconds)).toEqual([30, 120, 480, 1920, 7200, 7200]);
  });
});
