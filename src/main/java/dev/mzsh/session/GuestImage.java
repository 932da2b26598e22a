package dev.mzsh.session;

import dev.mzsh.initramfs.GuestImageBuilder;

/** What mzsh's own guest image holds that the verbs name, so they need not reach into initramfs. */
public final class GuestImage {
    /** Where the image carries the repo's bats-tests/ (run-bats without a PATH). */
    public static final String BAKED_BATS_TESTS = GuestImageBuilder.BAKED_BATS_TESTS;

    private GuestImage() {}
}
