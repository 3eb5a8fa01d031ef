# Multi-stage build of the claimgraph server.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
# The build fetches the playground (GraphiQL) from the npm registry with curl,
# which this image has; without network it builds the fallback playground.
RUN cargo build --release --locked -p claimgraph --bin claimgraph

FROM debian:bookworm-slim
RUN useradd --system --home /var/lib/claimgraph --create-home claimgraph
COPY --from=build /src/target/release/claimgraph /usr/local/bin/claimgraph
USER claimgraph
WORKDIR /var/lib/claimgraph
ENV CLAIMGRAPH_BIND=0.0.0.0:8000
EXPOSE 8000
ENTRYPOINT ["claimgraph"]
CMD ["serve"]
