import { randomUUID } from 'node:crypto';

export interface ErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

/** An error HubSpot would answer with; the handler turns it into HubSpot's JSON error body. */
export class CrmError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extra: { context?: Record<string, string[]>; errors?: ErrorDetail[]; subCategory?: string } = {},
  ) {
    super(message);
    this.name = 'CrmError';
  }

  toBody(): Record<string, unknown> {
    return {
      status: 'error',
      message: this.message,
      correlationId: randomUUID(),
      category: this.category,
      ...(this.extra.subCategory ? { subCategory: this.extra.subCategory } : {}),
      ...(this.extra.context ? { context: this.extra.context } : {}),
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
    };
  }
}

/** One failed property value, in the shape HubSpot embeds in "Property values were not valid: [...]". */
export interface PropertyValidationFailure {
  name: string;
  error: string;
  message: string;
  propertyValue?: string;
}

export function propertyValidationError(failures: PropertyValidationFailure[], portalId: number): CrmError {
  const results = failures.map((f) => ({
    isValid: false,
    message: f.message,
    error: f.error,
    name: f.name,
    localizedErrorMessage: f.message,
    ...(f.propertyValue !== undefined ? { propertyValue: f.propertyValue } : {}),
    portalId,
  }));
  return new CrmError(400, 'VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(results)}`, {
    errors: failures.map((f) => ({ message: f.message, code: f.error, context: { propertyName: [f.name] } })),
  });
}

export function validationError(message: string, context?: Record<string, string[]>): CrmError {
  return new CrmError(400, 'VALIDATION_ERROR', message, context ? { context } : {});
}

export function objectNotFound(id: string): CrmError {
  return new CrmError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', { context: { id: [id] } });
}

export function resourceNotFound(message = 'resource not found'): CrmError {
  return new CrmError(404, 'OBJECT_NOT_FOUND', message);
}
