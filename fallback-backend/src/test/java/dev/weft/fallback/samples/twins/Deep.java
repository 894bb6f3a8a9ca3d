package dev.weft.fallback.samples.twins;

/** Overrides the recursive method itself (woven: it calls down through super). */
public class Deep extends Walk {
    @Override
    public String down(int n, boolean suspend) {
        return "D" + super.down(n, suspend);
    }

    @Override
    public String frames(int n) {
        return super.frames(n);
    }
}
