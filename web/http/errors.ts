import type { FastifyReply } from "fastify";

/**
 * A refused request: the status and a code the console shows in the staff member's language
 * (locales/<lang>/console.json `console.errors.<code>`), with what the message needs.
 */
export function fail(
  reply: FastifyReply,
  status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429,
  code: string,
  params: Record<string, string | number> = {},
) {
  return reply.code(status).send({ error: code, params });
}
