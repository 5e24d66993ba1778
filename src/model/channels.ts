/** Channel traits decide which rules apply: automated channels need a human escape, async ones an answer. */
export interface ChannelTraits {
  /** No person answers: IVR, chatbot, kiosk. */
  automated?: boolean;
  /** The customer writes and waits for an answer: e-mail, SMS, social, mail. */
  async?: boolean;
}

export const builtinChannels: Readonly<Record<string, ChannelTraits>> = Object.assign(Object.create(null) as Record<string, ChannelTraits>, {
  web: {},
  app: {},
  email: { async: true },
  sms: { async: true },
  phone: {},
  ivr: { automated: true },
  chat: {},
  chatbot: { automated: true },
  social: { async: true },
  store: {},
  mail: { async: true },
  kiosk: { automated: true },
  field: {},
  partner: {},
});

/** Personal data items recognised without configuration; the config `pii` catalog adds more. */
export const builtinPii: readonly string[] = [
  'name', 'full-name', 'first-name', 'last-name', 'email', 'phone', 'phone-number', 'mobile-number', 'address', 'postal-address',
  'home-address', 'date-of-birth', 'national-id', 'passport-number', 'driving-licence', 'tax-id', 'social-security-number',
  'card-number', 'iban', 'bank-account', 'health-data', 'medical-history', 'photo-id', 'signature', 'security-answer',
  'account-pin', 'location', 'ip-address', 'biometrics',
];

/** Settings derived from the config that rules may read. */
export interface JourneySettings {
  channels: Readonly<Record<string, ChannelTraits>>;
  /** When set, step owners must come from this list. */
  departments?: readonly string[];
  /** Config-level systems catalog; a journey's own `systems` entries take precedence. */
  systems: Readonly<Record<string, { shared?: boolean; stores?: readonly string[] }>>;
  pii: readonly string[];
}

export const defaultSettings: JourneySettings = { channels: builtinChannels, systems: {}, pii: builtinPii };
