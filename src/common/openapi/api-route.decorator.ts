import { applyDecorators, Type, UseGuards } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { ListPageDto } from '../http/pagination.dto';

/**
 * Error answers that follow from what a route does rather than from its shape: 401 (credentials
 * refused on a route open to all), 403 (the caller's role may not), 404 (a record named in the
 * body or query is absent), 409 (a stale version, a state that does not allow it, a duplicate),
 * 415 (an upload's content is of a type the route does not take), 503 (a dependency is down). 400, 401 for a token, 404 for path ids and 413 follow from the shape
 * and are added to the document by `declareShapeErrors`; 429 comes with `RateLimited`.
 */
export type RouteError = 401 | 403 | 404 | 409 | 415 | 503;

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Permintaan tidak valid / Invalid request: `details.fields` lists each field and its problems',
  401: 'Belum masuk / Not signed in: a valid bearer token is required',
  403: 'Tidak diizinkan / Not allowed for your role',
  404: 'Tidak ditemukan / Not found, or not visible to you',
  409: 'Konflik / Conflict: a stale `version`, a state that does not allow this, or a duplicate',
  413: 'Terlalu besar / The request body is larger than 1 MB',
  415: 'Jenis tidak diterima / The content is of a type this route does not take',
  429: 'Terlalu sering / Too many attempts: wait and try again',
  503: 'Tidak tersedia / A dependency is down: `details` says which',
};

export function errorResponse(status: number): ReturnType<typeof ApiResponse> {
  return ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], type: ErrorResponseDto });
}

export interface ApiRouteOptions {
  /** The business errors the route can answer with (see `RouteError`). */
  errors?: RouteError[];
  /** The item type(s) of a list answer, which then takes the shared `ListPageDto` shape. */
  list?: Type | Type[];
  /** The success status of the list answer when it is not 200 (a POST answering 201). */
  listStatus?: 201;
  /** Example request bodies (see `bodyExamples`). */
  examples?: BodyExamples;
}

export interface BodyExamples {
  type: Type;
  examples: Record<string, { summary: string; value: object }>;
}

/** Named example bodies for a request DTO, kept beside it and shown on the docs page. */
export function bodyExamples<T extends object>(
  type: Type<T>,
  examples: Record<string, { summary: string; value: Partial<Record<keyof T, unknown>> }>,
): BodyExamples {
  return { type, examples };
}

/**
 * Documents a route in one line: its operationId (a stable name for generated clients, such as
 * `createCase`), its business error answers, the item type of a list answer and body examples.
 */
export function ApiRoute(operationId: string, options: ApiRouteOptions = {}): MethodDecorator {
  const decorators = [ApiOperation({ operationId }), ...(options.errors ?? []).map(errorResponse)];
  if (options.list) decorators.push(...listResponse(options.list, options.listStatus ?? 200));
  if (options.examples)
    decorators.push(ApiBody({ type: options.examples.type, examples: options.examples.examples }));
  return applyDecorators(...decorators);
}

/** Sign-in style limits per client address and account; the 429 is documented with it. */
export function RateLimited(): MethodDecorator {
  return applyDecorators(UseGuards(ThrottlerGuard), errorResponse(429));
}

function listResponse(itemTypes: Type | Type[], status: number): MethodDecorator[] {
  const types = Array.isArray(itemTypes) ? itemTypes : [itemTypes];
  const refs = types.map((type) => ({ $ref: getSchemaPath(type) }));
  return [
    ApiExtraModels(ListPageDto, ...types),
    ApiResponse({
      status,
      schema: {
        allOf: [
          { $ref: getSchemaPath(ListPageDto) },
          {
            properties: {
              items: { type: 'array', items: refs.length === 1 ? refs[0] : { oneOf: refs } },
            },
          },
        ],
      },
    }),
  ];
}
