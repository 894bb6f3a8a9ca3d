package example.app.sub;

/** Fixture: a subpackage, for include/exclude specificity. */
public class Deep {
    public void call(Runnable r) {
        r.run();
    }
}
