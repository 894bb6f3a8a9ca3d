package example.app;

/** Fixture: nothing here can suspend, so the weaver leaves it as it is. */
public final class Constants {
    private Constants() {
    }

    public static int twice(int x) {
        return Math.addExact(x, x);
    }
}
