// The form 1-ПК of a provider for a quarter, filled from the Bank's data (form.ts says how the form
// is read). Read-only and without personal data (counts only), so nothing is audited.
import type { Form1pk, Form1pkQuery } from '../../contract/form1pk.js';
import type { Actor, Who } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Ctx } from '../context.js';
import { Invalid } from '../http/errors.js';
import { fillForm, periodOf } from './form.js';
import { form1pkPolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

export async function form1pk(ctx: Ctx, who: Signed, query: Form1pkQuery): Promise<Form1pk> {
  const actor = form1pkPolicy.authorizeAttempt(who.actor, 'form1pk.view');
  // A provider's administrator means his own provider; the operator has to name one.
  const providerId = query.providerId ?? scopeOf(actor).providers('provider_admin')[0];
  if (providerId === undefined)
    throw new Invalid('Выберите поставщика', [{ field: 'providerId', message: 'Выберите поставщика' }]);
  const provider = form1pkPolicy.authorize(actor, 'form1pk.view', await q.providerOf(ctx.db, providerId));
  const period = periodOf(query.year, query.quarter);
  const counts = await q.completedLearners(ctx.db, provider.id, period);
  return {
    year: query.year,
    quarter: query.quarter,
    ...period,
    provider: {
      id: String(provider.id),
      name: provider.name,
      inn: provider.inn,
      ogrn: provider.ogrn,
      address: provider.address,
    },
    sections: fillForm(counts),
  };
}
