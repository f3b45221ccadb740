/** Static credentials the sandbox signs ACE stand-in requests with. Not a secret: the stand-in only listens on loopback and checks no key. */
export const ACE_STAND_IN_CREDENTIALS = { accessKeyId: 'AKIDSANDBOXSTANDIN', secretAccessKey: 'sandbox-ace-stand-in-not-a-secret' };
