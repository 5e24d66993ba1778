/** Channel traits decide which rules apply: automated channels need a human escape, async ones an answer. */
export interface ChannelTraits {
  /** No person answers: IVR, chatbot, kiosk. */
  automated?: boolean;
  /** The customer writes and waits for an answer: e-mail, SMS, social, mail. */
  async?: boolean;
  /** The customer is signed in to use the channel, so identity is already established (the app). */
  authenticated?: boolean;
  /** The company comes to the customer (an engineer's visit, a delivery at the door): acting there is no channel switch. */
  fulfilment?: boolean;
  /** A channel where the customer addresses the company (calls, writes, walks in): a contact that can turn into chasing. */
  contact?: boolean;
  /** Messages travel unencrypted or are kept in inboxes and threads others can read: no place for sensitive data. */
  insecure?: boolean;
}

export const builtinChannels: Readonly<Record<string, ChannelTraits>> = Object.assign(Object.create(null) as Record<string, ChannelTraits>, {
  web: {},
  app: { authenticated: true },
  email: { async: true, contact: true, insecure: true },
  sms: { async: true, contact: true, insecure: true },
  phone: { contact: true },
  ivr: { automated: true },
  chat: { contact: true },
  chatbot: { automated: true },
  social: { async: true, contact: true, insecure: true },
  store: { contact: true },
  mail: { async: true, contact: true },
  kiosk: { automated: true },
  field: { fulfilment: true },
  partner: {},
});

/** Personal data items recognised without configuration; the config `pii` catalog adds more. */
export const builtinPii: readonly string[] = [
  'name', 'full-name', 'first-name', 'last-name', 'email', 'phone', 'phone-number', 'mobile-number', 'address', 'postal-address',
  'home-address', 'delivery-address', 'billing-address', 'date-of-birth', 'national-id', 'passport-number', 'passport', 'id-document',
  'driving-licence', 'tax-id', 'social-security-number', 'card-number', 'card-details', 'card-security-code', 'iban', 'bank-account',
  'bank-details', 'health-data', 'medical-history', 'photo-id', 'signature', 'security-answer', 'password', 'account-pin', 'location',
  'ip-address', 'biometrics',
];

/**
 * Sensitive items: data whose leak does lasting harm (fraud, identity theft, discrimination). A subset of the personal
 * data catalog plus credentials; the config `sensitive` catalog adds more. Read by `sensitive-data-channel`.
 */
export const builtinSensitive: readonly string[] = [
  'card-number', 'card-details', 'card-security-code', 'password', 'account-pin', 'national-id', 'social-security-number',
  'passport-number', 'passport', 'id-document', 'health-data', 'medical-history', 'biometrics',
];

/** Settings derived from the config that rules may read. */
export interface JourneySettings {
  channels: Readonly<Record<string, ChannelTraits>>;
  /** When set, step owners must come from this list. */
  departments?: readonly string[];
  /** Config-level systems catalog; a journey's own `systems` entries take precedence. */
  systems: Readonly<Record<string, { shared?: boolean; stores?: readonly string[] }>>;
  pii: readonly string[];
  /** Sensitive items (built in plus the config's `sensitive` catalog); absent means the built-in list. */
  sensitive?: readonly string[];
  /**
   * One mistake, one message (default true): on a journey with schema or reference errors, rules that read the whole flow
   * are held back until the errors are fixed. False (config `holdBackOnErrors: false`) runs them anyway.
   */
  holdBackOnErrors?: boolean;
}

export const defaultSettings: JourneySettings = { channels: builtinChannels, systems: {}, pii: builtinPii, sensitive: builtinSensitive };

/** The traits of a channel, or none for an unknown one (reported by the reference checks). */
export function traitsOf(settings: JourneySettings, channel: string | undefined): ChannelTraits {
  if (channel === undefined || !Object.hasOwn(settings.channels, channel)) return {};
  return settings.channels[channel] ?? {};
}

export function sensitiveItems(settings: JourneySettings): readonly string[] {
  return settings.sensitive ?? builtinSensitive;
}
