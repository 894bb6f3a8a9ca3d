package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.Select;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channel waits that nothing can complete are reported as a DeadlockException, never a hang. */
class ChannelDeadlockTest {

    private static void contains(String message, String fragment) {
        assertTrue(message.contains(fragment), "expected '" + fragment + "' in:\n" + message);
    }

    @Test
    void receiveWithNoSenderInMainMakesRunThrowDeadlockExceptionNamingMainAndItsStack() {
        DeadlockException e = assertThrows(DeadlockException.class,
                () -> Run.virtual(() -> {
                    Channel.<Integer>rendezvous().receive();
                }));
        String m = e.getMessage();
        contains(m, "\"main\"");
        contains(m, "receive on Channel@");
        contains(m, "(rendezvous)");
        contains(m, "at dev.weft.Channel.receive(");
        contains(m, "at " + ChannelDeadlockTest.class.getName()); // the test's own frame, where main waited
    }

    @Test
    void everyBlockedChannelOperationThrowsAndTheReportListsThemAll() {
        final Trace trace = new Trace();
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            final Channel<Integer> full = Channel.buffered(1);
            final Channel<Integer> empty = Channel.buffered(1);
            full.send(0);
            Microthread.builder().name("stuck-sender").start(() -> {
                try {
                    full.send(1);
                } catch (DeadlockException d) {
                    trace.add("stuck-sender: DeadlockException");
                    throw d;
                } catch (InterruptedException i) {
                    trace.add("stuck-sender interrupted");
                }
            });
            try {
                empty.receive();
            } catch (DeadlockException d) {
                trace.add("main: DeadlockException");
                throw d;
            }
        }));
        trace.assertEvents("main: DeadlockException", "stuck-sender: DeadlockException");
        String m = e.getMessage();
        contains(m, "\"main\"");
        contains(m, "\"stuck-sender\"");
        contains(m, "send on Channel@");
        contains(m, "(buffered 1, 1 buffered)");
        contains(m, "receive on Channel@");
        contains(m, "(buffered 1, 0 buffered)");
    }

    @Test
    void aSelectThatNothingCanCompleteIsReportedWithItsClauses() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            Channel<Integer> a = Channel.rendezvous();
            Channel<Integer> b = Channel.unbounded();
            Select.<String>builder().onReceive(a, v -> "a").onReceive(b, v -> "b").onSend(a, 1, () -> "s").select();
        }));
        String m = e.getMessage();
        contains(m, "\"main\"");
        contains(m, "select on [receive on Channel@");
        contains(m, "(unbounded)");
        contains(m, "send on Channel@");
        contains(m, "at dev.weft.Select$Builder.select(");
    }
    @Test
    void schedulerDumpShowsWhatEachChannelWaiterWaitsOn() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Microthread.builder().name("waiting-reader").start(() -> {
                try {
                    ch.receive();
                } catch (InterruptedException e) {
                    trace.add("reader interrupted");
                }
            });
            Microthread.yield();
            String dump = dev.weft.Scheduler.current().dump();
            contains(dump, "\"waiting-reader\"");
            contains(dump, "WAITING on receive on Channel@");
            contains(dump, "(rendezvous)");
            r.interrupt();
            r.join();
        });
        trace.assertEvents("reader interrupted");
    }
}
