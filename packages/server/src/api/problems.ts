/**
 * RFC 9457 problem details for /api: every error the workspace API returns has a stable
 * `code` (the UI translates it), a `title`, and a `detail` sentence saying what to do.
 * Never a detected value, a prompt or a secret in any of them.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { StaleSettingsError } from '../commands/refreshed-value.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extension: string]: unknown;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    detail: string,
    options: { title?: string; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = code;
    this.title = options.title ?? titleFromCode(code);
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toBody(): ProblemBody {
    return {
      type: `https://rempart.dev/problems/${this.code.toLowerCase().replaceAll('_', '-')}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...this.extensions,
    };
  }
}

/** "CHARTER_NOT_ACCEPTED" → "Charter not accepted". */
function titleFromCode(code: string): string {
  const words = code.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const notFound = (what = 'This resource'): ApiProblem =>
  new ApiProblem(404, 'NOT_FOUND', `${what} does not exist, or you may not see it.`);

export const conflict = (code: string, detail: string, extensions?: Record<string, unknown>): ApiProblem =>
  new ApiProblem(409, code, detail, { ...(extensions ? { extensions } : {}) });

export function sendProblem(reply: FastifyReply, problem: ApiProblem): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toBody());
}

/** zod issues → 400 with the list of fields (paths and messages, never the rejected values). */
export function validationProblem(error: ZodError): ApiProblem {
  const errors = error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = errors[0];
  return new ApiProblem(400, 'VALIDATION_FAILED', first ? `Invalid request: ${first.path}: ${first.message}.` : 'Invalid request.', {
    extensions: { errors },
  });
}

/** Fastify's own errors (bad JSON, body too large, unsupported media type) as problems. */
function fromFastifyError(error: FastifyError): ApiProblem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiProblem(400, 'INVALID_JSON', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiProblem(413, 'BODY_TOO_LARGE', 'The request body is larger than the server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON (content-type: application/json).');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiProblem(400, 'INVALID_CONTENT_LENGTH', 'The content-length header does not match the body.');
    default:
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return new ApiProblem(error.statusCode, 'BAD_REQUEST', 'The request could not be processed.');
      }
      return undefined;
  }
}

export function problemFromError(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof ZodError) return validationProblem(error);
  if (error instanceof StaleSettingsError) {
    return new ApiProblem(503, 'SETTINGS_STALE', "The administrators' settings could not be refreshed (database unreachable?): try again in a moment.");
  }
  const fastifyProblem = fromFastifyError(error as FastifyError);
  if (fastifyProblem) return fastifyProblem;
  return new ApiProblem(500, 'INTERNAL', 'Something went wrong on the server. Try again; if it persists, contact your administrator.');
}

export function apiErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = problemFromError(error);
  if (problem.status >= 500) request.log.error({ err: error }, 'api request failed');
  return sendProblem(reply, problem);
}
