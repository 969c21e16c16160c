ARG DB_PASSWORD=hunter2
FROM ubuntu AS build
WORKDIR src
RUN apt-get update && apt-get install -y build-essential
RUN sudo make install
FROM python:latest
ENV API_TOKEN="abc123"
ADD https://example.com/tool.tgz /opt/
RUN apk add curl && pip install flask
RUN apt-get install -y git
USER root
MAINTAINER ops@example.com
EXPOSE 8080 22
