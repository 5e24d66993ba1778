// ACME's rule pack for journey-audit. A config loads it by name or path under `plugins:`; its rules are then
// `acme/max-fee` and `acme/no-paper-forms`, and `extends: [acme/recommended]` turns them on.
import maxFee from './rules/max-fee.js';
import noPaperForms from './rules/no-paper-forms.js';

export default {
  meta: { name: 'journey-audit-plugin-acme', version: '1.0.0' },
  // Listed by id: journey-audit prefixes each with the pack's name (acme/max-fee).
  rules: {
    'max-fee': maxFee,
    'no-paper-forms': noPaperForms,
  },
  presets: {
    recommended: {
      rules: {
        'acme/max-fee': 'error',
        'acme/no-paper-forms': 'warning',
      },
    },
  },
};
