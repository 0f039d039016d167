import type { IndividualRecord, OAuthLinkedAccount } from '@belgie/nestjs-oauth';
import { toAccountView, toIndividualView, type AccountView, type IndividualView } from '../../../apps/demo/dist/account-view.js';

/** The demo's `GET /me` body; every contender's signed-in route answers the same JSON. */
export interface MeView {
  individual: IndividualView;
  accounts: AccountView[];
}

export function meView(individual: IndividualRecord, accounts: readonly OAuthLinkedAccount[]): MeView {
  return { individual: toIndividualView(individual), accounts: accounts.map(toAccountView) };
}
