import type { FastifyRequest } from 'fastify';
import type { DocumentRejected } from '../documents/parsed-document.ts';
import type { ApiActor } from '../policies/api-actor.ts';
import { ApiProblem } from './problems.ts';

/** Status codes of the rejections a file meets at upload. */
const REJECTION_STATUS: Record<DocumentRejected['code'], number> = {
  UNSUPPORTED_FORMAT: 415,
  FILE_TOO_LARGE: 413,
  CORRUPT_FILE: 422,
  ENCRYPTED_FILE: 422,
  TOO_MANY_PAGES: 422,
  ARCHIVE_LIMIT_EXCEEDED: 422,
  EMPTY_DOCUMENT: 422,
};

export function rejectionProblem(error: DocumentRejected): ApiProblem {
  return new ApiProblem(REJECTION_STATUS[error.code], error.code, error.message);
}

export function documentActorOf(request: FastifyRequest): ApiActor {
  const actor = request.apiActor;
  if (!actor) throw new ApiProblem(401, 'UNAUTHENTICATED', 'Sign in first.');
  return actor;
}

