package dev.weft.loom;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.concurrent.Executor;

/**
 * weft's reach into {@code java.lang.VirtualThread}, through {@code --add-opens
 * java.base/java.lang} (which the loom backend needs anyway to give virtual threads its own
 * scheduler). Resolved once, when the first scheduler starts.
 *
 * <ul>
 *   <li>{@link #schedulerOf}: the {@code scheduler} field, to recognise weft's threads.</li>
 *   <li>{@link #inheritsFrom}: {@code Thread.inheritableThreadLocals}, to know whether a thread
 *       may be created later, on the carrier, instead of by the thread that starts it.</li>
 *   <li>{@link #start}: {@code VirtualThread.start(ThreadContainer)} with
 *       {@link WeftThreadContainer}, when {@code jdk.internal.vm} is exported to weft; otherwise
 *       {@code Thread.start()} (the root container).</li>
 *   <li>{@link #threadOf}: the virtual thread whose continuation task ({@code runContinuation},
 *       the {@code Runnable} the JDK hands to a scheduler's {@code execute}) this is. The task is
 *       a method reference bound to its thread: a lambda class with one field holding the thread.
 *       If a JDK shapes it otherwise, {@link #threadOf} is unavailable ({@link #canFindThreads()}
 *       is false) and {@link LoomCarrier} keeps a map from task to strand instead.</li>
 * </ul>
 */
final class VirtualThreads {
    private static final Class<?> VIRTUAL_THREAD;
    /** {@code (Thread) -> Executor}: {@code VirtualThread.scheduler}. */
    private static final MethodHandle SCHEDULER;
    /** {@code (Thread, Object) -> void}: {@code VirtualThread.start(ThreadContainer)}, or null. */
    private static final MethodHandle START_IN;
    private static final Object CONTAINER;
    /** {@code (Thread) -> Object}: {@code Thread.inheritableThreadLocals}, the map a new thread copies. */
    private static final MethodHandle INHERITABLE;
    /** The class of every virtual thread's continuation task, or null if not understood. */
    private static final Class<?> TASK_CLASS;
    /** {@code (Runnable) -> Thread}: the thread a task of {@link #TASK_CLASS} is bound to, or null. */
    private static final MethodHandle THREAD_OF_TASK;

    static {
        try {
            VIRTUAL_THREAD = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup vt = MethodHandles.privateLookupIn(VIRTUAL_THREAD, MethodHandles.lookup());
            SCHEDULER = vt.findGetter(VIRTUAL_THREAD, "scheduler", Executor.class)
                    .asType(MethodType.methodType(Executor.class, Thread.class));
            INHERITABLE = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findGetter(Thread.class, "inheritableThreadLocals", Class.forName("java.lang.ThreadLocal$ThreadLocalMap"))
                    .asType(MethodType.methodType(Object.class, Thread.class));
            MethodHandle startIn = null;
            Object container = null;
            if (Object.class.getModule().isExported("jdk.internal.vm", VirtualThreads.class.getModule())) {
                Class<?> tc = Class.forName("jdk.internal.vm.ThreadContainer");
                startIn = vt.findVirtual(VIRTUAL_THREAD, "start", MethodType.methodType(void.class, tc))
                        .asType(MethodType.methodType(void.class, Thread.class, Object.class));
                container = WeftThreadContainer.INSTANCE;
            }
            START_IN = startIn;
            CONTAINER = container;
            MethodHandle taskGetter = vt.findGetter(VIRTUAL_THREAD, "runContinuation", Runnable.class);
            Class<?> taskClass = null;
            MethodHandle threadOfTask = null;
            Thread probe = newBuilder(Runnable::run).unstarted(() -> { });
            Runnable task = (Runnable) taskGetter.invoke(probe);
            Field only = onlyInstanceField(task.getClass());
            if (only != null && Thread.class.isAssignableFrom(only.getType())) {
                only.setAccessible(true);
                MethodHandle h = MethodHandles.lookup().unreflectGetter(only)
                        .asType(MethodType.methodType(Thread.class, Runnable.class));
                if ((Thread) h.invokeExact(task) == probe) {
                    taskClass = task.getClass();
                    threadOfTask = h;
                }
            }
            TASK_CLASS = taskClass;
            THREAD_OF_TASK = threadOfTask;
            loadEndOfThreadClasses();
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private VirtualThreads() {
    }

    /**
     * Loads the class {@code VirtualThread.run} touches only when a thread ends. Until some
     * virtual thread has ended, the JIT compiles that method with a trap where the class is used;
     * a weft program that starts many microthreads before the first ends (FIFO: 100,000 spawned
     * ones all yield before the first ends) would then have every one of them frozen in that
     * compiled frame, and each would be deoptimized as it ends: about 10 µs per microthread,
     * 1.3 s for 100,000, measured. Loaded here, the compiled method has no trap. Harmless if the
     * class is gone in some JDK.
     */
    private static void loadEndOfThreadClasses() {
        try {
            Class.forName("jdk.internal.event.VirtualThreadEndEvent", true, null);
        } catch (ClassNotFoundException | LinkageError e) {
            // another JDK's shape: nothing to warm
        }
    }

    private static Field onlyInstanceField(Class<?> c) {
        Field found = null;
        for (Field f : c.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                if (found != null) {
                    return null;
                }
                found = f;
            }
        }
        return c.getSuperclass() == Object.class ? found : null;
    }

    /** A builder of virtual threads scheduled by {@code scheduler}; LoomBackend checked access. */
    static Thread.Builder.OfVirtual newBuilder(Executor scheduler) {
        try {
            Constructor<?> k = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            k.setAccessible(true);
            return (Thread.Builder.OfVirtual) k.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create weft's virtual-thread builder", e);
        }
    }

    /** The scheduler of virtual thread {@code t}. */
    static Executor schedulerOf(Thread t) {
        try {
            return (Executor) SCHEDULER.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the scheduler of " + t, e);
        }
    }

    /**
     * Whether a thread created now by {@code parent} would start with something a thread created
     * later by {@code carrier} would not: inheritable thread-local values or another context
     * class loader (what a new {@code Thread} copies from the thread that constructs it).
     */
    static boolean inheritsFrom(Thread parent, Thread carrier) {
        if (parent == carrier) {
            return false;
        }
        try {
            return (Object) INHERITABLE.invokeExact(parent) != null
                    || parent.getContextClassLoader() != carrier.getContextClassLoader();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the inheritable thread-locals of " + parent, e);
        }
    }

    /** Starts virtual thread {@code t}, in weft's container when it can. */
    static void start(Thread t) {
        if (START_IN == null) {
            t.start();
            return;
        }
        try {
            START_IN.invokeExact(t, CONTAINER);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot start " + t, e);
        }
    }

    /** Whether {@link #threadOf} works on this JDK. */
    static boolean canFindThreads() {
        return THREAD_OF_TASK != null;
    }

    /** The virtual thread whose continuation task {@code task} is, or null if it is none. */
    static Thread threadOf(Runnable task) {
        if (task.getClass() != TASK_CLASS) {
            return null;
        }
        try {
            return (Thread) THREAD_OF_TASK.invokeExact(task);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the thread of continuation task " + task, e);
        }
    }
}
