import http from "node:http";
import type { AddressInfo } from "node:net";
import { type Probes, readiness } from "./health";
import { registry } from "./metrics";
import { ServiceError } from "./services";

/**
 * The operations endpoints every process serves: `/healthz` (the process answers), `/readyz`
 * (PostgreSQL, Redis, migrations: 200 or 503 with the failing check) and `/metrics`
 * (Prometheus). `opsReply` is framework-free, so the console mounts the same endpoints in its
 * own HTTP server; bot and worker use `listen` below.
 */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

export const OPS_PATHS = ["/healthz", "/readyz", "/metrics"] as const;

const json = (status: number, value: unknown): Reply => ({
  status,
  contentType: "application/json; charset=utf-8",
  body: JSON.stringify(value),
});

/** The answer to GET `path`, or null when it is not an operations endpoint. */
export async function opsReply(path: string, probes: Probes): Promise<Reply | null> {
  switch (path.split("?")[0]) {
    case "/healthz":
      return json(200, { status: "ok" });
    case "/readyz": {
      const r = await readiness(probes);
      return json(r.ready ? 200 : 503, { status: r.ready ? "ready" : "not ready", checks: r.checks });
    }
    case "/metrics":
      return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
    default:
      return null;
  }
}

/** One HTTP route: answers the request and returns true, or returns false to let the next one try. */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

export function send(res: http.ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { "content-type": reply.contentType, "cache-control": "no-store" });
  res.end(reply.body);
}

/** The operations endpoints as a route (GET only). */
export function opsRoute(probes: Probes): Route {
  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const reply = await opsReply(req.url ?? "/", probes);
    if (!reply) return false;
    send(res, reply);
    return true;
  };
}

export interface Listener {
  server: http.Server;
  /** the port bound (the one asked for, or the free one chosen for port 0) */
  port: number;
  close(): Promise<void>;
}

/** An HTTP listener that tries each route in turn; nothing matched: 404. */
export async function listen(host: string, port: number, routes: Route[]): Promise<Listener> {
  const server = http.createServer((req, res) => {
    void (async () => {
      for (const route of routes) if (await route(req, res)) return;
      send(res, json(404, { error: "not found" }));
    })().catch(() => {
      if (!res.headersSent) send(res, json(500, { error: "internal error" }));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000; // longer than a reverse proxy's idle timeout
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new ServiceError(`cannot listen on ${host}:${port} (${error.code ?? error.message})`)),
    );
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve()); // requests in hand are answered first
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      }),
  };
}
