package dev.mzsh.ui.split;

import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Opens the real terminal for the split view: text only (never a Swing window), Ctrl-C as a key. */
public final class TerminalScreens {
    private TerminalScreens() {}

    public static Screen open() throws IOException {
        Terminal terminal = new DefaultTerminalFactory(
                        new FileOutputStream(FileDescriptor.out),
                        new FileInputStream(FileDescriptor.in),
                        StandardCharsets.UTF_8)
                .setForceTextTerminal(true)
                .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                .createTerminal();
        Screen screen = new TerminalScreen(terminal);
        screen.startScreen();
        return screen;
    }
}
