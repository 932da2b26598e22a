package dev.mzsh.vm;

/** How QEMU runs the guest CPU. */
public enum Accelerator {
    KVM,
    TCG;

    public String qemuName() {
        return name().toLowerCase();
    }
}
