package dev.weft.fallback.samples;

import static dev.weft.fallback.Continuation.suspend;

import dev.weft.fallback.testing.Events;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hand-written bodies, woven at test time by WeavingLoader. Each nested class is one case; its
 * test states the exact events expected. "~" in the expectations is a suspension.
 */
public final class Samples {
    private Samples() {
    }

    static void log(Object o) {
        Events.add(String.valueOf(o));
    }

    /** Locals of every kind survive a suspension in the same frame. */
    public static final class AllLocalKinds implements Runnable {
        @Override
        public void run() {
            int i = 1;
            long l = 1L << 40;
            float f = 1.5f;
            double d = 2.25;
            boolean b = true;
            char c = 'x';
            byte by = 7;
            short sh = -8;
            String s = "s";
            int[] arr = {9};
            Object nothing = null;
            log("before");
            suspend();
            log(i + " " + l + " " + f + " " + d + " " + b + " " + c + " " + by + " " + sh + " " + s + " "
                    + arr[0] + " " + nothing);
        }
    }

    /** A loop suspends on each turn; its counter survives. */
    public static final class Loop implements Runnable {
        @Override
        public void run() {
            for (int k = 0; k < 3; k++) {
                log("turn " + k);
                suspend();
            }
            log("end");
        }
    }

    /** Static calls three deep, parameters and results of every width. */
    public static final class NestedStatic implements Runnable {
        static long outer(int a, long b) {
            double m = middle(a, 0.5);
            return b + (long) m;
        }

        static double middle(int a, double half) {
            log("middle " + a);
            float x = inner((float) half);
            return a * x;
        }

        static float inner(float v) {
            log("inner " + v);
            suspend();
            log("inner resumed " + v);
            return v * 4;
        }

        @Override
        public void run() {
            log("result " + outer(10, 100L));
        }
    }

    /** Recursion: every level suspends before and after its recursive call. */
    public static final class Recursion implements Runnable {
        static int sum(int n) {
            if (n == 0) {
                suspend();
                return 0;
            }
            log("down " + n);
            int below = sum(n - 1);
            suspend();
            log("up " + n);
            return below + n;
        }

        @Override
        public void run() {
            log("sum " + sum(3));
        }
    }

    /** Values below the suspending call on the operand stack: f(a, g()), x + g(), a builder. */
    public static final class OperandStack implements Runnable {
        static int value(int v) {
            suspend();
            return v;
        }

        static long bigValue(long v) {
            suspend();
            return v;
        }

        static double half(double v) {
            suspend();
            return v / 2;
        }

        static int add3(int a, int b, int c) {
            return a * 100 + b * 10 + c;
        }

        static String mix(long a, double b, int c) {
            return a + "/" + b + "/" + c;
        }

        static String pair(Object a, int b) {
            return a + "&" + b;
        }

        @Override
        public void run() {
            log("add3 " + add3(1, value(2), 3));
            long big = (1L << 33) + bigValue(5);
            log("long " + big);
            double d = 10.0 * half(3.0);
            log("double " + d);
            String s = new StringBuilder("a").append(value(7)).append('c').toString();
            log("builder " + s);
            log("concat " + s + value(8) + big);
            log("mix " + mix(1L << 35, 0.25, value(3)));
            long twice = big * 2 + bigValue(1);
            log("wide below " + twice);
            log(pair(null, value(4)));
        }
    }

    /** Instance methods, fields and virtual dispatch across a suspension. */
    public abstract static class Animal {
        final String name;

        Animal(String name) {
            this.name = name;
        }

        abstract String sound();

        String speak() {
            log(name + " thinks");
            suspend();
            return name + " says " + sound();
        }
    }

    public static final class Dog extends Animal {
        public Dog() {
            super("dog");
        }

        @Override
        String sound() {
            suspend();
            return "woof";
        }
    }

    public static final class Cat extends Animal {
        public Cat() {
            super("cat");
        }

        @Override
        String sound() {
            return "meow";
        }
    }

    public static final class Dispatch implements Runnable {
        @Override
        public void run() {
            Animal[] animals = {new Dog(), new Cat()};
            for (Animal a : animals) {
                log(a.speak());
            }
        }
    }

    /** new X(suspendingCall()), nested, with the constructors' order of events. */
    public static final class Point {
        final int x;
        final int y;

        Point(int x, int y) {
            log("Point(" + x + "," + y + ")");
            this.x = x;
            this.y = y;
        }

        @Override
        public String toString() {
            return "(" + x + "," + y + ")";
        }
    }

    public static final class Pair {
        final Object a;
        final Object b;

        Pair(Object a, Object b) {
            log("Pair");
            this.a = a;
            this.b = b;
        }

        @Override
        public String toString() {
            return "<" + a + " " + b + ">";
        }
    }

    public static final class NewWithSuspendingArguments implements Runnable {
        static int value(int v) {
            log("value " + v);
            suspend();
            return v;
        }

        @Override
        public void run() {
            Point p = new Point(value(1), value(2));
            log("p " + p);
            Pair q = new Pair(new Point(value(3), 4), new Point(5, value(6)));
            log("q " + q);
            log("inline " + new Point(value(7), 8).x);
        }
    }

    /** try/catch/finally around suspensions; an exception thrown after a resume is caught. */
    public static final class TryCatchFinally implements Runnable {
        static int thrower(int v) {
            suspend();
            if (v > 0) {
                throw new IllegalStateException("boom " + v);
            }
            return v;
        }

        @Override
        public void run() {
            try {
                log("try");
                suspend();
                log("try resumed");
                thrower(1);
                log("not reached");
            } catch (IllegalStateException e) {
                log("catch " + e.getMessage());
                suspend();
                log("catch resumed");
            } finally {
                log("finally");
                suspend();
                log("finally resumed");
            }
            try {
                log("second try " + thrower(0));
            } finally {
                log("second finally");
            }
        }
    }

    /** Lambdas: the body is a lambda; a capturing lambda and a method reference suspend. */
    public static final class Lambdas implements Runnable {
        private final String tag = "T";

        String tagged(String s) {
            suspend();
            return tag + s;
        }

        static Integer twice(Integer v) {
            suspend();
            return v * 2;
        }

        @Override
        public void run() {
            int captured = 42;
            Supplier<String> sup = () -> {
                log("in lambda " + captured);
                suspend();
                return "lambda " + captured + tag;
            };
            log(sup.get());
            Function<String, String> ref = this::tagged;
            log(ref.apply("x"));
            Function<Integer, Integer> sref = Lambdas::twice;
            log("twice " + sref.apply(21));
            Runnable r = () -> {
                log("runnable lambda");
                suspend();
            };
            r.run();
            log("end");
        }
    }

    /** A lambda as the continuation's own body (entered through the proxy's run()). */
    public static final class LambdaBodyFactory implements Supplier<Runnable> {
        @Override
        public Runnable get() {
            String who = "body";
            return () -> {
                log(who + " starts");
                suspend();
                log(who + " ends");
            };
        }
    }

    /** A bridge method (generic interface, erased) and a default method both suspend. */
    public interface Step<T> {
        T apply(T t);
    }

    public static final class Increment implements Step<Integer> {
        @Override
        public Integer apply(Integer t) {
            suspend();
            return t + 1;
        }
    }

    public interface Greeter {
        String name();

        default String greet(String other) {
            suspend();
            return name() + " greets " + other;
        }

        static String twice(Greeter g) {
            String a = g.greet("a");
            suspend();
            return a + ", " + g.greet("b");
        }
    }

    public static final class BridgesAndDefaults implements Runnable, Greeter {
        @Override
        public String name() {
            return "G";
        }

        @Override
        public void run() {
            Step<Integer> step = new Increment();
            log("step " + step.apply(1));
            log(greet("you"));
            log(Greeter.twice(this));
        }
    }

    /** Many calls that do not suspend, then one that does: only the live chain is saved. */
    public static final class Lazy implements Runnable {
        static int busy(int v) {
            return helper(v) + helper(v + 1);
        }

        static int helper(int v) {
            Integer boxed = v; // calls Integer.valueOf: not a suspension point
            return boxed.hashCode();
        }

        @Override
        public void run() {
            int sum = 0;
            for (int k = 0; k < 100; k++) {
                sum += busy(k);
            }
            suspend();
            log("sum " + sum);
        }
    }

    /**
     * A suspending call whose operands are "this", final fields of this and a static final field:
     * each is read again from where it came from on resume, so the frame saves nothing for them.
     */
    public static final class FinalFieldOperands implements Runnable {
        static final String SUFFIX = new String("!"); // not a compile-time constant: a real field read
        private final StringBuilder out = new StringBuilder();
        private final String name = new String("field");

        void append(StringBuilder b, String a, String c) {
            b.append(a);
            suspend();
            b.append(c);
        }

        @Override
        public void run() {
            append(out, name, SUFFIX);
            log(out);
        }
    }

    /** Two classes merged to their common superclass across a suspension, then used as an interface. */
    public static final class MergedTypes implements Runnable {
        static final class A implements Runnable {
            @Override
            public void run() {
                log("A runs");
            }
        }

        static final class B implements Runnable {
            @Override
            public void run() {
                suspend();
                log("B runs");
            }
        }

        static Runnable pick(int k) {
            suspend();
            return k == 0 ? new A() : new B();
        }

        @Override
        public void run() {
            for (int k = 0; k < 2; k++) {
                Runnable r = k == 0 ? new A() : new B();
                CharSequence text = k == 0 ? "str" : new StringBuilder("sb");
                suspend();
                r.run();
                log(text + " " + text.length());
                pick(k).run();
            }
        }
    }

    /** Deep recursion: 500 woven frames saved and restored at each of 501 suspensions. */
    public static final class DeepRecursion implements Runnable {
        static long depth(int n, long acc) {
            suspend();
            if (n == 0) {
                return acc;
            }
            return depth(n - 1, acc + n) + 1;
        }

        @Override
        public void run() {
            log("depth " + depth(500, 0));
        }
    }

    /** Switches, string switches and try-with-resources around suspensions. */
    public static final class SwitchesAndResources implements Runnable {
        static final class Resource implements AutoCloseable {
            final String name;

            Resource(String name) {
                this.name = name;
                log("open " + name);
            }

            @Override
            public void close() {
                suspend();
                log("close " + name);
            }
        }

        static String classify(String s) {
            switch (s) {
                case "one":
                    suspend();
                    return "1";
                case "two":
                    return "2";
                default:
                    suspend();
                    return "?";
            }
        }

        @Override
        public void run() {
            for (int k = 0; k < 3; k++) {
                switch (k) {
                    case 0:
                        log("case 0 " + classify("one"));
                        break;
                    case 1:
                        log("case 1 " + classify("two"));
                        break;
                    default:
                        log("default " + classify("zzz"));
                }
            }
            try (Resource r = new Resource("r1"); Resource q = new Resource("r2")) {
                suspend();
                log("using " + r.name + q.name);
            }
        }
    }

    /** A continuation run from inside another continuation's body; each suspends on its own. */
    public static final class NestedContinuations implements Runnable {
        @Override
        public void run() {
            dev.weft.fallback.Continuation inner = new dev.weft.fallback.Continuation(() -> {
                log("inner 1");
                suspend();
                log("inner 2");
            });
            log("outer runs inner: " + inner.run());
            suspend();
            log("outer resumes inner: " + inner.run());
            log("inner done " + inner.isDone());
        }
    }

    /** Method references to other classes' methods: static, unbound and bound instance methods. */
    public static final class ForeignReferences implements Runnable {
        @Override
        public void run() {
            Function<Integer, Integer> value = OperandStack::value;
            log("value " + value.apply(5));
            Function<Animal, String> speak = Animal::speak;
            log(speak.apply(new Cat()));
            Animal dog = new Dog();
            Supplier<String> bound = dog::speak;
            log(bound.get());
            Supplier<Object> constructor = Cat::new;
            log("made " + ((Animal) constructor.get()).name);
        }
    }

    /** A result computed across suspensions, kept in a field (for the two-thread test). */
    public static final class Accumulator implements Runnable {
        public long result;

        static long step(long acc, int k) {
            suspend();
            return acc * 31 + k;
        }

        @Override
        public void run() {
            long acc = 7;
            for (int k = 0; k < 5; k++) {
                acc = step(acc, k);
            }
            result = acc;
        }
    }

    /** Exceptions thrown into a suspended body run its handlers and finally blocks. */
    public static final class ThrownInto implements Runnable {
        static void inner() {
            try {
                log("inner waits");
                suspend();
                log("not reached 1");
            } finally {
                log("inner finally");
            }
        }

        @Override
        public void run() {
            try {
                inner();
                log("not reached 2");
            } catch (IllegalStateException e) {
                log("caught " + e.getMessage());
            }
            try {
                log("waits again");
                suspend();
                log("not reached 3");
            } finally {
                log("outer finally");
            }
        }
    }

    /** Line numbers in a stack trace are the same before and after a resume. */
    public static final class Lines implements Runnable {
        static void where() {
            StringBuilder sb = new StringBuilder();
            for (StackTraceElement e : new Throwable().getStackTrace()) {
                if (e.getClassName().startsWith(Samples.class.getName())) {
                    sb.append(e.getMethodName()).append(':').append(e.getLineNumber()).append(' ');
                }
            }
            log(sb.toString().trim());
        }

        static void b() {
            where();
            suspend();
            where();
        }

        static void a() {
            b();
        }

        @Override
        public void run() {
            a();
        }
    }

    /**
     * Suspends inside synchronized blocks and synchronized methods: the frame gives the carrier's
     * JVM monitors back while it is suspended and takes them again when it is resumed; a
     * synchronized method left by an exception after a resume exits its monitor.
     */
    public static final class SuspendsInsideSynchronized implements Runnable {
        public static final Object LOCK = new Object();

        static void inner() {
            suspend();
        }

        @Override
        public void run() {
            synchronized (LOCK) {
                log("in " + Thread.holdsLock(LOCK));
                inner();
                log("back " + Thread.holdsLock(LOCK));
                synchronized (this) {
                    suspend();
                    log("nested " + Thread.holdsLock(LOCK) + " " + Thread.holdsLock(this));
                }
                method();
                log("after method " + Thread.holdsLock(this));
            }
            log("out " + Thread.holdsLock(LOCK));
            try {
                throwing();
            } catch (IllegalStateException e) {
                log("caught " + e.getMessage() + " " + Thread.holdsLock(this));
            }
            log("static " + locked());
        }

        synchronized void method() {
            suspend();
            log("method " + Thread.holdsLock(this) + " " + Thread.holdsLock(LOCK));
        }

        synchronized void throwing() {
            suspend();
            throw new IllegalStateException("thrown " + Thread.holdsLock(this));
        }

        static synchronized boolean locked() {
            suspend();
            return Thread.holdsLock(SuspendsInsideSynchronized.class);
        }
    }

    /** A serializable lambda that suspends: woven, it still serializes and deserializes. */
    public static final class SerializableLambda implements Runnable {
        public static Runnable make(String tag) {
            return (Runnable & java.io.Serializable) () -> {
                log(tag + " before");
                suspend();
                log(tag + " after");
            };
        }

        @Override
        public void run() {
            make("direct").run();
        }
    }

    /**
     * Calls within one class whose target is known exactly (static, private, or in a final
     * class): helpers that cannot reach a suspension are not woven at all; helpers that reach one
     * only through such calls are woven, and suspend and resume as usual.
     */
    public static final class IntraClass implements Runnable {
        /** Self-recursive and calls nothing else: not woven. */
        static int fib(int n) {
            return n < 2 ? n : fib(n - 1) + fib(n - 2);
        }

        /** Private, calls only leaves (JDK statics, String): not woven. */
        private int digits(int v) {
            return String.valueOf(Math.abs(v)).length() + Integer.signum(v);
        }

        /** Mutual recursion of two private methods with no other call: neither is woven. */
        private boolean isEven(int n) {
            return n == 0 || isOdd(n - 1);
        }

        private boolean isOdd(int n) {
            return n != 0 && isEven(n - 1);
        }

        /** Not final, but its class is: the call is exact, and it calls nothing. Not woven. */
        int square(int v) {
            return v * v;
        }

        /** Suspends: woven. */
        private static int pause(int v) {
            suspend();
            return v;
        }

        /** Reaches suspend() only through an exact call: woven. */
        private int twiceAfterPause(int v) {
            return pause(v) * 2;
        }

        /** Mutual recursion that reaches a suspension at the bottom: both woven. */
        private int ping(int n) {
            return n == 0 ? twiceAfterPause(21) : pong(n - 1) + 1;
        }

        private int pong(int n) {
            return ping(n) + 10;
        }

        /** Never called: a native method may call back into Java, so a call to it stays a point. */
        private static native int outside();

        static int callsNative() {
            return outside();
        }

        @Override
        public void run() {
            log("fib " + fib(15));
            log("digits " + digits(-12345));
            log("even " + isEven(10) + " " + isOdd(7));
            log("square " + square(9));
            log("twice " + twiceAfterPause(21));
            log("ping " + ping(2));
            Overridable plain = new Overridable();
            log("plain " + plain.viaOverridable(1) + " " + plain.viaFinal(1));
            Overridable overridden = new Overrides();
            log("overridden " + overridden.viaOverridable(1) + " " + overridden.viaFinal(1));
            log("inherited " + InheritsStatic.viaInherited(1));
        }
    }

    /** A class that is not final: a subclass may override its public instance methods. */
    public static class Overridable {
        public int value(int v) {
            return v + 1;
        }

        public final int fixed(int v) {
            return v * 3;
        }

        /** value() may be overridden by one that suspends (Overrides): a point, so woven. */
        int viaOverridable(int v) {
            return value(v) * 2;
        }

        /** fixed() is final and calls nothing: not woven. */
        int viaFinal(int v) {
            return fixed(v) + 1;
        }
    }

    public static final class Overrides extends Overridable {
        @Override
        public int value(int v) {
            suspend();
            return v + 100;
        }
    }

    public static class StaticBase {
        static int pauseAndAdd(int v) {
            suspend();
            return v + 1;
        }
    }

    /** Calls a static method it inherits (javac names this class as the owner): not exact, a point. */
    public static final class InheritsStatic extends StaticBase {
        static int viaInherited(int v) {
            return pauseAndAdd(v) * 2;
        }
    }

    /** Only exact calls to methods of its own that cannot suspend: the class is left alone. */
    public static final class PureMath {
        static int gcd(int a, int b) {
            return b == 0 ? a : gcd(b, a % b);
        }

        public int lcm(int a, int b) {
            return a / gcd(a, b) * b;
        }
    }
}
