package dev.warden.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import java.util.List;

/**
 * Sits before Netty's MqttDecoder (I/O thread, one per connection) and hands it only whole packets whose fields fit
 * inside them ({@link PacketBounds}). Anything else becomes an invalid {@link MqttMessage} at once, which
 * {@link MqttConnection} answers as any malformed packet (MQTT 5: DISCONNECT 0x81, or 0x95 for a declared length
 * over the maximum packet size; MQTT 3.1.1: close), instead of the decoder waiting for bytes the fixed header says
 * are not coming, until the keep-alive expires.
 *
 * <p>As a safety net for whatever the bounds check does not know, {@link #decodedCounter()} (placed right after the
 * decoder) counts what comes out: a whole packet that the decoder turned into nothing means it is waiting for more
 * bytes than the packet has, which is treated the same way.
 */
final class PacketFramer extends ByteToMessageDecoder {
    private static final int PROTOCOL_LEVEL_5 = 5;

    private final int maxPacketSize;
    private final Counter counter = new Counter();
    /** Packets (and invalid messages) passed on; the counter must have seen as many after each read. */
    private long passedOn;

    private boolean mqtt5;
    private boolean failed;

    PacketFramer(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    /**
     * Adds the MQTT codec to a connection's pipeline: this framer, Netty's decoder (strict UTF-8), the counter after
     * it, and the encoder.
     */
    static void addCodec(ChannelPipeline pipeline, int maxPacketSize, int maxClientIdLength) {
        PacketFramer framer = new PacketFramer(maxPacketSize);
        pipeline.addLast(GatewayRuntime.FRAMER, framer)
                .addLast(GatewayRuntime.DECODER, new MqttDecoder(maxPacketSize, maxClientIdLength, true))
                .addLast("mqtt-decoded", framer.decodedCounter())
                .addLast("mqtt-encoder", MqttEncoder.INSTANCE);
    }

    /** The handler to place right after the MqttDecoder. */
    ChannelHandler decodedCounter() {
        return counter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        // Every whole packet cut from msg reaches the decoder, and what it decodes the counter, before this returns.
        super.channelRead(ctx, msg);
        if (!failed && !counter.failed && counter.seen < passedOn) {
            failed = true;
            ctx.fireChannelRead(MqttMessageFactory.newInvalidMessage(
                    new PacketBounds.MalformedPacketException("a field runs past the end of its packet")));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed || counter.failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available == 0) {
            return;
        }
        int first = in.getUnsignedByte(start);
        try {
            PacketBounds.fixedHeader(first >> 4, first & 0x0F);
        } catch (DecoderException e) {
            fail(in, out, e);
            return;
        }
        int length = 0;
        int headerSize = 1;
        int digit;
        do {
            if (headerSize > 4) {
                fail(in, out, new DecoderException("remaining length longer than 4 bytes"));
                return;
            }
            if (available <= headerSize) {
                return;
            }
            digit = in.getUnsignedByte(start + headerSize);
            length |= (digit & 0x7F) << (7 * (headerSize - 1));
            headerSize++;
        } while ((digit & 0x80) != 0);
        if (length > maxPacketSize) {
            fail(in, out, new TooLongFrameException("remaining length " + length + " exceeds " + maxPacketSize));
            return;
        }
        if (available - headerSize < length) {
            return;
        }
        try {
            if (first >> 4 == 1) {
                mqtt5 = PacketBounds.connectLevel(in, start + headerSize, length) == PROTOCOL_LEVEL_5;
            }
            PacketBounds.check(in, first >> 4, first & 0x0F, start + headerSize, length, mqtt5);
        } catch (DecoderException e) {
            fail(in, out, e);
            return;
        }
        out.add(in.readRetainedSlice(headerSize + length));
        passedOn++;
    }

    private void fail(ByteBuf in, List<Object> out, DecoderException cause) {
        failed = true;
        in.skipBytes(in.readableBytes());
        // Through the decoder (it passes on what is not a buffer), after the packets before it.
        out.add(MqttMessageFactory.newInvalidMessage(cause));
        passedOn++;
    }

    /** Counts the messages the decoder passes on; notices one that failed to decode (nothing more is passed on). */
    private static final class Counter extends ChannelInboundHandlerAdapter {
        long seen;
        boolean failed;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen++;
            if (msg instanceof MqttMessage m && m.decoderResult().isFailure()) {
                failed = true;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public boolean isSharable() {
            return false;
        }
    }
}
