package dev.weft.difftest;

import java.util.List;

/** Pretty-prints programs: one operation per line, each block indented under its operation. */
final class Printer {
    private Printer() {
    }

    static String print(Program p) {
        StringBuilder sb = new StringBuilder("program seed=").append(p.seed()).append(", channels");
        for (int i = 0; i < p.channels().size(); i++) {
            sb.append(" c").append(i).append('=').append(channelKind(p.channels().get(i)));
        }
        sb.append(", locks ").append(p.locks()).append('\n');
        sb.append("main:\n");
        block(sb, p.main(), 1);
        return sb.toString();
    }

    static String channelKind(int capacity) {
        if (capacity == Program.RENDEZVOUS) {
            return "rendezvous";
        }
        return capacity == Program.UNBOUNDED ? "unbounded" : "buffered(" + capacity + ")";
    }

    private static void block(StringBuilder sb, List<Op> ops, int indent) {
        if (ops.isEmpty()) {
            sb.append("  ".repeat(indent)).append("(nothing)\n");
        }
        for (Op op : ops) {
            sb.append("  ".repeat(indent)).append(line(op)).append('\n');
            List<Op> body = body(op);
            if (body != null) {
                block(sb, body, indent + 1);
            }
        }
    }

    /** The block an operation contains, or null. */
    static List<Op> body(Op op) {
        if (op instanceof Op.Spawn s) {
            return s.body();
        } else if (op instanceof Op.Locked l) {
            return l.body();
        } else if (op instanceof Op.Try t) {
            return t.body();
        } else if (op instanceof Op.Fork f) {
            return f.body();
        } else if (op instanceof Op.WithTimeout w) {
            return w.body();
        } else if (op instanceof Op.Call c) {
            return c.body();
        } else if (op instanceof Op.Coro c) {
            return c.body();
        } else if (op instanceof Op.Gen g) {
            return g.body();
        } else if (op instanceof Op.Pipe p) {
            return p.body();
        } else if (op instanceof Op.SharedCoro c) {
            return c.body();
        }
        return null;
    }

    /** One operation without its block, as it appears in the events too. */
    static String line(Op op) {
        if (op instanceof Op.Spawn s) {
            return (s.daemon() ? "spawn daemon " : "spawn ") + s.name() + ":";
        } else if (op instanceof Op.Yield) {
            return "yield";
        } else if (op instanceof Op.Sleep s) {
            return "sleep " + s.millis();
        } else if (op instanceof Op.Send s) {
            return "send c" + s.channel() + " " + s.value() + timeout(s.timeout());
        } else if (op instanceof Op.Receive r) {
            return "receive c" + r.channel() + timeout(r.timeout());
        } else if (op instanceof Op.Select s) {
            StringBuilder sb = new StringBuilder("select");
            for (Op.Clause c : s.clauses()) {
                sb.append(c.send() ? " [send c" + c.channel() + " " + c.value() + "]"
                        : " [receive c" + c.channel() + (c.onClosed() ? " onClosed" : "") + "]");
            }
            if (s.timeout() >= 0) {
                sb.append(" [timeout ").append(s.timeout()).append(']');
            }
            if (s.orElse()) {
                sb.append(" [orElse]");
            }
            if (s.yieldInHandler()) {
                sb.append(" (handler yields)");
            }
            return sb.toString();
        } else if (op instanceof Op.Close c) {
            return "close c" + c.channel() + (c.withCause() ? " with cause" : "");
        } else if (op instanceof Op.Locked l) {
            return switch (l.mode()) {
                case LOCK -> "lock l" + l.lock() + ":";
                case LOCK_INTERRUPTIBLY -> "lockInterruptibly l" + l.lock() + ":";
                case TRY_LOCK -> "tryLock l" + l.lock() + timeout(l.timeout()) + ":";
            };
        } else if (op instanceof Op.Await a) {
            return "await l" + a.lock() + timeout(a.timeout());
        } else if (op instanceof Op.Signal s) {
            return (s.all() ? "signalAll l" : "signal l") + s.lock();
        } else if (op instanceof Op.Interrupt i) {
            return "interrupt " + i.target();
        } else if (op instanceof Op.Stack st) {
            return "stack of " + st.target();
        } else if (op instanceof Op.Dump) {
            return "dump";
        } else if (op instanceof Op.Interrupted) {
            return "interrupted?";
        } else if (op instanceof Op.Join j) {
            return "join " + j.target() + timeout(j.timeout());
        } else if (op instanceof Op.Fork f) {
            return "fork task" + f.id() + " and join it, body:";
        } else if (op instanceof Op.WithTimeout w) {
            return "withTimeout " + w.millis() + ":";
        } else if (op instanceof Op.Fail f) {
            return "fail " + f.id();
        } else if (op instanceof Op.Try) {
            return "try:";
        } else if (op instanceof Op.Call c) {
            return "call#" + c.id() + " " + c.depth() + " deep, " + c.frames() + " frames:";
        } else if (op instanceof Op.Coro c) {
            return "coroutine co" + c.id() + ", " + c.resumes() + " resumes"
                    + (c.throwAt() >= 0 ? ", throwInto at resume " + c.throwAt() : "") + ", body:";
        } else if (op instanceof Op.Gen g) {
            return "generator g" + g.id() + ", take " + g.take() + ", body:";
        } else if (op instanceof Op.SharedCoro c) {
            return "shared coroutine co" + c.id() + ", resumed once, body:";
        } else if (op instanceof Op.ResumeShared r) {
            return "resume shared co" + r.id();
        } else if (op instanceof Op.Pipe p) {
            return "generate pipe" + p.id() + ", take " + p.take() + ", producer:";
        } else if (op instanceof Op.CoYield y) {
            return "co-yield " + y.value();
        }
        throw new IllegalArgumentException("unknown operation " + op);
    }

    private static String timeout(long timeout) {
        if (timeout == Op.FOREVER) {
            return "";
        }
        return timeout == 0 ? " (try)" : " (timeout " + timeout + ")";
    }
}
