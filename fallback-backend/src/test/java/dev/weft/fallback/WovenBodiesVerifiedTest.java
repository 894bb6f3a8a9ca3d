package dev.weft.fallback;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Every woven body again, with the full stack check on: it must refuse none of them. */
class WovenBodiesVerifiedTest extends WovenBodiesTest {
    @BeforeEach
    void verifyOn() {
        Continuation.verifyFrames(true);
    }

    @AfterEach
    void verifyOff() {
        Continuation.verifyFrames(false);
    }
}
