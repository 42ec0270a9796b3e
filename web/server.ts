import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { type Access, registerAccess } from "./auth/access";
import type { ConsoleDeps } from "./deps";
import { fail } from "./http/errors";
import { cityRoutes } from "./routes/city";
import { householdRoutes } from "./routes/households";
import { knowledgeRoutes } from "./routes/knowledge";
import { municipalityRoutes } from "./routes/municipalities";
import { opsRoutes } from "./routes/ops";
import { referenceRoutes } from "./routes/reference";
import { roundRoutes } from "./routes/rounds";
import { sessionRoutes } from "./routes/session";

/** Where the built front end is (npm run build:console writes it). */
export const CLIENT_DIR = path.join(import.meta.dirname, "dist");

export interface RouteInfo {
  method: string;
  url: string;
  access: Access | undefined;
}

export type ConsoleApp = FastifyInstance & { consoleRoutes: RouteInfo[] };

/**
 * The staff console, top to bottom: security headers, cookies and CSRF for desktop sessions,
 * the access check of every route, one plugin per capability (each route with its zod schema),
 * then the front end for every other path.
 */
export async function buildServer(deps: ConsoleDeps): Promise<ConsoleApp> {
  const app = Fastify({
    logger: false, // URLs carry search terms: no request logs (errors are logged below, without them)
    trustProxy: "loopback",
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>() as unknown as ConsoleApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.consoleRoutes = [];
  app.addHook("onRoute", (route) => {
    // the front end's own files (registered by @fastify/static) are public, like the page
    if (route.url.startsWith("/assets/") || route.url === "/index.html")
      route.config = { ...route.config, access: "public" };
    for (const method of [route.method].flat()) {
      if (method === "HEAD") continue;
      app.consoleRoutes.push({ method, url: route.url, access: route.config?.access });
    }
  });
  await registerPlugins(app, deps);
  registerAccess(app, deps);
  app.addHook("onRequest", async (request, reply) => {
    // cookie sessions must prove a write comes from the console's own page
    if (request.identity?.via !== "session" || ["GET", "HEAD", "OPTIONS"].includes(request.method)) return;
    await new Promise<void>((done) => app.csrfProtection(request, reply, done));
  });
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if ((error as { validation?: unknown }).validation) return fail(reply, 400, "invalid_request");
    if (status === 429) return fail(reply, 429, "too_many_requests");
    if (status < 500) return fail(reply, status as 400, "invalid_request");
    deps.logger.error(
      { route: request.routeOptions.url, message: (error as Error).message },
      "console error",
    );
    return reply.code(500).send({ error: "server_error", params: {} });
  });
  await app.register(sessionRoutes(deps));
  await app.register(referenceRoutes(deps));
  await app.register(householdRoutes(deps));
  await app.register(roundRoutes(deps));
  await app.register(municipalityRoutes(deps));
  await app.register(cityRoutes(deps));
  await app.register(knowledgeRoutes(deps));
  await app.register(opsRoutes(deps));
  serveClient(app);
  return app;
}

async function registerPlugins(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const secret = createHash("sha256").update(`console-cookies:${deps.config.BOT_TOKEN}`).digest("hex");
  await app.register(fastifyHelmet, {
    // Telegram's web clients show Mini Apps in a frame; nothing else may frame the console
    frameguard: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'self'", "https://web.telegram.org", "https://*.telegram.org"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie, { secret });
  await app.register(fastifyCsrf, {
    sessionPlugin: "@fastify/cookie",
    cookieOpts: { signed: true, httpOnly: true, sameSite: "strict", path: "/", secure: "auto" },
    getToken: (request) => request.headers["x-csrf-token"] as string | undefined,
  });
  await app.register(fastifyRateLimit, { global: false });
}

/** The front end: its files, and index.html for every page path (the client routes them). */
function serveClient(app: FastifyInstance): void {
  const built = existsSync(path.join(CLIENT_DIR, "index.html"));
  if (built) {
    app.register(fastifyStatic, {
      root: CLIENT_DIR,
      prefix: "/",
      wildcard: false,
      index: false,
      maxAge: "1h",
    });
  }
  app.route({
    method: "GET",
    url: "/*",
    config: { access: "public" },
    handler: async (request, reply) => {
      if (request.url.startsWith("/api/")) return fail(reply, 404, "not_found");
      if (!built)
        return reply.code(503).type("text/plain").send("The console is not built: npm run build:console");
      return reply.header("cache-control", "no-store").sendFile("index.html", CLIENT_DIR);
    },
  });
}
