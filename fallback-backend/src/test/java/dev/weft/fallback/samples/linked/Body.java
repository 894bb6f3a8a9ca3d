package dev.weft.fallback.samples.linked;

import dev.weft.fallback.testing.Events;

/** A continuation's body: records what one way of calling {@code hop} returns. */
public class Body implements Runnable {
    private final Hop hop;
    private final int n;
    private final String how;

    public Body(Hop hop, int n, String how) {
        this.hop = hop;
        this.n = n;
        this.how = how;
    }

    @Override
    public void run() {
        switch (how) {
            case "hop":
                Events.add(hop.hop(n));
                break;
            case "relay":
                Events.add(Relay.relay(hop, n));
                break;
            case "quiet":
                Events.add(new Relay().quiet(hop, n));
                break;
            case "default":
                Events.add(hop.viaDefault(n));
                break;
            case "leaves":
                Hop[] all = Leaves.all();
                Events.add(Leaves.each(all));
                Events.add(Leaves.each(all));
                break;
            case "leavesThenNull":
                Hop[] four = Leaves.all();
                four[4] = null;
                Leaves.each(four);
                break;
            default:
                throw new IllegalArgumentException(how);
        }
    }
}
