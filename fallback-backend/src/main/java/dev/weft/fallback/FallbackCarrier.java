package dev.weft.fallback;

import dev.weft.spi.Carrier;
import dev.weft.spi.CarrierHost;
import dev.weft.spi.Strand;

/**
 * One scheduler's strands. There is nothing to run in the background: a fallback strand runs
 * only inside {@link FallbackStrand#run()}, called by the core on the carrier thread, and never
 * stops outside weft's control (a JDK blocking call simply blocks the carrier).
 */
final class FallbackCarrier implements Carrier {
    private final CarrierHost host;
    private boolean closed;

    /** Created by the core on its carrier thread, as its loop starts. */
    FallbackCarrier(CarrierHost host) {
        this.host = host;
        FrameStack.registerCarrier();
    }

    @Override
    public Strand newStrand(Runnable body, String name) {
        return new FallbackStrand(host, body, true);
    }

    /** A coroutine body runs on its resumer's stack, with its resumer's thread-locals. */
    @Override
    public Strand newCoroutineStrand(Runnable body, String name) {
        return new FallbackStrand(host, body, false);
    }

    /** A coroutine's strand runs inside its resumer's {@code run()}: see {@link Carrier#nestsStrands()}. */
    @Override
    public boolean nestsStrands() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
        FrameStack.unregisterCarrier();
    }

    @Override
    public String toString() {
        return "weft fallback carrier of '" + host.name() + "'" + (closed ? " (closed)" : "");
    }
}
