package dev.mzsh.session;

/** Published when mzsh has ended the guest (poweroff, reboot, failure, exit). */
public record GuestStopped() {}
