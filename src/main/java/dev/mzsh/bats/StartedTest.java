package dev.mzsh.bats;

/** A test BATS announced ({@code begin N name}) whose result line never came: it was running when the run ended. */
public record StartedTest(int number, String name, String file) {}
