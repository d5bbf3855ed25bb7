package dev.warden.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * MQTT over WebSocket carries MQTT bytes in binary frames (MQTT 5 §6): these adapters unwrap inbound frames into the
 * byte stream the MQTT decoder reads, and wrap the encoder's bytes into binary frames. A text frame is a protocol
 * violation and closes the connection.
 */
final class WebSocketFrames {
    private WebSocketFrames() {}

    /** Binary frames in, MQTT bytes out. */
    static final class Unwrap extends MessageToMessageDecoder<WebSocketFrame> {
        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
            if (!(frame instanceof BinaryWebSocketFrame)) {
                ctx.close();
                return;
            }
            out.add(frame.content().retain());
        }
    }

    /**
     * An HTTP request that the WebSocket handshake did not take (another path): answered 404 with the right path and
     * closed, instead of idling until the connect timeout.
     */
    static final class RefuseOtherPaths extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof io.netty.handler.codec.http.HttpRequest)) {
                ctx.fireChannelRead(msg);
                return;
            }
            io.netty.util.ReferenceCountUtil.release(msg);
            var body = io.netty.buffer.Unpooled.copiedBuffer(
                    "MQTT over WebSocket is served at /mqtt\n", java.nio.charset.StandardCharsets.US_ASCII);
            var response = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND,
                    body);
            response.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    /** MQTT bytes in, binary frames out. */
    static final class Wrap extends MessageToMessageEncoder<ByteBuf> {
        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
            out.add(new BinaryWebSocketFrame(bytes.retain()));
        }
    }
}
