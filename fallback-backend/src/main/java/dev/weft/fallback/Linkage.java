package dev.weft.fallback;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * Links the calls woven code makes to methods of other classes to those classes' twins, at run
 * time: the bootstrap methods of the {@code invokedynamic} instructions the weaver writes for
 * them. Public only because woven code in any package names it: not an API.
 *
 * <p>Within a class the weaver knows which methods have twins and calls them itself. A call to
 * another class names a method the weaver cannot see (the class is woven on its own, perhaps
 * later, perhaps not at all), and through an interface or a virtual call it may select a method
 * of any class. So the weaver writes such a call as an {@code invokedynamic} that names the call
 * as written; the first time it runs, this class finds, for the receiver's class, the method the
 * call selects and its twin:
 * <ul>
 *   <li>{@link #direct}, for a call at a suspension point of woven code inside a continuation:
 *       the selected method's <em>direct twin</em> (its woven code, which takes the caller's
 *       {@link FrameStack} as its last argument and needs no token); if it has none, the call as
 *       written, after the caller's token (the protocol of {@link FrameStack});</li>
 *   <li>{@link #plain}, for a call in a plain copy or a twin (code as written, where no
 *       continuation runs): the selected method's plain twin ({@link Twin}); if it has none, the
 *       call as written.</li>
 * </ul>
 * A virtual or interface call site caches its choice for each exact receiver class it meets,
 * behind a test of the receiver's class, up to {@value #CLASSES_PER_SITE} classes; after that
 * (or for a null receiver) it makes the call as written for every class. A static call is linked
 * once. A twin is used only where the selection is certain: the selected method is public or
 * protected, as is the method the call names, and is not abstract; anything else (a package
 * private method, a default method of an interface, a class the runtime may not reflect on, such
 * as one in a named module that does not open its package) gets the call as written, with the
 * same result, only without the shortcut.
 *
 * <p>A frame captured in a twin is resumed in its woven method: the caller re-issues the call as
 * written (see {@code dev.weft.fallback.weaver.DirectCalls}), so this class is not involved in a
 * resume. Its own frame ({@link #relink}) is on the stack only on the first call of each receiver
 * class, and only forwards, as a lambda proxy does.
 */
public final class Linkage {
    /** Receiver classes each virtual or interface call site caches, at most. */
    static final int CLASSES_PER_SITE = 3;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodHandle IS;
    private static final MethodHandle EXPECT;
    private static final MethodHandle RELINK;
    private static final MethodHandle IS_NULL;
    private static final MethodHandle NULL_RECEIVER;

    static {
        try {
            IS = LOOKUP.findStatic(Linkage.class, "is",
                    MethodType.methodType(boolean.class, Class.class, Object.class));
            EXPECT = LOOKUP.findStatic(Linkage.class, "expect",
                    MethodType.methodType(FrameStack.class, int.class, FrameStack.class));
            IS_NULL = LOOKUP.findStatic(Linkage.class, "isNull", MethodType.methodType(boolean.class, Object.class));
            NULL_RECEIVER = LOOKUP.findStatic(Linkage.class, "nullReceiver",
                    MethodType.methodType(Object.class, String.class));
            RELINK = LOOKUP.findVirtual(Linkage.class, "relink",
                    MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MutableCallSite site;
    private final boolean direct;
    private final String name;
    private final Class<?>[] parameters;
    private final Class<?> returns;
    /** The call as written (after the token, for a direct site), typed as the site. */
    private final MethodHandle general;
    private int classes;

    private Linkage(MutableCallSite site, MethodHandle written, boolean direct, MethodHandle general, String name) {
        this.site = site;
        this.direct = direct;
        this.general = general;
        MethodType t = written.type();
        this.name = name;
        this.parameters = t.dropParameterTypes(0, 1).parameterArray();
        this.returns = t.returnType();
    }

    /**
     * Bootstrap of a call at a suspension point of woven code: links it to the direct twin of
     * the method it selects ({@link FrameStack} its last argument, as the site's), or to the call
     * as written after the token {@code token}.
     *
     * @param asWritten the call as written (virtual, interface or static)
     * @param token the callee's token ({@link FrameStack#token})
     */
    public static CallSite direct(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle asWritten,
            int token) {
        return link(caller, name, type, asWritten, token, true);
    }

    /**
     * Bootstrap of a call in a plain copy or a twin: links it to the plain twin of the method it
     * selects (a {@code null} {@link Twin} its last argument), or to the call as written.
     *
     * @param asWritten the call as written (virtual, interface or static)
     */
    public static CallSite plain(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle asWritten) {
        return link(caller, name, type, asWritten, 0, false);
    }

    private static CallSite link(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle asWritten,
            int token, boolean direct) {
        MethodHandleInfo info = caller.revealDirect(asWritten);
        MethodHandle written = asWritten.asType(direct ? type.dropParameterTypes(type.parameterCount() - 1,
                type.parameterCount()) : type);
        MethodHandle general = direct ? withToken(written, token) : written;
        if (info.getReferenceKind() == MethodHandleInfo.REF_invokeStatic) {
            MethodHandle twin = twinOf(staticMethod(info), direct);
            return new ConstantCallSite(twin == null ? general : twin.asType(type));
        }
        general = nullChecked(general, name);
        MutableCallSite site = new MutableCallSite(type);
        Linkage linkage = new Linkage(site, written, direct, general, name);
        if (!Modifier.isPublic(info.getModifiers()) && !Modifier.isProtected(info.getModifiers())) {
            site.setTarget(general); // the selection of a package-private method is left to the JVM
        } else {
            site.setTarget(RELINK.bindTo(linkage).asCollector(Object[].class, type.parameterCount()).asType(type));
        }
        return site;
    }

    /**
     * {@code call} (a virtual or interface call, named {@code name}), failing for a null receiver
     * as a call as written does, with a {@link NullPointerException} that names the method (a
     * method handle's own would name a check inside the JDK).
     */
    private static MethodHandle nullChecked(MethodHandle call, String name) {
        MethodType t = call.type();
        StringBuilder method = new StringBuilder("Cannot invoke \"").append(javaName(t.parameterType(0))).append('.')
                .append(name).append('(');
        int parameters = t.parameterCount() - (t.parameterType(t.parameterCount() - 1) == FrameStack.class ? 1 : 0);
        for (int p = 1; p < parameters; p++) {
            method.append(p > 1 ? ", " : "").append(javaName(t.parameterType(p)));
        }
        method.append(")\" because its receiver is null");
        MethodHandle fail = MethodHandles.dropArguments(
                MethodHandles.insertArguments(NULL_RECEIVER, 0, method.toString()), 0, t.parameterList())
                .asType(t);
        MethodHandle test = IS_NULL.asType(
                MethodType.methodType(boolean.class, t.parameterType(0)));
        return MethodHandles.guardWithTest(test, fail, call);
    }

    /** A type's name as the JVM's own messages print it. */
    private static String javaName(Class<?> c) {
        return c == Object.class || c == String.class ? c.getSimpleName() : c.getTypeName();
    }

    /** {@code written} (typed as a plain site) after the token is set: typed as a direct site. */
    private static MethodHandle withToken(MethodHandle written, int token) {
        MethodHandle dropped = MethodHandles.dropArguments(written, written.type().parameterCount(), FrameStack.class);
        return MethodHandles.filterArguments(dropped, written.type().parameterCount(),
                MethodHandles.insertArguments(EXPECT, 0, token));
    }

    /**
     * The target of a virtual or interface site until it has cached {@value #CLASSES_PER_SITE}
     * classes: links the receiver's class (in front of the classes linked before), then makes
     * the call. Its frame only forwards (see the class comment).
     */
    private Object relink(Object[] arguments) throws Throwable {
        Object receiver = arguments[0];
        MethodHandle target = general; // for null, which fails as written
        if (receiver != null) {
            synchronized (this) {
                if (classes < CLASSES_PER_SITE) {
                    classes++;
                    target = forClass(receiver.getClass());
                    MethodHandle test = MethodHandles.insertArguments(IS, 0, receiver.getClass())
                            .asType(MethodType.methodType(boolean.class, site.type().parameterType(0)));
                    site.setTarget(MethodHandles.guardWithTest(test, target, site.getTarget()));
                } else {
                    site.setTarget(general);
                }
            }
        }
        MethodHandle spread = target.asType(target.type().generic()).asSpreader(Object[].class, arguments.length);
        return spread.invokeExact(arguments);
    }

    /** What the site runs for a receiver of exactly the class {@code c}, typed as the site. */
    private MethodHandle forClass(Class<?> c) {
        Method selected = selected(c);
        if (selected != null) {
            MethodHandle twin = twinOf(selected, direct);
            if (twin != null) {
                return twin.asType(site.type().changeParameterType(0, c)).asType(site.type());
            }
        }
        return general;
    }

    /**
     * The method a virtual or interface call of {@code name(parameters)returns} selects for a
     * receiver of class {@code c}, if it is certain to be a public or protected, concrete method
     * declared in {@code c} or a superclass; null otherwise (see the class comment).
     */
    private Method selected(Class<?> c) {
        try {
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                Method m = declared(k, name, parameters, returns);
                if (m != null) {
                    int mod = m.getModifiers();
                    return (Modifier.isPublic(mod) || Modifier.isProtected(mod)) && !Modifier.isStatic(mod)
                            && !Modifier.isAbstract(mod) ? m : null;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // a class the runtime may not reflect on: the call as written
        }
        return null;
    }

    /** The static method a static call resolves to (the handle's), or null if it cannot be found. */
    private static Method staticMethod(MethodHandleInfo info) {
        MethodType t = info.getMethodType();
        try {
            return declared(info.getDeclaringClass(), info.getName(), t.parameterArray(), t.returnType());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The method {@code name(parameters)returns} declared by {@code k} itself, or null. */
    private static Method declared(Class<?> k, String name, Class<?>[] parameters, Class<?> returns) {
        for (Method m : k.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getReturnType() == returns
                    && Arrays.equals(m.getParameterTypes(), parameters)) {
                return m;
            }
        }
        return null;
    }

    /**
     * A handle on the twin of {@code m} (direct: the one taking a {@link FrameStack}; plain: the
     * one taking a {@link Twin}, bound to null), typed as {@code m} with that parameter for a
     * direct twin; null if {@code m} has none or it cannot be reached.
     */
    private static MethodHandle twinOf(Method m, boolean direct) {
        if (m == null) {
            return null;
        }
        Class<?>[] parameters = m.getParameterTypes();
        Class<?>[] twinParameters = Arrays.copyOf(parameters, parameters.length + 1);
        twinParameters[parameters.length] = direct ? FrameStack.class : Twin.class;
        try {
            Method twin = declared(m.getDeclaringClass(), m.getName(), twinParameters, m.getReturnType());
            if (twin == null || !twin.isSynthetic() || !Modifier.isPrivate(twin.getModifiers())
                    || Modifier.isStatic(twin.getModifiers()) != Modifier.isStatic(m.getModifiers())) {
                return null;
            }
            twin.setAccessible(true);
            MethodHandle h = LOOKUP.unreflect(twin);
            return direct ? h : MethodHandles.insertArguments(h, h.type().parameterCount() - 1, (Object) null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not accessible (a named module that does not open its package): as written
        }
    }

    private static boolean isNull(Object receiver) {
        return receiver == null;
    }

    private static Object nullReceiver(String message) {
        throw new NullPointerException(message);
    }

    /** The test of a cached receiver class. */
    private static boolean is(Class<?> c, Object receiver) {
        return receiver != null && receiver.getClass() == c;
    }

    /** Sets the caller's token before the call as written. */
    private static FrameStack expect(int token, FrameStack fs) {
        fs.expect = token;
        return fs;
    }
}
