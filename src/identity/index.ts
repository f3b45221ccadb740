export * from './signature-v3.ts';
export * from './trusted-actor.ts';
export * from './webhooks.ts';
