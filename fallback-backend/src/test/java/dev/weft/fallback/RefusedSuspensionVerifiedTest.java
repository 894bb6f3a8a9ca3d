package dev.weft.fallback;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Every refusal again, with the full stack check on: same frames, same messages. */
class RefusedSuspensionVerifiedTest extends RefusedSuspensionTest {
    @BeforeEach
    void verifyOn() {
        Continuation.verifyFrames(true);
    }

    @AfterEach
    void verifyOff() {
        Continuation.verifyFrames(false);
    }
}
