package dev.weft.fallback.weaver;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass "direct calls": a woven call from one method of a class to another method of the same
 * class, inside a continuation, passes the frame stack as an argument instead of through the
 * token protocol.
 *
 * <p>A woven method learns that it was entered at a suspension point of a woven caller only from
 * the token its caller wrote into the thread's frame stack, which it must first look up: on
 * every call, a lookup (a static read and a thread comparison), a token written, read and
 * cleared, and a test after the call. Where the weaver knows the callee, it can do better. Each
 * woven method that a woven method of its class calls at a suspension point gets a
 * <em>direct twin</em>: its woven code again, as a separate method with the same name (stack
 * traces name the source method), its descriptor with one more parameter, the caller's
 * {@code FrameStack}, and access {@code private synthetic} (plus {@code static} for a static
 * method). A direct twin has no prologue: it is only ever called from a woven suspension point,
 * so it is entered properly by construction, with its frame stack at hand. Nor has it resume
 * code: see below.
 *
 * <p>At such a suspension point, in woven methods and direct twins alike, the call goes to the
 * direct twin, and sets no token:
 * <ul>
 *   <li>an exact call (static, private, final, or in a final class) calls the direct twin;</li>
 *   <li>a virtual call compares its receiver's class with this class (receiver and arguments in
 *       fresh locals; a null receiver takes the call as written, which throws as written): equal,
 *       it calls the direct twin; otherwise (a subclass, which may override the method) it makes
 *       the call as written, with its token.</li>
 * </ul>
 * The test after the call is the same on both paths ({@code expect != 0}: a capture is
 * unwinding), and so is the capture: a direct twin saves exactly what its woven method saves at
 * the same point (the same code woven by the same passes; its locals above the parameters are one
 * slot higher, and the frame stack parameter, never written, is not saved). So a frame captured
 * in a direct twin is resumed in its woven method: a resume re-issues the call as written, with
 * the resuming token, from a copy of the point's reload sequence, and the woven method's prologue
 * jumps to its restore of that point. The frame then goes on in the woven method, which is the
 * same code.
 *
 * <p><b>Calls to other classes</b> ({@link #linkable}: virtual, interface and static calls to a
 * class neither of the platform nor of weft's runtime, from a class file of Java 7 or later) are
 * made the same way, except that the weaver cannot know the callee: the call becomes an
 * {@code invokedynamic} ({@link #linked}) that {@code dev.weft.fallback.Linkage} links, at run
 * time and for each receiver class, to the direct twin of the method the call selects, or to the
 * token and the call as written. So that other classes' calls find one, each woven method that is
 * not private and whose code is within C2's inlining limit gets a direct twin, whether or not its
 * own class calls it.
 *
 * <p>Left out: interfaces and classes older than Java 5 (as {@link PlainTwins}), methods woven
 * without a plain copy (too large), and methods holding a cooperative monitor at a point.
 */
final class DirectCalls {
    private static final String FS_DESC = MethodRewriter.FS_DESC;

    static final String LINKAGE = "dev/weft/fallback/Linkage";
    private static final String BOOTSTRAP_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;";
    /** Bootstraps of the calls linked at run time ({@code dev.weft.fallback.Linkage}). */
    private static final Handle DIRECT = new Handle(Opcodes.H_INVOKESTATIC, LINKAGE, "direct",
            BOOTSTRAP_DESC + "I)Ljava/lang/invoke/CallSite;", false);
    private static final Handle PLAIN = new Handle(Opcodes.H_INVOKESTATIC, LINKAGE, "plain",
            BOOTSTRAP_DESC + ")Ljava/lang/invoke/CallSite;", false);

    private final String owner;
    private final boolean finalClass;
    /** The class may link its calls to other classes at run time (Java 7 or later: invokedynamic). */
    private final boolean linking;
    /** The methods {@code cn} declares, by {@code name + descriptor}. */
    private final Set<String> declared;
    /** Woven methods with a direct twin, by {@code name + descriptor}. */
    private final Map<String, MethodNode> targets;
    /** The direct twins, each made from the method it is the twin of. */
    private final Map<MethodNode, MethodNode> twins = new IdentityHashMap<>();

    private DirectCalls(ClassNode cn, Map<String, MethodNode> targets, boolean linking) {
        this.owner = cn.name;
        this.finalClass = (cn.access & Opcodes.ACC_FINAL) != 0;
        this.targets = targets;
        this.linking = linking;
        this.declared = linking ? declared(cn) : Collections.<String>emptySet();
    }

    /** A direct calls pass that makes no direct call (for a class that gets none, or for tests). */
    static DirectCalls none(ClassNode cn) {
        return new DirectCalls(cn, Collections.<String, MethodNode>emptyMap(), false);
    }

    /** The methods {@code cn} declares, by {@code name + descriptor}. */
    static Set<String> declared(ClassNode cn) {
        Set<String> declared = new java.util.HashSet<>();
        for (MethodNode m : cn.methods) {
            declared.add(m.name + m.desc);
        }
        return declared;
    }

    /** Whether the calls of {@code cn} to other classes are linked at run time (see {@link #linkable}). */
    static boolean linking(ClassNode cn) {
        return PlainTwins.enabled(cn) && (cn.version & 0xFFFF) >= Opcodes.V1_7;
    }

    /**
     * The direct calls of {@code cn}: every woven method (one with points) that a point of a
     * woven method of {@code cn} calls, and every one that is not private and is within C2's
     * inlining limit (for other classes' linked calls), unless left out (see the class comment).
     *
     * @param points the points of each method after {@link IntraClassCalls}, before any method is rewritten
     * @param held the monitors each method holds at each instruction
     * @param noCopy methods ({@code name + descriptor}) to be woven without plain copy (too large)
     */
    static DirectCalls of(ClassNode cn, Map<MethodNode, List<MethodInsnNode>> points,
            Map<MethodNode, MonitorRewriting.Held> held, Set<String> noCopy) {
        if (!PlainTwins.enabled(cn)) {
            return none(cn);
        }
        Map<String, MethodNode> woven = new HashMap<>();
        for (Map.Entry<MethodNode, List<MethodInsnNode>> e : points.entrySet()) {
            MethodNode m = e.getKey();
            if (e.getValue().isEmpty() || noCopy.contains(m.name + m.desc) || holdsAtPoint(held.get(m), e.getValue())) {
                continue;
            }
            woven.put(m.name + m.desc, m);
        }
        DirectCalls all = new DirectCalls(cn, woven, false);
        Map<String, MethodNode> called = new HashMap<>();
        for (List<MethodInsnNode> ps : points.values()) {
            for (MethodInsnNode p : ps) {
                MethodNode target = all.target(p);
                if (target != null && points.get(target) != null) {
                    called.put(p.name + p.desc, target);
                }
            }
        }
        // Other classes may call the small ones: a call's cost counts most where the callee does little.
        for (MethodNode m : woven.values()) {
            if ((m.access & Opcodes.ACC_PRIVATE) == 0
                    && PlainTwins.size(m.instructions, true) <= PlainTwins.INLINE_LIMIT) {
                called.put(m.name + m.desc, m);
            }
        }
        return new DirectCalls(cn, called, linking(cn));
    }

    private static boolean holdsAtPoint(MonitorRewriting.Held held, List<MethodInsnNode> points) {
        for (MethodInsnNode p : points) {
            if (held != null && held.at(p).length > 0) {
                return true;
            }
        }
        return false;
    }

    /** The method with a direct twin that {@code call} (a point) selects, if it surely selects one of this class; else null. */
    private MethodNode target(MethodInsnNode call) {
        MethodNode t = targets.get(call.name + call.desc);
        if (t == null || !call.owner.equals(owner) || call.itf || call.getOpcode() == Opcodes.INVOKEINTERFACE
                || ((t.access & Opcodes.ACC_STATIC) != 0) != (call.getOpcode() == Opcodes.INVOKESTATIC)) {
            return null; // (a static mismatch is an IncompatibleClassChangeError as written: left to the JVM)
        }
        return t;
    }

    /** Whether the point {@code call} becomes a direct call, within the class or linked at run time. */
    boolean direct(MethodInsnNode call) {
        return target(call) != null || linking && linkable(owner, declared, call);
    }

    /**
     * Whether {@code call}, in a class {@code owner} that declares the methods {@code declared}
     * (by {@code name + descriptor}), is a call to another class that {@code Linkage} may link to
     * a twin at run time: a virtual, interface or static call (not of an interface's static
     * method), to a class neither of the platform (never woven) nor of weft's runtime, and not to a
     * method {@code owner} declares (the weaver knows those: a twin, or none).
     */
    static boolean linkable(String owner, Set<String> declared, MethodInsnNode call) {
        int op = call.getOpcode();
        return (op == Opcodes.INVOKEVIRTUAL || op == Opcodes.INVOKEINTERFACE || op == Opcodes.INVOKESTATIC && !call.itf)
                && !call.owner.startsWith("[") && !SuspendablePolicy.isPlatform(call.owner)
                && !SuspendablePolicy.isRuntime(call.owner) && !call.name.startsWith("<")
                && !(call.owner.equals(owner) && declared.contains(call.name + call.desc));
    }

    /**
     * The {@code invokedynamic} that makes {@code call} (a {@link #linkable} one) through
     * {@code Linkage}: the direct bootstrap (the frame stack is the last argument, {@code token}
     * the callee's) or the plain one. The receiver, if any, is the first argument, of the type
     * the call names.
     */
    static InvokeDynamicInsnNode linked(MethodInsnNode call, boolean direct, int token) {
        String desc = call.getOpcode() == Opcodes.INVOKESTATIC ? call.desc
                : "(" + Type.getObjectType(call.owner).getDescriptor() + call.desc.substring(1);
        Handle asWritten = new Handle(call.getOpcode() == Opcodes.INVOKESTATIC ? Opcodes.H_INVOKESTATIC
                : call.getOpcode() == Opcodes.INVOKEINTERFACE ? Opcodes.H_INVOKEINTERFACE : Opcodes.H_INVOKEVIRTUAL,
                call.owner, call.name, call.desc, call.itf);
        return direct
                ? new InvokeDynamicInsnNode(call.name, PlainTwins.descriptor(desc, FS_DESC), DIRECT, asWritten, token)
                : new InvokeDynamicInsnNode(call.name, desc, PLAIN, asWritten);
    }

    /** The methods that get a direct twin (the twins are made by {@link #twin}). */
    java.util.Collection<MethodNode> targets() {
        return Collections.unmodifiableCollection(targets.values());
    }

    /**
     * Makes {@code m}'s direct twin from {@code m} as it is now (not yet woven): the caller
     * weaves it as a direct twin (see {@link #isTwin}) and adds it to the class.
     */
    MethodNode twin(MethodNode m) {
        MethodNode twin = PlainTwins.twin(m, PlainTwins.copy(m), FS_DESC);
        twins.put(twin, m);
        return twin;
    }

    /** Whether {@code m} is a direct twin made by {@link #twin}. */
    boolean isTwin(MethodNode m) {
        return twins.containsKey(m);
    }

    /** The slot of a direct twin's frame stack parameter (its last). */
    static int frameStackSlot(MethodNode twin) {
        return (Type.getArgumentsAndReturnSizes(twin.desc) >> 2) - 1
                - ((twin.access & Opcodes.ACC_STATIC) != 0 ? 1 : 0);
    }

    /** The method descriptor a direct twin's descriptor came from, or null if {@code desc} is not one. */
    static String original(String desc) {
        return PlainTwins.original(desc, FS_DESC);
    }

    /**
     * The code that replaces the point {@code call} (its operands on the stack, the frame stack
     * in local {@code fs}): the direct twin's call or, for a virtual call, the receiver check
     * choosing between it and the call as written (preceded by the token {@code token}). Either
     * way the code holds the call as written, at {@code asWritten}, where a resume jumps with the
     * operands on the stack and the resuming token set; it stays within the handlers that cover
     * the point. Locals for the check are taken from {@code holder.maxLocals} up.
     */
    InsnList call(MethodInsnNode call, int fs, int token, MethodNode holder, LabelNode asWritten) {
        MethodNode target = target(call);
        boolean exact = target == null || call.getOpcode() != Opcodes.INVOKEVIRTUAL || finalClass
                || (target.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0;
        InsnList direct = new InsnList();
        direct.add(new VarInsnNode(Opcodes.ALOAD, fs));
        if (target == null) {
            direct.add(linked(call, true, token)); // another class's: linked at run time
        } else {
            direct.add(new MethodInsnNode(call.getOpcode() == Opcodes.INVOKESTATIC ? Opcodes.INVOKESTATIC
                    : Opcodes.INVOKESPECIAL, owner, call.name, PlainTwins.descriptor(call.desc, FS_DESC), false));
        }
        InsnList written = new InsnList();
        written.add(asWritten);
        written.add(call.clone(null));
        if (exact) {
            LabelNode done = new LabelNode();
            direct.add(new JumpInsnNode(Opcodes.GOTO, done));
            direct.add(written);
            direct.add(done);
            return direct;
        }
        InsnList tokenFirst = new InsnList();
        tokenFirst.add(new VarInsnNode(Opcodes.ALOAD, fs));
        tokenFirst.add(new LdcInsnNode(token));
        tokenFirst.add(new org.objectweb.asm.tree.FieldInsnNode(Opcodes.PUTFIELD, MethodRewriter.FS, "expect", "I"));
        tokenFirst.add(written);
        return PlainTwins.receiverCheck(owner, call, holder, direct, tokenFirst);
    }
}
