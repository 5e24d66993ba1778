// Deterministic journey generator for the benchmarks and the parser equivalence tests.
// Same seed, same text: every figure in a run is measured on inputs that can be rebuilt exactly.

/** mulberry32: a small, fast, well-distributed 32-bit PRNG. */
export function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const channels = ['web', 'app', 'email', 'sms', 'phone', 'ivr', 'chat', 'chatbot', 'store', 'kiosk', 'mail', 'field'];
const actors = ['customer', 'agent', 'backstage', 'system', 'partner'];
const owners = ['customer-care', 'operations', 'it', 'sales', 'finance', 'marketing', 'retail-ops', 'logistics'];
const verbs = ['Verify', 'Check', 'Send', 'Collect', 'Confirm', 'Review', 'Approve', 'Notify', 'Schedule', 'Refund', 'Replace', 'Escalate'];
const objects = ['identity', 'order', 'address', 'payment', 'claim', 'delivery', 'contract', 'appointment', 'invoice', 'device'];
const data = ['order-number', 'email', 'phone', 'address', 'date-of-birth', 'iban', 'photo-id', 'account-pin', 'device-serial', 'receipt'];
const systems = ['crm', 'pos', 'erp', 'billing', 'ticketing', 'warehouse'];
const capabilities = ['report-problem', 'track-order', 'request-refund', 'change-address', 'book-visit'];
const kinds = ['action', 'action', 'action', 'decision', 'wait', 'approval', 'handoff', 'message'];
const durations = ['5m', '15m', '1h', '4h', '1d', '2d', '3d'];

const stepId = (index) => `step-${String(index + 1).padStart(6, '0')}`;

/**
 * One journey as YAML text. `steps` steps, fan-out up to `fanOut` (branches with conditions), loops back to
 * earlier steps, merges into shared steps, a few end steps, and, with `defects`, the usual mistakes:
 * unknown targets, dead ends, unreachable steps, missing owners.
 */
export function journeyYaml({ seed, steps, name = `journey-${seed}`, fanOut = 3, defects = true, comments = true }) {
  const random = prng(seed);
  const lines = [];
  const channelCount = 2 + random.int(3);
  const journeyChannels = [];
  while (journeyChannels.length < channelCount) {
    const channel = random.pick(channels);
    if (!journeyChannels.includes(channel)) journeyChannels.push(channel);
  }
  if (comments) lines.push(`# ${name}: a journey of ${steps} steps across ${journeyChannels.join(', ')}`);
  lines.push(`journey: ${name}`);
  lines.push(`title: "Journey ${seed}: ${random.pick(verbs)} ${random.pick(objects)}"`);
  lines.push(`owner: ${random.pick(owners)}`);
  lines.push(`version: ${1 + random.int(9)}`);
  lines.push(`channels: [${journeyChannels.join(', ')}]`);
  lines.push(`capabilities: [${random.pick(capabilities)}]`);
  lines.push('systems:');
  for (const system of systems.slice(0, 3 + random.int(3))) lines.push(`  ${system}: { shared: ${random.chance(0.5)} }`);
  lines.push('steps:');
  const endEvery = Math.max(8, Math.floor(steps / 50));
  // Decided ahead so that the step before an end or a dead end also leads past it: the rest stays reachable.
  const shape = prng(seed ^ 0x5bd1e995);
  const stops = new Uint8Array(steps); // 1 end, 2 dead end
  for (let index = 1; index < steps - 1; index++) {
    if (stops[index - 1]) continue;
    if (index % endEvery === 0 && shape.chance(0.7)) stops[index] = 1;
    else if (defects && shape.chance(0.01)) stops[index] = 2;
  }
  for (let index = 0; index < steps; index++) {
    const isLast = index === steps - 1;
    const isEnd = isLast || stops[index] === 1;
    const kind = isEnd ? 'end' : random.pick(kinds);
    const actor = random.pick(actors);
    lines.push(`  - id: ${stepId(index)}`);
    lines.push(`    name: ${random.pick(verbs)} the ${random.pick(objects)}${random.chance(0.3) ? ` for the ${random.pick(objects)}` : ''}`);
    if (kind !== 'action') lines.push(`    kind: ${kind}`);
    if (!defects || random.chance(0.97)) lines.push(`    channel: ${random.pick(journeyChannels)}`);
    lines.push(`    actor: ${actor}`);
    if (actor !== 'customer' && (!defects || random.chance(0.9))) lines.push(`    owner: ${random.pick(owners)}`);
    if (random.chance(0.2)) lines.push(`    collects: [${random.pick(data)}${random.chance(0.3) ? `, ${random.pick(data)}` : ''}]`);
    if (random.chance(0.15)) lines.push(`    uses: [${random.pick(systems)}]`);
    if (random.chance(0.15)) lines.push(`    duration: ${random.pick(durations)}`);
    if (random.chance(0.1)) lines.push(`    sla: ${random.pick(durations)}`);
    if (random.chance(0.08)) lines.push(`    message: ${random.pick(objects)}-notice-v${1 + random.int(3)}`);
    if (comments && random.chance(0.05)) lines.push(`    # reviewed with ${random.pick(owners)}`);
    if (isEnd) {
      lines.push(`    outcome: ${random.pick(['resolved', 'resolved', 'unresolved', 'abandoned', 'escalated'])}`);
      continue;
    }
    if (stops[index] === 2) continue; // a dead end
    const targets = [];
    if (stops[index + 1]) targets.push(stepId(index + 2));
    const width = kind === 'decision' ? 2 + random.int(Math.max(1, fanOut - 1)) : random.chance(0.15) ? 1 + random.int(fanOut) : 1;
    for (let k = 0; k < width; k++) {
      let target;
      const roll = random.next();
      if (k === 0) target = index + 1;
      else if (roll < 0.93 || index < 3) target = Math.min(steps - 1, index + 2 + random.int(20)); // forward: merges
      else target = Math.max(0, index - 1 - random.int(15)); // a loop back
      if (defects && random.chance(0.003)) targets.push(`step-missing-${index}`); // an unknown target
      if (defects && k === 0 && target === index + 1 && random.chance(0.005)) target = Math.min(steps - 1, index + 2); // skips a step: unreachable
      targets.push(stepId(target));
    }
    const unique = [...new Set(targets)];
    if (kind === 'decision' || unique.length > 1) {
      lines.push('    next:');
      const branches = unique.map((target, k) => {
        const when = k === 0 ? 'the usual case' : `"case ${k}: ${random.pick(objects)} ${random.pick(['missing', 'late', 'declined', 'ok'])}"`;
        return { target, when, tenths: random.chance(0.2) ? 1 + random.int(8) : undefined };
      });
      // Probabilities on some branches only, adding up to at most 1: the rest share what is left.
      let tenths = 0;
      branches.forEach((branch, k) => {
        if (branch.tenths === undefined) return;
        if (k === branches.length - 1 && branches.every((other) => other.tenths !== undefined)) branch.tenths = undefined;
        else if (tenths + branch.tenths > 10) branch.tenths = undefined;
        else tenths += branch.tenths;
      });
      for (const branch of branches) {
        lines.push(`      - to: ${branch.target}`, `        when: ${branch.when}`);
        if (branch.tenths !== undefined) lines.push(`        probability: 0.${branch.tenths}`);
      }
    } else {
      lines.push(`    next: ${unique[0]}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A repository of journeys: `count` files of `steps` steps each, as [relative name, text] pairs. */
export function repository({ seed, count, steps }) {
  const files = [];
  for (let index = 0; index < count; index++) {
    const name = `journey-${String(index + 1).padStart(4, '0')}`;
    const folder = ['care', 'sales', 'billing', 'logistics', 'retail'][index % 5];
    files.push([`${folder}/${name}.journey.yaml`, journeyYaml({ seed: seed * 100_003 + index, steps, name })]);
  }
  return files;
}
