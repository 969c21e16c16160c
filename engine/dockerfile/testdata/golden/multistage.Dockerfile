# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.22
ARG BASE
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS Build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS="-trimpath -mod=readonly"
RUN --mount=type=cache,target=/root/.cache/go-build \
    go build -o /out/app ./cmd/app
RUN <<EOF
set -e
echo built
EOF
USER 65532

FROM build AS test
RUN ["go", "test", "./..."]

FROM ${BASE}
FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/app /app
HEALTHCHECK --interval=30s CMD ["/app", "health"]
ONBUILD RUN echo hi
LABEL org.opencontainers.image.source="https://example.com/app" maintainer=ops
EXPOSE 8080
ENTRYPOINT ["/app"]
