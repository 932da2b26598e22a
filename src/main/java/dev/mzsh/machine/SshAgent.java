package dev.mzsh.machine;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.common.Buffer;

/**
 * The user's ssh-agent, reached at $SSH_AUTH_SOCK: lists the keys it holds and signs
 * with them, so a key that only the agent can use (a passphrase-protected key added
 * with ssh-add, a hardware key) logs mzsh in as it logs in ssh. sshj has no agent
 * client; the protocol is two requests (draft-miller-ssh-agent), spoken here over
 * Java's own Unix-domain sockets.
 */
public final class SshAgent implements AutoCloseable {
    private static final byte FAILURE = 5;
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    /** An agent's answer is a few keys or one signature; more is not an agent. */
    private static final int MAX_REPLY = 256 * 1024;

    private final Path socket;
    private final SocketChannel channel;

    private SshAgent(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    public static SshAgent connect(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            c.close();
            throw new IOException(
                    "cannot reach the ssh-agent at " + socket + " ($SSH_AUTH_SOCK): " + e.getMessage(), e);
        }
        return new SshAgent(socket, c);
    }

    /** The keys the agent holds, in its order (ssh offers them in that order too). */
    public List<AgentIdentity> identities() throws IOException {
        Buffer.PlainBuffer reply = request(new Buffer.PlainBuffer().putByte(REQUEST_IDENTITIES));
        try {
            expect(reply, IDENTITIES_ANSWER, "list its keys");
            int n = reply.readUInt32AsInt();
            List<AgentIdentity> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(new AgentIdentity(reply.readBytes(), reply.readString()));
            }
            return ids;
        } catch (Buffer.BufferException e) {
            throw new IOException("the ssh-agent at " + socket + " sent a malformed key list", e);
        }
    }

    /** The agent's signature blob (algorithm name and signature, as SSH puts it on the wire) over {@code data}. */
    public byte[] sign(AgentIdentity key, byte[] data) throws IOException {
        Buffer.PlainBuffer reply = request(new Buffer.PlainBuffer()
                .putByte(SIGN_REQUEST)
                .putBytes(key.blob())
                .putBytes(data)
                .putUInt32(key.signFlags()));
        try {
            expect(reply, SIGN_RESPONSE, "sign with " + key);
            return reply.readBytes();
        } catch (Buffer.BufferException e) {
            throw new IOException("the ssh-agent at " + socket + " sent a malformed signature", e);
        }
    }

    private static void expect(Buffer.PlainBuffer reply, byte type, String what)
            throws IOException, Buffer.BufferException {
        byte got = reply.readByte();
        if (got == FAILURE) {
            throw new IOException("the ssh-agent refused to " + what);
        }
        if (got != type) {
            throw new IOException("the ssh-agent answered message " + got + " when asked to " + what);
        }
    }

    private synchronized Buffer.PlainBuffer request(Buffer.PlainBuffer body) throws IOException {
        byte[] payload = body.getCompactData();
        ByteBuffer out = ByteBuffer.allocate(4 + payload.length)
                .putInt(payload.length)
                .put(payload)
                .flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        int length = readFully(ByteBuffer.allocate(4)).getInt();
        if (length <= 0 || length > MAX_REPLY) {
            throw new IOException("the ssh-agent at " + socket + " sent a reply of " + length + " bytes");
        }
        ByteBuffer in = readFully(ByteBuffer.allocate(length));
        return new Buffer.PlainBuffer(in.array());
    }

    private ByteBuffer readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("the ssh-agent at " + socket + " closed the connection");
            }
        }
        return b.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
