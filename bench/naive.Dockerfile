# The naive way, for comparison only: one stage on the target platform, so npm ci and tsc run
# under QEMU for the foreign arch. Not used by any stack.
ARG BUILD_IMAGE
FROM ${BUILD_IMAGE}
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN ./node_modules/.bin/tsc -p tsconfig.json
USER 10001:10001
CMD ["node", "dist/server.js"]
