package example.app;

/** Fixture: calls an interface method, which may reach a suspension point, so it is woven. */
public class Worker {
    public static void work(Runnable step) {
        step.run();
        step.run();
    }
}
