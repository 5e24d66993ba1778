import { describe, expect, it } from 'vitest';
import { messageIdentity } from '../../src/model/messages.js';

describe('messageIdentity', () => {
  it('takes versions of one id as one message', () => {
    expect(messageIdentity('refund-policy-v3').key).toBe(messageIdentity('refund-policy-v2').key);
    expect(messageIdentity('terms_v2.1').key).toBe(messageIdentity('terms_v3').key);
    expect(messageIdentity('refund-policy-v3').value).not.toBe(messageIdentity('refund-policy-v2').value);
  });

  it('keeps channel-specific notices apart', () => {
    expect(messageIdentity('photo-check-result').key).not.toBe(messageIdentity('counter-receipt').key);
  });

  it('compares free text normalised, and takes texts that differ only in figures as versions of one promise', () => {
    expect(messageIdentity('We refund within 14 days.').value).toBe(messageIdentity('  we refund   within 14 days').value);
    expect(messageIdentity('We refund within 14 days').key).toBe(messageIdentity('We refund within 30 days').key);
    expect(messageIdentity('We refund within 14 days').value).not.toBe(messageIdentity('We refund within 30 days').value);
    expect(messageIdentity('We refund within 14 days').key).not.toBe(messageIdentity('We call you back').key);
  });
});
