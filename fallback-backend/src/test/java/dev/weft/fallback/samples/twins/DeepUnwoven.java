package dev.weft.fallback.samples.twins;

/** Like Deep, but loaded unwoven (PlainTwinsTest's loader leaves every class named *Unwoven as it is). */
public class DeepUnwoven extends Walk {
    @Override
    public String down(int n, boolean suspend) {
        return "U" + super.down(n, suspend);
    }
}
