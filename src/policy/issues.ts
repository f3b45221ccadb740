import type { z } from 'zod';

/**
 * One line per zod issue, each naming the offending field. `nameOf` turns an issue path into the name
 * the user knows (a CLI flag, a HubSpot property); by default the dotted path is used.
 */
export function describeIssues(error: z.ZodError, nameOf: (path: readonly PropertyKey[]) => string = dottedPath): string {
  return error.issues.map((issue) => `${nameOf(issue.path) || '(input)'}: ${issue.message}`).join('; ');
}

export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
