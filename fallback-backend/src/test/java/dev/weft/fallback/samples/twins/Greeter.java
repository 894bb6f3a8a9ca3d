package dev.weft.fallback.samples.twins;

/** Implements Greets and keeps its default method. */
public class Greeter implements Greets {
}
