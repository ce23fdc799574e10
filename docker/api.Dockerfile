# Aura Monitor API. Build from the repository root:
#   docker build -f docker/api.Dockerfile -t aura-monitor-api .
FROM node:20.20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx build api

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/dist/apps/api/package.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY --from=build /src/dist/apps/api/ ./
USER node
EXPOSE 8080
CMD ["node", "main.js"]
