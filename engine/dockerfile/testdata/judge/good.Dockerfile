FROM golang:1.22@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
RUN --mount=type=secret,id=token go build -o /out/app .
FROM build AS test
RUN ["go", "test", "./..."]
FROM gcr.io/distroless/static:nonroot@sha256:1111111111111111111111111111111111111111111111111111111111111111
ENV GITHUB_TOKEN=$GITHUB_TOKEN
COPY --from=build /out/app /app
USER 65532:65532
HEALTHCHECK NONE
ENTRYPOINT ["/app"]
