package dev.weft.compat.coroutines;

import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.compat.support.Run;
import org.junit.jupiter.api.Test;

import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to coroutines and generators fails fast with a precise exception. */
class CoroutineBadInputTest {

    @Test
    void createWithANullBodyThrowsNullPointerException() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Coroutine.create(null));
        assertTrue(e.getMessage().contains("Coroutine body is null"), e.getMessage());
    }

    @Test
    void generatorOfANullBodyThrowsNullPointerException() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Generator.of(null));
        assertTrue(e.getMessage().contains("Generator body is null"), e.getMessage());
    }

    @Test
    void throwIntoNullThrowsNullPointerException() {
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                s.yield("a");
                return "end";
            });
            c.resume(null);
            NullPointerException e = assertThrows(NullPointerException.class, () -> c.throwInto(null));
            assertTrue(e.getMessage().contains("throwInto(null)"), e.getMessage());
            assertFalse(c.isDone(), "the coroutine is untouched");
            c.close();
        });
    }

    @Test
    void throwIntoTheExitSignalThrowsIllegalArgumentException() {
        Run.virtual(() -> {
            final Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                s.yield("a");
                return "end";
            });
            c.resume(null);
            // obtain a real exit signal by closing another coroutine that hands it out
            final Throwable[] exit = new Throwable[1];
            Coroutine<Void, String> other = Coroutine.create((s, first) -> {
                try {
                    s.yield("x");
                } catch (Throwable t) {
                    exit[0] = t;
                    throw t;
                }
                return "end";
            });
            other.resume(null);
            other.close();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.throwInto(exit[0]));
            assertTrue(e.getMessage().contains("call close() instead"), e.getMessage());
            c.close();
        });
    }

    @Test
    void yieldAllOfNullThrowsNullPointerException() {
        Run.virtual(() -> {
            Iterator<String> it = Generator.<String>of(y -> y.yieldAll(null)).iterator();
            NullPointerException e = assertThrows(NullPointerException.class, it::hasNext);
            assertTrue(e.getMessage().contains("yieldAll(null)"), e.getMessage());
        });
    }

    @Test
    void throwIntoTheCoroutineOfAGeneratorThrowsIllegalStateException() {
        Run.virtual(() -> {
            final Coroutine<?, ?>[] inside = new Coroutine<?, ?>[1];
            Generator<String> g = Generator.of(y -> {
                inside[0] = Coroutine.current();
                y.yield("a");
            });
            g.iterator().next();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> inside[0].throwInto(new RuntimeException("x")));
            assertTrue(e.getMessage().contains("close the generator instead"), e.getMessage());
            g.close();
        });
    }
}
