import { normaliseText } from './wording.js';

/** A `message` written as an id (refund-policy-v3) rather than as the text itself. */
const messageId = /^[a-z0-9]+([-_.][a-z0-9]+)*$/;
/** A version at the end of an id: refund-policy-v3, terms_v2.1, notice-2. */
const versionSuffix = /[-_.](?:v\d+(?:[._]\d+)*|\d+)$/;

/**
 * What a `message` is, for comparing channels: `value` tells versions apart (the id, or the normalised text), `key`
 * says which message it is a version of (the id without its version suffix; for text, the normalised text with its
 * figures left out, so "refund within 14 days" and "refund within 30 days" are two versions of one promise).
 */
export function messageIdentity(message: string): { key: string; value: string } {
  if (messageId.test(message)) return { key: `id:${message.replace(versionSuffix, '')}`, value: message };
  const value = normaliseText(message);
  return { key: `text:${value.replace(/\d+(?:[.,]\d+)*/g, '#')}`, value };
}
