package dev.mzsh.machine;

/**
 * How a guest command ended.
 *
 * @param status   its exit status (128+signal when killed)
 * @param timedOut true when mzsh killed it at its timeout
 */
public record ExecResult(int status, boolean timedOut) {
    public boolean ok() {
        return status == 0 && !timedOut;
    }
}
