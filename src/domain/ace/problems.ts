import type { ValidationExceptionErrorCode } from '@aws-sdk/client-partnercentral-selling';

/** One reason an ACE payload would be refused, in the shape AWS reports validation errors. */
export interface AceProblem {
  /** ACE field path in CreateOpportunityRequest terms, array items indexed: `Customer.Contacts[0].Email`. */
  field: string;
  code: ValidationExceptionErrorCode;
  message: string;
}
