package dev.weft.fallback.samples.linked;

/** Recurses through {@code next}, a {@link Hop} of any class. */
public class HopB implements Hop {
    public Hop next = this;
    private final boolean suspend;

    public HopB(boolean suspend) {
        this.suspend = suspend;
    }

    @Override
    public String hop(int n) {
        return n == 0 ? Trace.bottom(suspend) : next.hop(n - 1);
    }
}
