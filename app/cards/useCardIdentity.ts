import { useMemo } from 'react';
import { useExtensionContext } from '@hubspot/ui-extensions';
import type { CardIdentity } from './backendActions.ts';

/** The signed-in user as the card's context has them: sent along for card-signed backends, never trusted by the card. */
export function useCardIdentity(): CardIdentity {
  const { user, portal } = useExtensionContext();
  return useMemo(() => ({ userId: user.id, portalId: portal.id, email: user.email }), [user.id, portal.id, user.email]);
}
