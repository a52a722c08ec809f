// Who produces the federal form 1-ПК: the operator for any provider, a provider's administrator
// for his own (another provider's figures do not exist for him).
import { type ActionOf, definePolicy, rule } from '../access/policy.js';
import { isOperator, isProviderAdminOf } from '../access/predicates.js';

export const form1pkPolicy = definePolicy({
  'form1pk.view': rule<{ providerId: number }>(
    ['operator', 'provider_admin'],
    (actor, row) => isOperator(actor) || isProviderAdminOf(actor, row.providerId),
    {
      denied: 'Форму 1-ПК составляют администратор поставщика и оператор',
      missing: 'Поставщик не найден',
    },
  ),
});

export type Form1pkPolicyAction = ActionOf<typeof form1pkPolicy>;
