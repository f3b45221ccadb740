export const CLOUDS = ['aws', 'microsoft', 'google'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const CLOUD_NAMES: Record<Cloud, string> = { aws: 'AWS', microsoft: 'Microsoft', google: 'Google Cloud' };
