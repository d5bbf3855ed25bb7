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

    /** MQTT bytes in, binary frames out. */
    static final class Wrap extends MessageToMessageEncoder<ByteBuf> {
        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
            out.add(new BinaryWebSocketFrame(bytes.retain()));
        }
    }
}
