# Re:Match assistant: one image for every process (bot, worker, console); compose.yaml picks the
# entry point. Multi-stage: the runtime stage holds production dependencies only and runs as the
# unprivileged `node` user. The processes run TypeScript directly through tsx (a production
# dependency), so there is no build step besides generating the Prisma client.
# Checked in CI by scripts/check-production.ts (same files, `npm ci --omit=dev`, every process
# answers /readyz): there is no Docker daemon on the project's machines.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM deps AS client
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY shared/database-url.ts ./shared/database-url.ts
# generating reads the schema only; the address is a placeholder
RUN DATABASE_URL=postgresql://build@127.0.0.1:5432/build npx prisma generate

# the console's front end (web/client → web/dist) is built with the dev dependencies (vite);
# only its output goes into the image
FROM node:${NODE_VERSION}-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN if [ -f web/vite.config.ts ]; then npm run build:console; else mkdir -p web/dist; fi

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
# what .dockerignore lets through: sources, migrations, locales, knowledge, no tests or docs
COPY --chown=node:node . .
COPY --from=client --chown=node:node /app/shared/generated ./shared/generated
COPY --from=console --chown=node:node /app/web/dist ./web/dist
USER node
# webhook (bot), operations endpoints (bot, worker); the console's port is set in compose.yaml
EXPOSE 8443 9091 9092
CMD ["node", "--import", "tsx", "bot/main.ts"]
