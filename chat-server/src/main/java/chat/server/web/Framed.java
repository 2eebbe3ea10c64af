package chat.server.web;

import chat.server.protocol.WebSocketEncoder;
import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Whole WebSocket text frames, as {@link WebSocketEncoder} makes them, presented to Jetty as one frame: its payload
 * is everything after the first frame's header, and its declared length ({@link #getPayloadLength()}) is the first
 * frame's, so the header Jetty generates for it is exactly that first header and the bytes on the wire are the
 * frames as made. See {@link WebSocketConnection#write}.
 *
 * <p>Not thread-safe: made and sent by the connection's writer; its bytes are not modified while Jetty holds them.
 */
final class Framed extends Frame {
    private final byte[] frames;
    private final int offset;
    private final int end;
    private final int firstLength;

    /** The frames in {@code length} bytes of {@code frames} from {@code offset}. */
    Framed(byte[] frames, int offset, int length) {
        this(frames, offset, length, WebSocketEncoder.payloadLength(frames, offset));
    }

    private Framed(byte[] frames, int offset, int length, long firstLength) {
        super(OpCode.TEXT);
        int header = WebSocketEncoder.headerSize(firstLength);
        setPayload(ByteBuffer.wrap(frames, offset + header, length - header));
        this.frames = frames;
        this.offset = offset;
        this.end = offset + length;
        this.firstLength = (int) firstLength;
    }

    /** The first frame's payload length: what Jetty writes in the header it makes for this frame. */
    @Override
    public int getPayloadLength() {
        return firstLength;
    }

    /**
     * Sends the frames one by one through Jetty (in batch mode, the last one flushing), for when Jetty must see
     * every frame; {@code done} is told when the last one is written, or of the first failure.
     */
    void sendEach(CoreSession core, Callback done) {
        int at = offset;
        while (at < end) {
            long length = WebSocketEncoder.payloadLength(frames, at);
            int payload = at + WebSocketEncoder.headerSize(length);
            at = payload + (int) length;
            Frame frame = new Frame(OpCode.TEXT, ByteBuffer.wrap(frames, payload, (int) length));
            boolean last = at >= end;
            // A failure fails every frame queued after it, so the last one's callback hears of any.
            core.sendFrame(frame, last ? done : Callback.NOOP, !last);
        }
    }
}
