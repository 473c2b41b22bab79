# MiniStack (the AWS emulator of the local stack: S3, Lambda, ...) at the version in scripts/stack/versions.env,
# pip-installed from PyPI exactly as scripts/stack/install.sh does. Node is in the image because MiniStack runs
# Zip Lambda functions as local processes (`node` for the nodejs runtimes the tests deploy).
# Built by test/stack/containers.ts (STACK=containers npm test); by hand (context = docker/):
#   docker build -f docker/ministack.Dockerfile --build-arg MINISTACK_VERSION=1.5.33 -t ministack docker
FROM node:22-bookworm-slim
ARG MINISTACK_VERSION
RUN test -n "$MINISTACK_VERSION" || { echo "--build-arg MINISTACK_VERSION=... is required" >&2; exit 1; }
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /opt/ministack \
 && /opt/ministack/bin/pip install --no-cache-dir --disable-pip-version-check "ministack==${MINISTACK_VERSION}"
ENV BIND_HOST=0.0.0.0 GATEWAY_PORT=4566 MINISTACK_REGION=us-east-1 PATH=/opt/ministack/bin:$PATH
WORKDIR /home/node
# The image's non-root user, working in its own home (MiniStack keeps its state in memory).
USER node
EXPOSE 4566
CMD ["ministack"]
