/**
 * Upload, status, listing, deletion, download and passages (citation links). Every read goes
 * through a query that carries the read rule; someone else's document is "not found". Every
 * change (a new document and the groups it is shared with, a deletion) is audited with ids
 * and counts, never a title, a file name or any content.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DocumentsModule } from '../documents/documents-module.ts';
import { findReadableDocument, findReadablePassage, getDocument, listReadableDocuments, readDocumentFile, type DocumentRecord } from '../documents/document-store.ts';
import { FORMAT_MEDIA_TYPES } from '../documents/parsers/index.ts';
import type { DocumentFormat } from '../documents/parsed-document.ts';
import { groupsNotAllowedToShare } from '../policies/authorize.ts';
import type { ApiActor } from '../policies/api-actor.ts';
import type { ApiContext } from './context.ts';
import { documentActorOf } from './documents-request.ts';
import { ApiProblem, notFound } from './problems.ts';
import { requireOwner } from './route-policy.ts';

const GROUP_NAME = /^[\p{L}\p{N} ._@-]{1,100}$/u;

/** What clients see of a document: never its content, never a detected value. */
export function presentDocument(document: DocumentRecord, actor: ApiActor): Record<string, unknown> {
  const base = `/api/documents/${document.id}`;
  return {
    id: document.id,
    title: document.title,
    fileName: document.fileName,
    format: document.format,
    mediaType: document.mediaType,
    sizeBytes: document.sizeBytes,
    status: document.status,
    error: document.error,
    pages: { total: document.pagesTotal, processed: document.pagesProcessed },
    chunkCount: document.chunkCount,
    sensitive: document.sensitive,
    injection: { flagged: document.injection.length > 0, findings: document.injection },
    groups: document.groups,
    mine: document.ownerId === actor.userId,
    source: document.source,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
    links: { self: base, download: `${base}/download` },
  };
}

const readerOf = (actor: ApiActor) => ({ userId: actor.userId, groups: actor.groups });

async function readUpload(request: FastifyRequest): Promise<{ file: MultipartFile; bytes: Buffer; fields: Record<string, string> }> {
  if (!request.isMultipart()) {
    throw new ApiProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data (field "file", optional "title" and "groups").');
  }
  const fields: Record<string, string> = {};
  let upload: { file: MultipartFile; bytes: Buffer } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || upload) {
        await part.toBuffer(); // drain it
        throw new ApiProblem(400, 'VALIDATION_FAILED', 'Send exactly one file, in the field "file".');
      }
      upload = { file: part, bytes: await part.toBuffer() };
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  if (!upload) throw new ApiProblem(400, 'VALIDATION_FAILED', 'The field "file" is missing.');
  return { ...upload, fields };
}

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const documentRoutes: FastifyPluginAsync<{ module: DocumentsModule; context: ApiContext }> = async (api, { module, context }) => {
  const { db } = module;

  api.post('/documents', { config: { action: 'document:upload' } }, async (request, reply) => {
    const actor = documentActorOf(request);
    const { file, bytes, fields } = await readUpload(request);
    const groups = (fields.groups ?? '')
      .split(',')
      .map((group) => group.trim())
      .filter(Boolean);
    const invalid = groups.filter((group) => !GROUP_NAME.test(group));
    if (invalid.length > 0) throw new ApiProblem(400, 'VALIDATION_FAILED', 'Group names are 1 to 100 letters, digits, spaces, or . _ @ -.');
    const refused = groupsNotAllowedToShare(actor, groups);
    if (refused.length > 0) {
      throw new ApiProblem(403, 'NOT_A_GROUP_MEMBER', `You can share a document only with groups you belong to (not: ${refused.join(', ')}).`, {
        extensions: { groups: refused },
      });
    }
    const title = fields.title?.trim().slice(0, 300);
    const { document, duplicate } = await module.ingest({
      ownerId: actor.userId,
      bytes,
      ...(file.filename ? { fileName: file.filename.slice(0, 300) } : {}),
      ...(file.mimetype ? { mediaType: file.mimetype } : {}),
      ...(title ? { title } : {}),
      groups,
    });
    if (!duplicate) {
      await context.auditChange(request, 'document.created', {
        documentId: document.id,
        format: document.format,
        sizeBytes: document.sizeBytes,
        sharedWithGroups: document.groups,
      });
    }
    reply.code(duplicate ? 200 : 202).header('location', `/api/documents/${document.id}`);
    return { document: presentDocument(document, actor), duplicate };
  });

  api.get('/documents', { config: { action: 'document:list' } }, async (request) => {
    const actor = documentActorOf(request);
    const { limit, offset } = listQuery.parse(request.query ?? {});
    const documents = await listReadableDocuments(db, readerOf(actor), { limit, offset });
    return { documents: documents.map((document) => presentDocument(document, actor)) };
  });

  api.get<{ Params: { id: string } }>('/documents/:id', { config: { action: 'document:read' } }, async (request) => {
    const actor = documentActorOf(request);
    const document = await findReadableDocument(db, readerOf(actor), request.params.id);
    if (!document) throw notFound('This document');
    return { document: presentDocument(document, actor) };
  });

  api.get<{ Params: { id: string } }>('/documents/:id/download', { config: { action: 'document:read' } }, async (request, reply) => {
    const actor = documentActorOf(request);
    const document = await findReadableDocument(db, readerOf(actor), request.params.id);
    const content = document ? await readDocumentFile(db, readerOf(actor), document.id) : undefined;
    if (!document || !content) throw notFound('This document');
    const fileName = (document.fileName ?? document.title).replace(/[\r\n"]/g, '_');
    return reply
      .type(FORMAT_MEDIA_TYPES[document.format as DocumentFormat] ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(content);
  });

  api.get<{ Params: { id: string; chunkId: string } }>(
    '/documents/:id/passages/:chunkId',
    { config: { action: 'document:read' } },
    async (request) => {
      const actor = documentActorOf(request);
      const passage = await findReadablePassage(db, readerOf(actor), request.params.id, request.params.chunkId);
      if (!passage) throw notFound('This passage');
      return { passage };
    },
  );

  api.delete<{ Params: { id: string } }>('/documents/:id', { config: { action: 'document:delete' } }, async (request, reply) => {
    const actor = documentActorOf(request);
    const readable = await findReadableDocument(db, readerOf(actor), request.params.id);
    const document = readable ? await getDocument(db, readable.id) : undefined;
    requireOwner(request, document?.ownerId, 'This document');
    await module.remove(document!.id);
    await context.auditChange(request, 'document.deleted', {
      documentId: document!.id,
      chunkCount: document!.chunkCount,
      sharedWithGroups: document!.groups,
      source: document!.source,
    });
    return reply.code(204).send();
  });
};
