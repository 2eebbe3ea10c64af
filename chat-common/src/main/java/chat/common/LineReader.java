package chat.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Turns a byte stream into text lines with a hard byte limit per line.
 *
 * <p>Framing rules (docs/PROTOCOL.md, "Lines"): a line ends at LF, CRLF or a bare CR (a CR followed by
 * LF or NUL counts as one line end). Telnet IAC sequences are removed ({@code IAC IAC} is a literal
 * 0xFF byte, which is not valid UTF-8 and so becomes U+FFFD). Backspace (0x08) and DEL (0x7F) delete
 * the previous character of the line, as a telnet user in line mode expects.
 *
 * <p>Telnet (docs/PROTOCOL.md, "Telnet"): the reader answers what a telnet peer asks, through its
 * {@link TelnetListener}. The first command from the peer shows it is a telnet client: the reader asks it
 * for an 8-bit input path ({@code IAC DO BINARY}) so that it stops reading UTF-8 bytes as its control
 * characters. Every {@code DO TIMING-MARK} is answered with {@code WILL TIMING-MARK} (telnet discards all
 * output until then); any other option is refused, once per option and direction ({@code DO x} with
 * {@code WONT x}, {@code WILL x} with {@code DONT x}), and {@code DONT}/{@code WONT} are never answered, so
 * negotiation cannot loop. A telnet not yet in binary mode strips the 8th bit of each typed byte to check
 * it against its control characters, and so sends {@code IAC IP}, {@code IAC AO}, {@code IAC BRK},
 * {@code IAC ABORT} or {@code IAC SUSP} in place of the UTF-8 continuation bytes 0x83, 0x8F, 0x9C, 0x9C
 * and 0x9A: inside an unfinished UTF-8 sequence the reader puts those bytes back. Elsewhere, {@code IAC IP}
 * (Ctrl-C) ends the input with {@link PeerInterruptedException}, {@code IAC EC} and {@code IAC EL} erase a
 * character and the line, and other commands are ignored. Bytes are decoded as UTF-8;
 * malformed sequences become U+FFFD. A line longer than the limit is refused with
 * {@link LineTooLongException} and its remainder, up to the next line end, is discarded; memory stays
 * bounded by the read buffer plus the limit whatever the peer sends. A last line cut short by end of
 * stream is returned as a line.
 *
 * <p>Every chunk read from the stream is first reported to a {@link Meter}, whatever it turns out to hold
 * (text, line ends, telnet commands, the discarded rest of an over-long line): a server charges it against
 * the client's budget there, may wait (throttling the sender through TCP's own flow control) or refuse to
 * read on, and a reader that always finds data still yields its carrier thread once per chunk.
 *
 * <p>Not thread-safe: confined to the thread that reads the connection.
 */
public final class LineReader {

    /** Sees every chunk of bytes read, before it is parsed. */
    @FunctionalInterface
    public interface Meter {
        /**
         * Called with the size of each chunk read; may block, or throw to stop reading.
         *
         * @throws IOException to end reading: {@link #readLine()} rethrows it
         */
        void read(int bytes) throws IOException;

        /** Counts nothing. */
        Meter NONE = bytes -> { };
    }

    private static final int LF = '\n';
    private static final int CR = '\r';
    private static final int NUL = 0;
    private static final int BS = 0x08;
    private static final int DEL = 0x7F;
    private static final int IAC = 0xFF;
    private static final int SB = 250;
    private static final int SE = 240;
    private static final int SUSP = 237;
    private static final int ABORT = 238;
    private static final int BRK = 243;
    private static final int IP = 244;
    private static final int AO = 245;
    private static final int EC = 247;
    private static final int EL = 248;
    private static final int WILL = 251;
    private static final int WONT = 252;
    private static final int DO = 253;
    private static final int DONT = 254;
    private static final int OPTION_BINARY = 0;
    private static final int OPTION_TIMING_MARK = 6;
    private static final int OPTIONS = 256;
    /** What a telnet that strips the 8th bit sends in place of these bytes: ^C, ^O, ^\ and ^Z plus 0x80. */
    private static final int STRIPPED_IP = 0x83;
    private static final int STRIPPED_AO = 0x8F;
    private static final int STRIPPED_QUIT = 0x9C;
    private static final int STRIPPED_SUSP = 0x9A;
    private static final int INITIAL_LINE_CAPACITY = 64;
    /** Above this, the line buffer is dropped after use so an idle connection holds little memory. */
    private static final int KEEP_LINE_CAPACITY = 1024;

    private enum Telnet { NONE, IAC, WILL, WONT, DO, DONT, SUBNEG, SUBNEG_IAC }

    /** First read buffer size; it grows (up to the size given) only for a client that sends a lot. */
    private static final int INITIAL_BUFFER = 256;

    private final InputStream in;
    private final TelnetListener telnetPeer;
    private final BitSet refusedDo = new BitSet(OPTIONS);
    private final BitSet refusedWill = new BitSet(OPTIONS);
    private boolean askedBinary;
    private boolean interrupted;
    private final int maxLineBytes;
    private final int maxBufferBytes;
    private final Meter meter;
    private byte[] buffer;
    private int pos;
    private int limit;
    private long before; // bytes of the chunks before the current one
    private byte[] line = new byte[INITIAL_LINE_CAPACITY];
    private int length;
    private Telnet telnet = Telnet.NONE;
    private boolean afterCr;
    private boolean discarding;
    private boolean eof;

    /**
     * @param in           the stream to read; never closed by this class
     * @param maxLineBytes the largest accepted line, in bytes, without its line end
     * @param bufferBytes  the largest read buffer; it starts small and doubles each time a read fills it,
     *                     so an idle connection holds little and a busy one reads in large chunks
     */
    public LineReader(InputStream in, int maxLineBytes, int bufferBytes) {
        this(in, maxLineBytes, bufferBytes, Meter.NONE, TelnetListener.NONE);
    }

    /**
     * @param in           the stream to read; never closed by this class
     * @param maxLineBytes the largest accepted line, in bytes, without its line end
     * @param bufferBytes  the largest read buffer (see above)
     * @param meter        told of every chunk read, whatever it holds
     * @param telnetPeer   where the answers to a telnet peer go; called on the reading thread
     */
    public LineReader(InputStream in, int maxLineBytes, int bufferBytes, Meter meter, TelnetListener telnetPeer) {
        if (maxLineBytes < 1 || bufferBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.in = in;
        this.telnetPeer = telnetPeer;
        this.maxLineBytes = maxLineBytes;
        this.maxBufferBytes = bufferBytes;
        this.meter = meter;
        this.buffer = new byte[Math.min(INITIAL_BUFFER, bufferBytes)];
    }

    /**
     * Reads the next line.
     *
     * @return the decoded line without its line end, or {@code null} at end of stream
     * @throws LineTooLongException     if the line exceeds the limit; the next call continues after it
     * @throws PeerInterruptedException if the peer sent telnet's Interrupt Process (Ctrl-C)
     * @throws IOException              if reading fails
     */
    public String readLine() throws IOException, LineTooLongException {
        while (true) {
            if (pos == limit) {
                if (interrupted && telnet == Telnet.NONE && in.available() <= 0) {
                    // Everything sent with the IP (telnet's DO TIMING-MARK) has been read and answered.
                    length = 0;
                    throw new PeerInterruptedException();
                }
                if (eof || !fill()) {
                    return endOfStream();
                }
            }
            int b = buffer[pos++] & 0xFF;
            if (telnet != Telnet.NONE) {
                telnet = afterTelnet(b);
                continue;
            }
            if (interrupted && b != IAC) {
                continue; // typed after Ctrl-C: dropped, like the rest of that line
            }
            if (afterCr) {
                afterCr = false;
                if (b == LF || b == NUL) {
                    continue;
                }
            }
            switch (b) {
                case LF, CR -> {
                    afterCr = b == CR;
                    if (discarding) {
                        discarding = false;
                        continue;
                    }
                    return takeLine();
                }
                case IAC -> telnet = Telnet.IAC;
                case BS, DEL -> deleteLastCharacter();
                default -> append(b);
            }
        }
    }

    private boolean fill() throws IOException {
        if (limit == buffer.length && buffer.length < maxBufferBytes) {
            buffer = new byte[Math.min(maxBufferBytes, buffer.length * 2)]; // the last read filled it
        }
        int n = in.read(buffer);
        if (n < 0) {
            eof = true;
            return false;
        }
        meter.read(n);
        before += limit;
        pos = 0;
        limit = n;
        return true;
    }

    /**
     * Lets go of a read buffer grown for a burst once everything in it is parsed, so a connection that goes quiet
     * keeps a small one. For a reader that does not wait: call it when the stream had nothing more (a part of a
     * line already read is kept).
     */
    public void release() {
        int initial = Math.min(INITIAL_BUFFER, maxBufferBytes);
        if (pos == limit && buffer.length > initial) {
            before += limit;
            pos = 0;
            limit = 0;
            buffer = new byte[initial];
        }
    }

    /** The read buffer's size now (for tests). */
    int bufferBytes() {
        return buffer.length;
    }

    /** Bytes taken from the stream and parsed so far: up to and including the line just returned. */
    public long consumed() {
        return before + pos;
    }

    private String endOfStream() {
        if (length == 0 || discarding) {
            length = 0;
            return null;
        }
        return takeLine();
    }

    private Telnet afterTelnet(int b) {
        return switch (telnet) {
            case IAC -> afterIac(b);
            case WILL -> {
                peerWill(b);
                yield Telnet.NONE;
            }
            case DO -> {
                peerDo(b);
                yield Telnet.NONE;
            }
            case WONT, DONT -> Telnet.NONE; // we never enable an option, so there is nothing to turn off
            case SUBNEG -> b == IAC ? Telnet.SUBNEG_IAC : Telnet.SUBNEG;
            case SUBNEG_IAC -> b == SE ? Telnet.NONE : Telnet.SUBNEG;
            case NONE -> Telnet.NONE;
        };
    }

    private Telnet afterIac(int b) {
        if (b == IAC) {
            appendOrIgnore(b);
            return Telnet.NONE;
        }
        askForBinary(); // only a telnet client sends commands
        switch (b) {
            case WILL -> { return Telnet.WILL; }
            case WONT -> { return Telnet.WONT; }
            case DO -> { return Telnet.DO; }
            case DONT -> { return Telnet.DONT; }
            case SB -> { return Telnet.SUBNEG; }
            case IP -> restoreOr(STRIPPED_IP, () -> interrupted = true);
            case AO -> restoreOr(STRIPPED_AO, () -> { });
            case BRK, ABORT -> restoreOr(STRIPPED_QUIT, () -> { });
            case SUSP -> restoreOr(STRIPPED_SUSP, () -> { });
            case EC -> deleteLastCharacter();
            case EL -> length = 0;
            default -> { } // NOP, DM, AYT, GA and the like: nothing to do for a line reader
        }
        return Telnet.NONE;
    }

    /** Puts back {@code stripped} inside an unfinished UTF-8 sequence; otherwise the command is meant. */
    private void restoreOr(int stripped, Runnable command) {
        if (!discarding && inUtf8Sequence()) {
            appendOrIgnore(stripped);
        } else {
            command.run();
        }
    }

    /** Whether the line ends in a UTF-8 lead byte still waiting for continuation bytes. */
    private boolean inUtf8Sequence() {
        int continuation = 0;
        int i = length - 1;
        while (i >= 0 && (line[i] & 0xC0) == 0x80 && continuation < 3) {
            continuation++;
            i--;
        }
        if (i < 0) {
            return false;
        }
        int lead = line[i] & 0xFF;
        int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        return continuation < needed;
    }

    private void askForBinary() {
        if (!askedBinary) {
            askedBinary = true;
            telnetPeer.reply(new byte[] {(byte) IAC, (byte) DO, OPTION_BINARY});
        }
    }

    private void peerWill(int option) {
        if (option == OPTION_BINARY) {
            return; // what we asked for (askForBinary has run by now)
        }
        if (!refusedWill.get(option)) {
            refusedWill.set(option);
            telnetPeer.reply(new byte[] {(byte) IAC, (byte) DONT, (byte) option});
        }
    }

    private void peerDo(int option) {
        if (option == OPTION_TIMING_MARK) {
            // Each mark is a new question ("have you read this far?"), so each gets its answer.
            telnetPeer.reply(new byte[] {(byte) IAC, (byte) WILL, OPTION_TIMING_MARK});
        } else if (!refusedDo.get(option)) {
            refusedDo.set(option);
            telnetPeer.reply(new byte[] {(byte) IAC, (byte) WONT, (byte) option});
        }
    }

    private void appendOrIgnore(int b) {
        // An escaped 0xFF inside a line; it cannot throw here because the caller handles the limit below.
        if (!discarding && length < maxLineBytes) {
            ensureCapacity();
            line[length++] = (byte) b;
        }
    }

    private void append(int b) throws LineTooLongException {
        if (discarding) {
            return;
        }
        if (length == maxLineBytes) {
            discarding = true;
            length = 0;
            shrink();
            throw new LineTooLongException(maxLineBytes);
        }
        ensureCapacity();
        line[length++] = (byte) b;
    }

    private void ensureCapacity() {
        if (length == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
        }
    }

    private void deleteLastCharacter() {
        // Drop UTF-8 continuation bytes, then the lead byte: one whole code point.
        while (length > 0 && (line[length - 1] & 0xC0) == 0x80) {
            length--;
        }
        if (length > 0) {
            length--;
        }
    }

    private String takeLine() {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        length = 0;
        shrink();
        return text;
    }

    private void shrink() {
        if (line.length > KEEP_LINE_CAPACITY) {
            line = new byte[INITIAL_LINE_CAPACITY];
        }
    }
}
