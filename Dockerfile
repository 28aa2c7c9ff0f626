# syntax=docker/dockerfile:1
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
# The service, then the web app into dist/web, which the service serves at /.
RUN npm run build && npm prune --omit=dev

# The image expects DATABASE_URL: the embedded default is for a developer's machine, and /app is
# not writable by the node user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# A worker serves no HTTP: it is healthy while it runs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD node -e "if(process.env.APP_ROLE==='worker')process.exit(0);fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=16", "dist/src/main.js"]
