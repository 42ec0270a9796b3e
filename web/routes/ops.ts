import type { FastifyInstance } from "fastify";
import { OPS_PATHS, opsReply } from "../../shared/ops-http";
import type { ConsoleDeps } from "../deps";

/**
 * /healthz, /readyz and /metrics: the same answers as the bot's and the worker's
 * (shared/ops-http.ts). Public on the console's listener, for the orchestrator and Prometheus;
 * the TLS proxy does not pass them from outside (deploy/Caddyfile).
 */
export function opsRoutes(deps: ConsoleDeps) {
  return async (app: FastifyInstance) => {
    for (const path of OPS_PATHS) {
      app.get(path, { config: { access: "public" } }, async (_request, reply) => {
        const answer = await opsReply(path, { db: deps.db, redis: deps.redis });
        if (!answer) return reply.code(404).send();
        return reply
          .code(answer.status)
          .type(answer.contentType)
          .header("cache-control", "no-store")
          .send(answer.body);
      });
    }
  };
}
