package dev.weft.fallback.samples.twins;

/** An interface's default method that may suspend: woven, but an interface gets no plain copy. */
public interface Greets {
    default String greet(boolean suspend) {
        return "hi" + Walk.pause(suspend);
    }
}
