import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_DESCRIPTIONS } from './api-route.decorator';

const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponseDto' };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  parameters?: Array<{ in?: string }>;
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, unknown>;
}

/**
 * Adds to every operation the error answers its shape implies: 400 on all of them (every query
 * string and body is inspected before routing, so `?x=%00` on a route without parameters is
 * refused too), 401 when it needs a token, 404 when its path names a record, 413 on every method
 * that may carry a body (the body parser reads it whether or not the route wants one). What a
 * route does beyond its shape is declared on the route (`ApiRoute`).
 */
export function declareShapeErrors(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      const implied = [
        400,
        (operation.security ?? []).length > 0 ? 401 : undefined,
        parameters.some((parameter) => parameter.in === 'path') ? 404 : undefined,
        operation.requestBody !== undefined || method !== 'get' ? 413 : undefined,
      ];
      for (const status of implied) {
        if (status === undefined || operation.responses[status] !== undefined) continue;
        operation.responses[status] = {
          description: ERROR_DESCRIPTIONS[status],
          content: { 'application/json': { schema: ERROR_SCHEMA } },
        };
      }
    }
  }
  return document;
}
