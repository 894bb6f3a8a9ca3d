package dev.weft.fallback.samples.twins;

/** Overrides only the helper Walk.down calls: the twin of down, called virtually, must reach it. */
public class Loud extends Walk {
    @Override
    public String tag() {
        return "L";
    }
}
