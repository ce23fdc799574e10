# Aura Monitor API. Build from the repository root:
#   docker build -f docker/api.Dockerfile -t aura-monitor-api .
FROM node:20.20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# main.js plus package.json and package-lock.json pruned to its runtime dependencies (apps/api/project.json).
RUN NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx run api:prune

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/dist/apps/api/package.json /src/dist/apps/api/package-lock.json ./
# Exactly the locked versions. No install scripts: none of the runtime dependencies needs one (the only
# one is swagger-ui-dist's @scarf/scarf telemetry).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist/apps/api/main.js /src/dist/apps/api/main.js.map ./
USER node
EXPOSE 8080
# Liveness with what the image has (no curl): the process answers and its heap is sane.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/api/monitor/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "main.js"]
