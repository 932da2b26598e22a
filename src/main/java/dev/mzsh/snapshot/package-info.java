/**
 * Ready-guest snapshots: a guest saved at its ready point (kernel up, modules loaded,
 * nothing run-specific done) and restored instead of a cold boot. The key is everything
 * that shapes the guest; a snapshot is sealed data, checked while it streams into QEMU.
 */
package dev.mzsh.snapshot;
