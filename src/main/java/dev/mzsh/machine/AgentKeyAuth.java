package dev.mzsh.machine;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * SSH "publickey" authentication (RFC 4252 section 7) with a key the ssh-agent holds:
 * offer the public key, and once the server accepts it, send the request again with
 * the agent's signature over the session id and that request.
 */
final class AgentKeyAuth extends AbstractAuthMethod {
    private final SshAgent agent;
    private final AgentIdentity key;

    AgentKeyAuth(SshAgent agent, AgentIdentity key) {
        super("publickey");
        this.agent = agent;
        this.key = key;
    }

    private SSHPacket request(boolean signed) throws UserAuthException {
        return super.buildReq().putBoolean(signed).putString(key.algorithm()).putString(key.blob());
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    @Override
    public void handle(Message msg, SSHPacket buf) throws UserAuthException, TransportException {
        if (msg != Message.USERAUTH_60) { // PK_OK: the server would take this key
            super.handle(msg, buf);
            return;
        }
        SSHPacket signed = request(true);
        byte[] toSign = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(signed)
                .getCompactData();
        try {
            signed.putString(agent.sign(key, toSign));
        } catch (IOException e) {
            throw new UserAuthException(e.getMessage(), e);
        }
        params.getTransport().write(signed);
    }

    @Override
    public String toString() {
        return "agent key " + key;
    }
}
