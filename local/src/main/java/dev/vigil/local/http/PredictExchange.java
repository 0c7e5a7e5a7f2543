package dev.vigil.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, after the HTTP/1.1 decoder: checks each request (version, target, {@code Expect},
 * {@code Content-Length}, body size), gathers its body, hands it as an HTTP API v2 event to the handler on a worker
 * thread, and writes the handler's response back. A request the server refuses itself gets a {@link ServerError}
 * answer and its connection is closed; requests pipelined behind one being handled wait, in order. Runs on the
 * connection's event loop only (the handler runs on a worker and hands its response back to the loop).
 */
final class PredictExchange extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PredictHttpServer.class);
    private static final int MAX_TARGET_IN_MESSAGE = 120;

    private final RequestDeadline deadline;
    private final int maxBodyBytes;
    private final Executor workers;
    private final int workerCount;
    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();

    private HttpRequest request;
    private URI target;
    private ByteArrayOutputStream body;
    private boolean handling;
    private boolean refused;

    PredictExchange(RequestDeadline deadline, int maxBodyBytes, Executor workers, int workerCount,
            Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        this.deadline = deadline;
        this.maxBodyBytes = maxBodyBytes;
        this.workers = workers;
        this.workerCount = workerCount;
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (handling) {
            waiting.add(msg);
            return;
        }
        try {
            read(ctx, msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        RequestDeadline.close(ctx); // a reset or broken connection: nobody is left to answer
    }

    private void read(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            return;
        }
        if (msg instanceof HttpRequest started) {
            start(ctx, started);
        }
        if (!refused && request != null && msg instanceof HttpContent content) {
            append(ctx, content);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest started) {
        DecoderResult decoded = started.decoderResult();
        if (decoded.isFailure()) {
            refuseMalformed(ctx, decoded.cause());
            return;
        }
        HttpVersion version = started.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            refuse(ctx, ServerError.HTTP_VERSION_NOT_SUPPORTED, "this server speaks HTTP/1.1 and HTTP/1.0, not "
                    + version.text());
            return;
        }
        try {
            target = new URI(started.uri());
        } catch (URISyntaxException notAUri) {
            refuse(ctx, ServerError.BAD_REQUEST, "the request target " + quoted(started.uri()) + " is not a valid"
                    + " URI: percent-encode reserved characters, and follow every % by two hex digits");
            return;
        }
        String expect = started.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
            refuse(ctx, ServerError.EXPECTATION_FAILED, "only Expect: 100-continue is supported, not "
                    + quoted(expect));
            return;
        }
        long length = HttpUtil.getContentLength(started, -1L);
        if (length > maxBodyBytes) {
            refuse(ctx, ServerError.BODY_TOO_LARGE, tooLarge());
            return;
        }
        request = started;
        body = new ByteArrayOutputStream(Math.clamp(length, 256, 64 * 1024)); // grows only as bytes come
        if (HttpUtil.is100ContinueExpected(started)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    private void append(ChannelHandlerContext ctx, HttpContent content) {
        DecoderResult decoded = content.decoderResult();
        if (decoded.isFailure()) {
            refuseMalformed(ctx, decoded.cause());
            return;
        }
        int size = content.content().readableBytes();
        if (body.size() + (long) size > maxBodyBytes) {
            refuse(ctx, ServerError.BODY_TOO_LARGE, tooLarge());
            return;
        }
        body.writeBytes(ByteBufUtil.getBytes(content.content()));
        if (content instanceof LastHttpContent) {
            dispatch(ctx);
        }
    }

    private void dispatch(ChannelHandlerContext ctx) {
        HttpRequest done = request;
        APIGatewayV2HTTPEvent event = HttpApiEvents.of(done.method().name(), target, done.protocolVersion().text(),
                done.headers(), sourceIp(ctx.channel().remoteAddress()), body.toByteArray());
        boolean keepAlive = HttpUtil.isKeepAlive(done);
        HttpVersion version = done.protocolVersion();
        boolean head = done.method().equals(HttpMethod.HEAD);
        request = null;
        target = null;
        body = null;
        handling = true;
        ctx.channel().config().setAutoRead(false);
        deadline.received();
        try {
            workers.execute(() -> {
                APIGatewayV2HTTPResponse response;
                try {
                    response = handler.apply(event);
                } catch (RuntimeException failed) {
                    LOG.error("the predict handler threw on {} {}", event.getRequestContext().getHttp().getMethod(),
                            event.getRawPath(), failed);
                    response = null;
                }
                APIGatewayV2HTTPResponse answer = response;
                try {
                    ctx.executor().execute(() -> respond(ctx, answer, version, keepAlive, head));
                } catch (RejectedExecutionException stopping) {
                    // the server is closing; the connection goes with it
                }
            });
        } catch (RejectedExecutionException busy) {
            handling = false;
            refuse(ctx, ServerError.BUSY, "all " + workerCount + " workers are busy and " + PredictHttpServer.QUEUE
                    + " requests wait already; try again shortly");
        }
    }

    private void respond(ChannelHandlerContext ctx, APIGatewayV2HTTPResponse response, HttpVersion version,
            boolean keepAlive, boolean head) {
        FullHttpResponse out;
        try {
            out = response == null ? failed(ctx, "the predict handler failed on this request; the function log says"
                    + " why") : toHttp(response, head);
        } catch (RuntimeException unusable) {
            out = failed(ctx, "the predict handler answered with a status or header HTTP cannot carry");
        }
        HttpUtil.setKeepAlive(out.headers(), version, keepAlive);
        ctx.writeAndFlush(out).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess() || !keepAlive) {
                RequestDeadline.close(ctx);
                return;
            }
            handling = false;
            deadline.responded();
            resume(ctx);
        });
    }

    /** Reads the requests that waited behind the one just answered, then lets the socket be read again. */
    private void resume(ChannelHandlerContext ctx) {
        if (!waiting.isEmpty()) {
            deadline.reading();
        }
        while (!handling && !refused && !waiting.isEmpty()) {
            Object msg = waiting.poll();
            try {
                read(ctx, msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        if (!handling) {
            if (request == null && waiting.isEmpty()) {
                deadline.responded();
            }
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void refuseMalformed(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            refuse(ctx, ServerError.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request's headers are larger than this"
                    + " server accepts; send fewer or shorter headers");
        } else if (cause instanceof TooLongHttpLineException) {
            refuse(ctx, ServerError.URI_TOO_LONG, "the request line is longer than this server accepts; shorten"
                    + " the path and query");
        } else {
            refuse(ctx, ServerError.BAD_REQUEST, "the request is not valid HTTP/1.1: check the request line"
                    + " (METHOD /path HTTP/1.1), the header syntax, and that Content-Length is one non-negative"
                    + " number");
        }
    }

    /** Answers {@code error} and closes the connection once the answer is out. */
    private void refuse(ChannelHandlerContext ctx, ServerError error, String message) {
        error.log(message, ctx.channel().remoteAddress());
        refused = true;
        request = null;
        target = null;
        body = null;
        FullHttpResponse out = error(error, message);
        HttpUtil.setKeepAlive(out.headers(), HttpVersion.HTTP_1_1, false);
        ctx.channel().config().setAutoRead(true); // keep draining what the client still sends, so it reads this
        ctx.writeAndFlush(out).addListener((ChannelFutureListener) written -> deadline.closeGracefully());
    }

    private String tooLarge() {
        return "request body is larger than " + maxBodyBytes + " bytes; send fewer instances per request";
    }

    private static FullHttpResponse failed(ChannelHandlerContext ctx, String message) {
        ServerError.HANDLER_FAILED.log(message, ctx.channel().remoteAddress());
        return error(ServerError.HANDLER_FAILED, message);
    }

    private static FullHttpResponse error(ServerError error, String message) {
        byte[] json = error.body(message);
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(error.status(), error.reason()), Unpooled.wrappedBuffer(json));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        return out;
    }

    private static FullHttpResponse toHttp(APIGatewayV2HTTPResponse response, boolean head) {
        byte[] bytes = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.getStatusCode()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        Map<String, String> headers = response.getHeaders();
        if (headers != null) {
            headers.forEach((name, value) -> out.headers().set(name, value));
        }
        Map<String, List<String>> multiValue = response.getMultiValueHeaders();
        if (multiValue != null) {
            multiValue.forEach((name, values) -> out.headers().add(name, values));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> out.headers().add(HttpHeaderNames.SET_COOKIE, cookie));
        }
        out.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return out;
    }

    private static String sourceIp(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "127.0.0.1";
    }

    private static String quoted(String text) {
        String shown = text.length() > MAX_TARGET_IN_MESSAGE ? text.substring(0, MAX_TARGET_IN_MESSAGE) + "..." : text;
        StringBuilder printable = new StringBuilder(shown.length() + 2).append('"');
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                printable.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                printable.appendCodePoint(c);
            }
        });
        return printable.append('"').toString();
    }
}
