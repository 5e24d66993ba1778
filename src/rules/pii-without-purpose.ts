import { isPersonal } from '../model/personal-data.js';
import { defineRule } from './define.js';

export default defineRule({
  meta: {
    id: 'pii-without-purpose',
    category: 'privacy',
    defaultSeverity: 'warning',
    description: 'A step collects personal data without saying why (`purpose`).',
    rationale:
      'Customers give personal data more readily when they know why it is needed, and the law requires a stated purpose ' +
      '(GDPR Article 5(1)(b), purpose limitation). A journey that cannot say why it asks for an item usually does not need ' +
      'it: one question fewer is effort saved, and effort predicts disloyalty (Dixon, Freeman and Toman, HBR 2010). ' +
      'Personal data is the built-in list (name, email, address, date-of-birth, ...) plus the config\'s `pii` catalog.',
    fix: 'Add a `purpose` to the step, or per item: `collects: [{item: email, purpose: send the receipt}]`; or stop asking for the item.',
    messages: {
      noPurpose: "step '{{step}}' collects personal data '{{item}}' without a `purpose`",
    },
    priority: { fixScope: 'quick', effort: 1 },
  },
  check({ journey, settings, report }) {
    for (const step of journey.steps) {
      if (step.purpose !== undefined) continue;
      for (const entry of step.collects) {
        if (entry.purpose !== undefined || !isPersonal(settings, entry.item)) continue;
        report({ path: entry.path, step, messageId: 'noPurpose', data: { step: step.id, item: entry.item } });
      }
    }
  },
});
