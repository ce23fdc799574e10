# Aura Monitor dashboard, served by nginx with the API behind the same origin.
#   docker build -f docker/dashboard.Dockerfile -t aura-monitor-dashboard .
FROM node:20.20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx build dashboard

FROM nginx:1.27-alpine
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/dist/apps/dashboard/browser /usr/share/nginx/html
# Same-origin deployment: an empty backendUrl makes the dashboard call /api and /ws on its own host.
RUN printf '{"backendUrl": "", "explorerUrl": "https://amoy.polygonscan.com"}\n' > /usr/share/nginx/html/config.json
EXPOSE 80
