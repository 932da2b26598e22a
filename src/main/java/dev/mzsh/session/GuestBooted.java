package dev.mzsh.session;

/** Published when a guest has booted and answers commands. */
public record GuestBooted(Guest guest) {}
