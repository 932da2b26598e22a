package dev.mzsh.memorizer;

/** The running kernel has no Memorizer debugfs directory at all (exit status 4). */
public final class NoMemorizerException extends RuntimeException {
    public NoMemorizerException(String release) {
        super("the guest kernel " + release + " has no " + MemorizerAbi.DIR
                + ": it is not a Memorizer kernel and memorizer-sim is not loaded."
                + " Check with 'exec uname -a' and the kernel config (CONFIG_MEMORIZER=y),"
                + " or boot the stock kernel with --sim current");
    }
}
