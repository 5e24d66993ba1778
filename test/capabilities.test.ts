import { describe, expect, it } from 'vitest';
import { analyse } from '../src/model/analysis.js';
import { capabilityMatrix, isCapabilityGap } from '../src/model/capabilities.js';
import { listChannels } from '../src/rules/messages.js';
import { buildJourney } from '../src/model/journey.js';
import { parseYaml } from '../src/parse/yaml-source.js';

function journeyOf(text: string) {
  return buildJourney(parseYaml(text).data as Record<string, unknown>);
}

// web completes; store starts but only escalates; app is declared with no step; phone serves but is not declared.
const refundJourney = journeyOf(`
journey: refund-request
channels: [web, store, app]
capabilities: [refund, track-order]
steps:
  - id: choose-channel
    actor: customer
    message: welcome
    next: [request-online, ask-at-counter, call-us]
  - id: request-online
    channel: web
    actor: customer
    capability: refund
    message: refund-policy-v3
    next: check-receipt
  - id: check-receipt
    kind: decision
    actor: system
    owner: finance
    fee: 2 EUR
    next:
      - to: refunded
        when: found
      - to: check-receipt
        when: retry
  - id: ask-at-counter
    channel: store
    actor: customer
    capability: refund
    next: manager-approval
  - id: manager-approval
    kind: approval
    channel: store
    actor: agent
    owner: retail-ops
    collects: [date-of-birth]
    sla: 2d
    next: [sent-to-head-office, manager-approval]
  - id: sent-to-head-office
    kind: end
    outcome: escalated
  - id: call-us
    channel: phone
    actor: customer
    capability: refund
    sla: 4h
    next: refunded
  - id: track-online
    channel: web
    actor: customer
    capability: track-order
    sla: 1d
    next: tracked
  - id: tracked
    kind: end
    outcome: resolved
  - id: refunded
    kind: end
    outcome: resolved
`);

describe('capability analysis', () => {
  it('orders declared capabilities and channels first, then those only named on steps', () => {
    const analysis = analyse(refundJourney).capabilities;
    expect(analysis.capabilities).toEqual(['refund', 'track-order']);
    expect(analysis.channels).toEqual(['web', 'store', 'app', 'phone']);
    expect(analysis.services.map((service) => `${service.capability}/${service.channel}`)).toEqual([
      'refund/web', 'refund/store', 'refund/app', 'refund/phone',
      'track-order/web', 'track-order/store', 'track-order/app', 'track-order/phone',
    ]);
  });

  it('gives the matrix status of every pair', () => {
    const matrix = capabilityMatrix(analyse(refundJourney));
    const table = matrix.capabilities.map((capability) => matrix.channels.map((channel) => matrix.status(capability, channel)));
    expect(table).toEqual([
      ['completable', 'partial', 'missing', 'not-offered'],
      ['completable', 'missing', 'missing', 'not-offered'],
    ]);
    expect(matrix.status('refund', 'kiosk')).toBe('not-offered');
    expect(matrix.status('unknown-capability', 'web')).toBe('missing');
  });

  it('serves the entry steps and everything reachable from them, breadth-first', () => {
    const web = analyse(refundJourney).capabilities.service('refund', 'web')!;
    expect(web.entries.map((step) => step.id)).toEqual(['request-online']);
    expect(web.served.map((step) => step.id)).toEqual(['request-online', 'check-receipt', 'refunded']);
    expect(web.resolvable).toBe(true);
    expect([...web.outcomes.keys()]).toEqual(['resolved']);
    // check-receipt has no channel: its fee is not a fact of the web channel.
    expect(web.fees).toEqual([]);
    expect([...web.messages.keys()]).toEqual(['refund-policy-v3']);
  });

  it('collects the policies, promises and outcomes of the steps with a channel', () => {
    const store = analyse(refundJourney).capabilities.service('refund', 'store')!;
    expect(store.resolvable).toBe(false);
    expect([...store.outcomes.entries()].map(([outcome, end]) => `${outcome}@${end.id}`)).toEqual(['escalated@sent-to-head-office']);
    expect(store.approvals.map((step) => step.id)).toEqual(['manager-approval']);
    expect([...store.collected.keys()]).toEqual(['date-of-birth']);
    expect(store.fastestSla?.id).toBe('manager-approval');
    const phone = analyse(refundJourney).capabilities.service('refund', 'phone')!;
    expect(phone.fastestSla?.sla).toBe(240);
  });

  it('reports gaps only for declared pairs and compares the rest', () => {
    const analysis = analyse(refundJourney).capabilities;
    expect(analysis.services.filter(isCapabilityGap).map((service) => `${service.capability}/${service.channel}`)).toEqual([
      'refund/store', 'refund/app', 'track-order/store', 'track-order/app',
    ]);
    expect(analysis.compared('refund').map((service) => service.channel)).toEqual(['web', 'phone']);
    expect(analysis.compared('track-order').map((service) => service.channel)).toEqual(['web']);
  });

  it('computes once per journey', () => {
    const analysis = analyse(refundJourney);
    expect(analysis.capabilities).toBe(analysis.capabilities);
  });

  it('lists channels for messages', () => {
    expect(listChannels(['web'])).toBe('web');
    expect(listChannels(['web', 'app'])).toBe('web and app');
    expect(listChannels(['web', 'app', 'store'])).toBe('web, app and store');
  });
});
