# Aura Monitor dashboard, served by nginx with the API behind the same origin (docker/nginx.conf).
#   docker build -f docker/dashboard.Dockerfile -t aura-monitor-dashboard .
FROM node:20.20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx build dashboard

FROM nginx:1.27-alpine
# Run as the image's unprivileged nginx user: no `user` directive, pid file and temp paths it can write.
RUN sed -i -e '/^user /d' -e 's#^pid .*#pid /tmp/nginx.pid;#' /etc/nginx/nginx.conf \
  && chown -R nginx:nginx /var/cache/nginx
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/dist/apps/dashboard/browser /usr/share/nginx/html
# config.json is written at every start from BACKEND_URL and EXPLORER_URL (no rebuild to change them):
# the one file the nginx user may write; the app itself stays read-only.
COPY docker/dashboard-config.sh /docker-entrypoint.d/40-aura-dashboard-config.sh
RUN chmod 755 /docker-entrypoint.d/40-aura-dashboard-config.sh \
  && : >/usr/share/nginx/html/config.json \
  && chown nginx:nginx /usr/share/nginx/html/config.json
ENV BACKEND_URL="" EXPLORER_URL="https://amoy.polygonscan.com"
USER nginx
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD wget -q --spider http://127.0.0.1:8080/ || exit 1
