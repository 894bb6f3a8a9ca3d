package example.lib;

/** Fixture: another package. */
public class Helper {
    public static void call(Runnable r) {
        r.run();
    }
}
