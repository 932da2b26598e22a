package dev.mzsh.machine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * The keys an SSH login offers, in ssh's order: with --identity that key alone (the
 * user chose it); otherwise every key of the user's ssh-agent, then ~/.ssh's default
 * key files. An agent that cannot be reached is a notice, not an error, as for ssh.
 * mzsh never asks for a password.
 */
final class SshLogin implements AutoCloseable {
    static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final List<AuthMethod> methods;
    private final List<String> offered;
    private final SshAgent agent;

    private SshLogin(List<AuthMethod> methods, List<String> offered, SshAgent agent) {
        this.methods = methods;
        this.offered = offered;
        this.agent = agent;
    }

    static SshLogin prepare(SSHClient ssh, SshSettings s, PrintStream notices) throws IOException {
        List<AuthMethod> methods = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        if (s.identity().isPresent()) {
            Path key = s.identity().get();
            if (!Files.isRegularFile(key)) {
                throw new SshAccessException("--identity " + key + ": no such file");
            }
            methods.add(new AuthPublickey(ssh.loadKeys(key.toString())));
            offered.add(key.toString());
            return new SshLogin(methods, offered, null);
        }
        SshAgent agent = null;
        if (s.agentSocket().isPresent()) {
            try {
                agent = SshAgent.connect(s.agentSocket().get());
                for (AgentIdentity id : agent.identities()) {
                    methods.add(new AgentKeyAuth(agent, id));
                }
                offered.add("the ssh-agent's " + methods.size() + " key" + (methods.size() == 1 ? "" : "s"));
            } catch (IOException e) {
                notices.println("mzsh: " + e.getMessage() + "; trying the key files in " + s.sshDir());
                if (agent != null) {
                    agent.close();
                    agent = null;
                }
                methods.clear();
            }
        }
        for (String name : DEFAULT_KEYS) {
            Path f = s.sshDir().resolve(name);
            if (Files.isRegularFile(f)) {
                methods.add(new AuthPublickey(ssh.loadKeys(f.toString())));
                offered.add(f.toString());
            }
        }
        if (methods.isEmpty()) {
            if (agent != null) {
                agent.close();
            }
            String agentSays = s.agentSocket().isEmpty()
                    ? "no ssh-agent runs ($SSH_AUTH_SOCK is unset)"
                    : "the ssh-agent holds no key";
            throw new SshAccessException("no key to log in to " + s.address() + ": " + agentSays + " and none of "
                    + s.sshDir() + "/" + String.join(", ", DEFAULT_KEYS)
                    + " exists; ssh-add a key, or give --identity FILE (mzsh takes no password)");
        }
        return new SshLogin(methods, offered, agent);
    }

    void authenticate(SSHClient ssh, SshAddress address) throws IOException {
        String user = address.user();
        try {
            ssh.auth(user, methods);
        } catch (UserAuthException e) {
            throw new SshAccessException(address + " accepted none of the keys offered ("
                    + String.join(", ", offered) + "); put the public key in " + user
                    + "'s ~/.ssh/authorized_keys there, or give --identity FILE");
        }
    }

    @Override
    public void close() throws IOException {
        if (agent != null) {
            agent.close();
        }
    }
}
