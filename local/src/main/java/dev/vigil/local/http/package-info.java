/**
 * The predict API on localhost, as API Gateway's HTTP API fronts the predict Lambda: {@link
 * dev.vigil.local.http.PredictHttpServer} is the type to start from. Each connection's pipeline is {@code
 * RequestDeadline} (the timeouts, on raw bytes), Netty's HTTP/1.1 decoder and encoder (request line and header size
 * limits), then {@code PredictExchange} (checks, body gathering, the handler on a worker, the response). What one
 * client may take is {@link dev.vigil.local.http.HttpLimits}; the answers the server gives itself are {@code
 * ServerError}, in the handler's JSON error shape; {@link dev.vigil.local.http.HttpApiEvents} builds the v2 event.
 */
package dev.vigil.local.http;
