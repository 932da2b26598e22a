package dev.mzsh.commands;

import dev.mzsh.machine.SshTarget;
import dev.mzsh.machine.Target;
import dev.mzsh.session.Guest;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;

@Command(name = "status", header = "Show the guest state, kernel, accelerator, uptime and run directory.")
public final class StatusCommand extends Verb {

    /** A round trip through the agent (or the SSH connection) proves the machine still serves commands. */
    private static String answering(Target target) {
        try {
            return String.format(
                    "answering (%.1f ms)", target.ping(Duration.ofSeconds(5)).toNanos() / 1e6);
        } catch (TimeoutException e) {
            return "not answering within 5 s";
        } catch (IOException e) {
            return "gone (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    @Override
    public Integer call() {
        PrintStream p = ctx.report();
        Optional<Guest> g = ctx.session().currentGuest();
        p.printf("run directory  %s%n", ctx.session().run().path());
        if (ctx.session().remoteAddress().isPresent()) {
            return remoteStatus(p);
        }
        if (g.isEmpty()) {
            p.println("guest          not running");
            return 0;
        }
        Guest guest = g.get();
        p.printf("guest          %s%n", guest.alive() ? guest.runState() : "stopped");
        p.printf("kernel         %s%n", guest.kernelText());
        p.printf("accelerator    %s%n", guest.acceleratorName());
        p.printf("booted in      %.1f s%n", guest.bootTime().toMillis() / 1000.0);
        p.printf("boot           %s%n", guest.origin());
        p.printf("uptime         %d s%n", guest.uptime().toSeconds());
        p.printf("qemu pid       %d%n", guest.qemuPid());
        guest.gdbSocket().ifPresent(sock -> p.printf("gdbstub        %s (gdb: target remote %s)%n", sock, sock));
        guest.sshLogin().ifPresent(login -> p.printf("ssh            %s%n", login));
        p.printf("agent          %s%n", answering(guest.target()));
        guest.faultText().ifPresent(f -> p.printf("kernel fault   %s%n", f));
        if (guest.alive()) {
            new MemorizerStatus(ctx).print(p);
        }
        return 0;
    }

    /** An SSH target: its address, kernel and connection; then the Memorizer lines as for a guest. */
    private int remoteStatus(PrintStream p) {
        p.printf("target         %s%n", ctx.session().remoteAddress().get());
        Optional<SshTarget> t = ctx.session().remote();
        if (t.isEmpty()) {
            p.println("connection     not connected (any verb that needs the machine connects)");
            return 0;
        }
        p.printf("kernel         %s%n", ctx.session().remoteRelease().orElse("unknown"));
        p.printf("ssh            %s%n", answering(t.get()));
        if (t.get().alive()) {
            new MemorizerStatus(ctx).print(p);
        }
        return 0;
    }
}
