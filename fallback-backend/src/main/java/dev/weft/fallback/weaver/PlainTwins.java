package dev.weft.fallback.weaver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass "plain twins": lets woven code run as it was written wherever no continuation runs (a
 * plain thread, a carrier between strands, a virtual thread of the loom backend): there nothing
 * can be captured, so the tokens, the barrier and the test after each call would be pure cost.
 *
 * <ul>
 *   <li><b>Plain copy.</b> Each woven method carries, after its woven code, a copy of its code as
 *       {@link MonitorRewriting} left it (cooperative monitors are kept: a microthread may hold
 *       the same monitor), before any other pass. When the token test of its prologue fails,
 *       the woven method asks {@code FrameStack.idle()} and, if no continuation runs, jumps to
 *       the copy. Same frame, same lines: a stack trace is the unwoven one. A proper entry
 *       inside a continuation pays nothing more.</li>
 *   <li><b>Twin.</b> Each woven method also gets a separate private copy of that code, its twin:
 *       same name (stack traces name the source method), its descriptor with one more parameter
 *       of type {@code dev.weft.fallback.Twin} (always {@code null}; it only keeps the
 *       descriptor apart), access {@code private synthetic} (plus {@code static} for a static
 *       method): it overrides nothing and nothing overrides it. Annotations and the parameters'
 *       names are not copied.</li>
 *   <li><b>Calls between them.</b> In plain copies and twins, a call to a method of the same
 *       class that has a twin calls the twin directly, so a recursion or a chain of helpers stays
 *       in plain code, one frame per call as written. An exact call (static, private, final, or
 *       in a final class) becomes a call of the twin. A virtual call first compares its
 *       receiver's class with this class (its receiver and arguments are kept in fresh locals):
 *       equal, it calls the twin; otherwise (a subclass, which may override the method, woven
 *       or not) it makes the virtual call as written. In a full copy and a twin, a call to another
 *       class (see {@link DirectCalls#linkable}) becomes an {@code invokedynamic} that
 *       {@code dev.weft.fallback.Linkage} links at run time to the plain twin of the method it
 *       selects, or to the call as written; in a light copy, it goes through the callee's woven
 *       method, which chooses its plain copy by itself.</li>
 * </ul>
 * Interfaces get none of this (a default method stays as woven), nor do classes older than
 * Java 5 (the receiver check needs a class constant).
 *
 * <p><b>Size.</b> The plain copy makes the woven method longer, and HotSpot's C2 does not inline
 * a hot callee of more than {@link #INLINE_LIMIT} bytes of bytecode; a woven method that could be
 * inlined inside continuations must stay so, or code in microthreads gets slower (woven
 * {@code fib} in a continuation: 2.2 times the unwoven one instead of 1.36). So each woven method
 * gets the largest of these that keeps it within the limit, or the first if it is over the
 * limit anyway: the {@link Mode#FULL full} copy (calls to twins, virtual ones checked), the
 * {@link Mode#LIGHT light} copy (only exact calls go to twins; a virtual call enters the woven
 * method as written, whose prologue then jumps to its own copy), or {@link Mode#NONE none} (the
 * method runs woven everywhere; where no continuation runs, its prologue skips the barrier that
 * an entry from a plain copy, which sets no token, would otherwise set). Sizes are bounded from above and below
 * ({@link #size}), so a method is never pushed over the limit. A method that would exceed the
 * JVM's 64 KiB with its copy gets neither copy nor twin ({@code ClassWeaver} retries without).
 *
 * <p><b>Inside a continuation.</b> A method {@linkplain #pureForExactReceivers pure for exact
 * receivers} (it only recurses on {@code this}, through methods like itself, and runs nothing
 * else) begins with a check that its receiver is exactly of its class and then runs its plain
 * copy even inside a continuation, where nothing it runs can suspend.
 */
final class PlainTwins {
    static final String TWIN = "dev/weft/fallback/Twin";
    private static final String TWIN_DESC = "L" + TWIN + ";";

    /** C2's limit on the bytecode size of a hot method it inlines ({@code -XX:FreqInlineSize}, default 325). */
    static final int INLINE_LIMIT = 325;

    /** What a woven method runs where no continuation runs. */
    enum Mode {
        /** Its plain copy, whose calls within the class go to twins, virtual ones after the receiver check. */
        FULL,
        /** Its plain copy, whose exact calls within the class go to twins; virtual calls as written. */
        LIGHT,
        /** Its woven code (no plain copy), entered without the barrier of an improper entry if that fits. */
        NONE
    }

    /**
     * The jump from a woven method's prologue to its plain copy: made by {@link MethodRewriter}
     * (which knows the frame stack's local), removed again if the method gets no copy.
     */
    static final class Entry {
        final LabelNode plain = new LabelNode();
        private final List<AbstractInsnNode> inserted = new ArrayList<>();
        /** The method is {@linkplain #pureForExactReceivers pure for exact receivers}. */
        final boolean pure;
        /** Copies of the method before weaving, to become its full and light copy; null if it gets none. */
        final Code full;
        final Code light;
        /** Where the prologue goes on a proper entry (set by {@link MethodRewriter}). */
        LabelNode proper;

        Entry(boolean pure, Code full, Code light) {
            this.pure = pure;
            this.full = full;
            this.light = light;
        }

        /** The code the woven prologue runs on a token mismatch: jumps to the copy if no continuation runs. */
        InsnList code(int fs) {
            InsnList code = new InsnList();
            code.add(new VarInsnNode(Opcodes.ALOAD, fs));
            code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, MethodRewriter.FS, "idle", "()Z", false));
            code.add(new JumpInsnNode(Opcodes.IFNE, plain));
            for (AbstractInsnNode i = code.getFirst(); i != null; i = i.getNext()) {
                inserted.add(i);
            }
            return code;
        }
    }

    /** A method's code, copied with fresh labels. */
    static final class Code {
        final InsnList instructions = new InsnList();
        final List<TryCatchBlockNode> handlers = new ArrayList<>();
        final List<LocalVariableNode> locals = new ArrayList<>();
    }

    private PlainTwins() {
    }

    /** Whether the methods of {@code cn} get plain copies and twins. */
    static boolean enabled(ClassNode cn) {
        return (cn.access & Opcodes.ACC_INTERFACE) == 0 && (cn.version & 0xFFFF) >= Opcodes.V1_5;
    }

    /** The twin's descriptor for a method descriptor. */
    static String descriptor(String desc) {
        return descriptor(desc, TWIN_DESC);
    }

    /** A method descriptor with one more parameter, of type {@code marker} (a descriptor), last. */
    static String descriptor(String desc, String marker) {
        int close = desc.indexOf(')');
        return desc.substring(0, close) + marker + desc.substring(close);
    }

    /** The method descriptor a twin's descriptor came from, or null if {@code desc} is not a twin's. */
    static String original(String desc) {
        return original(desc, TWIN_DESC);
    }

    /** The descriptor {@link #descriptor(String, String)} made {@code desc} from, or null if it did not. */
    static String original(String desc, String marker) {
        String tail = marker + ")";
        int at = desc.indexOf(tail);
        return at < 0 ? null : desc.substring(0, at) + desc.substring(at + marker.length());
    }

    /** A copy of {@code m}'s code (instructions, handlers, local variables) with fresh labels. */
    static Code copy(MethodNode m) {
        Code code = new Code();
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof LabelNode) {
                labels.put((LabelNode) i, new LabelNode());
            }
        }
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            code.instructions.add(i.clone(labels));
        }
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            code.handlers.add(new TryCatchBlockNode(labels.get(t.start), labels.get(t.end), labels.get(t.handler),
                    t.type));
        }
        if (m.localVariables != null) {
            for (LocalVariableNode v : m.localVariables) {
                code.locals.add(new LocalVariableNode(v.name, v.desc, v.signature, labels.get(v.start),
                        labels.get(v.end), v.index));
            }
        }
        return code;
    }

    /**
     * The twin of {@code m} (not yet woven), made of {@code code}, a {@link #copy} of it. The
     * caller {@link #link}s it and adds it to the class.
     */
    static MethodNode twin(MethodNode m, Code code) {
        return twin(m, code, TWIN_DESC);
    }

    /** As {@link #twin(MethodNode, Code)}, the added parameter of type {@code marker} (a descriptor). */
    static MethodNode twin(MethodNode m, Code code, String markerType) {
        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        int access = Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC
                | (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_STRICT));
        String[] exceptions = m.exceptions == null ? null : m.exceptions.toArray(new String[0]);
        MethodNode twin = new MethodNode(Opcodes.ASM9, access, m.name, descriptor(m.desc, markerType), null, exceptions);
        twin.instructions = code.instructions;
        twin.tryCatchBlocks = code.handlers;
        twin.localVariables = code.locals;
        // The added parameter takes the first slot after the others: every local above moves up one.
        int marker = (Type.getArgumentsAndReturnSizes(m.desc) >> 2) - (isStatic ? 1 : 0);
        for (AbstractInsnNode i = twin.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof VarInsnNode && ((VarInsnNode) i).var >= marker) {
                ((VarInsnNode) i).var++;
            } else if (i instanceof IincInsnNode && ((IincInsnNode) i).var >= marker) {
                ((IincInsnNode) i).var++;
            }
        }
        for (LocalVariableNode v : twin.localVariables) {
            if (v.index >= marker) {
                v.index++;
            }
        }
        twin.maxLocals = m.maxLocals + 1;
        twin.maxStack = m.maxStack;
        return twin;
    }

    /**
     * Points the calls in {@code code} (a twin's, or a plain copy about to be added to the woven
     * method {@code holder}) to methods of the same class that have twins at those twins. Locals
     * for the receiver checks are taken from {@code holder.maxLocals} up.
     *
     * @param woven the methods of {@code cn} that have twins, by {@code name + descriptor}
     */
    static void link(ClassNode cn, InsnList code, MethodNode holder, Map<String, MethodNode> woven) {
        link(cn, code, holder, woven, true);
    }

    /** As above; if not {@code virtualToo}, virtual calls are left as written. */
    private static void link(ClassNode cn, InsnList code, MethodNode holder, Map<String, MethodNode> woven,
            boolean virtualToo) {
        List<MethodInsnNode> calls = new ArrayList<>();
        List<MethodInsnNode> linked = new ArrayList<>();
        boolean linking = virtualToo && DirectCalls.linking(cn);
        java.util.Set<String> declared = linking ? DirectCalls.declared(cn) : java.util.Collections.<String>emptySet();
        for (AbstractInsnNode i = code.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof MethodInsnNode) {
                MethodInsnNode call = (MethodInsnNode) i;
                MethodNode target = woven.get(call.name + call.desc);
                if (call.owner.equals(cn.name) && !call.itf && target != null
                        && ((target.access & Opcodes.ACC_STATIC) != 0) == (call.getOpcode() == Opcodes.INVOKESTATIC)) {
                    calls.add(call); // (a mismatch is an IncompatibleClassChangeError as written: left to the JVM)
                } else if (linking && DirectCalls.linkable(cn.name, declared, call)) {
                    linked.add(call);
                }
            }
        }
        for (MethodInsnNode call : linked) {
            code.set(call, DirectCalls.linked(call, false, 0)); // another class's: its twin, found at run time
        }
        for (MethodInsnNode call : calls) {
            MethodNode target = woven.get(call.name + call.desc);
            if (call.getOpcode() == Opcodes.INVOKEVIRTUAL && !exact(cn, target)) {
                if (virtualToo) {
                    code.insert(call, checkedCall(cn.name, call, holder));
                    code.remove(call);
                }
            } else {
                code.insertBefore(call, new InsnNode(Opcodes.ACONST_NULL));
                if (call.getOpcode() != Opcodes.INVOKESTATIC) {
                    call.setOpcode(Opcodes.INVOKESPECIAL); // the twin is private
                }
                call.desc = descriptor(call.desc);
            }
        }
    }

    /**
     * A virtual call of a method of {@code owner} that has a twin: the twin if the receiver is
     * exactly an {@code owner}, the call as written otherwise.
     */
    private static InsnList checkedCall(String owner, MethodInsnNode call, MethodNode holder) {
        InsnList twin = new InsnList();
        twin.add(new InsnNode(Opcodes.ACONST_NULL));
        twin.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, owner, call.name, descriptor(call.desc), false));
        InsnList written = new InsnList();
        written.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, owner, call.name, call.desc, false));
        return receiverCheck(owner, call, holder, twin, written);
    }

    /**
     * Code in place of the virtual call {@code call} (its receiver and arguments on the stack):
     * stores them into fresh locals (from {@code holder.maxLocals} up) and, if the receiver is
     * exactly an {@code owner}, loads them again and runs {@code exact}; otherwise (a subclass, or
     * null, which then fails as written) loads them again and runs {@code otherwise}. Both leave
     * the call's result.
     */
    static InsnList receiverCheck(String owner, MethodInsnNode call, MethodNode holder, InsnList exact,
            InsnList otherwise) {
        Type[] args = Type.getArgumentTypes(call.desc);
        int[] slots = new int[args.length];
        InsnList code = new InsnList();
        for (int a = args.length - 1; a >= 0; a--) {
            slots[a] = holder.maxLocals;
            holder.maxLocals += args[a].getSize();
            code.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), slots[a]));
        }
        int receiver = holder.maxLocals++;
        code.add(new VarInsnNode(Opcodes.ASTORE, receiver));
        LabelNode virtual = new LabelNode();
        LabelNode done = new LabelNode();
        code.add(new VarInsnNode(Opcodes.ALOAD, receiver));
        code.add(new JumpInsnNode(Opcodes.IFNULL, virtual));
        code.add(new VarInsnNode(Opcodes.ALOAD, receiver));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "getClass", "()Ljava/lang/Class;", false));
        code.add(new LdcInsnNode(Type.getObjectType(owner)));
        code.add(new JumpInsnNode(Opcodes.IF_ACMPNE, virtual));
        code.add(reload(receiver, args, slots));
        code.add(exact);
        code.add(new JumpInsnNode(Opcodes.GOTO, done));
        code.add(virtual);
        code.add(reload(receiver, args, slots));
        code.add(otherwise);
        code.add(done);
        return code;
    }

    private static InsnList reload(int receiver, Type[] args, int[] slots) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, receiver));
        for (int a = 0; a < args.length; a++) {
            code.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), slots[a]));
        }
        return code;
    }

    /**
     * Gives the woven method {@code m} (its prologue made with {@code entry}) the largest plain
     * copy that keeps it within {@link #INLINE_LIMIT} (see Size in the class comment), or none.
     *
     * @param entry its entry, with two {@link #copy copies} of it before weaving
     * @return the mode chosen
     */
    static Mode finish(ClassNode cn, MethodNode m, Entry entry, Map<String, MethodNode> woven) {
        Code full = entry.full;
        Code light = entry.light;
        int maxLocals = m.maxLocals;
        link(cn, full.instructions, m, woven, true);
        int fullLocals = m.maxLocals;
        m.maxLocals = maxLocals;
        link(cn, light.instructions, m, woven, false);
        InsnList pureCheck = new InsnList();
        if (entry.pure) {
            pureCheck.add(new VarInsnNode(Opcodes.ALOAD, 0));
            pureCheck.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "getClass",
                    "()Ljava/lang/Class;", false));
            pureCheck.add(new LdcInsnNode(Type.getObjectType(cn.name)));
            pureCheck.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, entry.plain));
        }
        int wovenSize = size(m.instructions, true) + size(pureCheck, true);
        Mode mode;
        Code chosen;
        if (size(m.instructions, false) - size(entry.inserted, true) > INLINE_LIMIT // over it without the jump
                || wovenSize + size(full.instructions, true) <= INLINE_LIMIT) {
            mode = Mode.FULL;
            chosen = full;
            m.maxLocals = fullLocals;
        } else if (wovenSize + size(light.instructions, true) <= INLINE_LIMIT) {
            mode = Mode.LIGHT;
            chosen = light;
        } else {
            withoutCopy(m, entry);
            return Mode.NONE;
        }
        m.instructions.insert(pureCheck);
        // The woven code ends in a throw or a jump (its last handler rethrows): nothing falls into the copy.
        m.instructions.add(entry.plain);
        m.instructions.add(chosen.instructions);
        m.tryCatchBlocks.addAll(chosen.handlers);
        if (!chosen.locals.isEmpty()) {
            if (m.localVariables == null) {
                m.localVariables = new ArrayList<>();
            }
            m.localVariables.addAll(chosen.locals);
        }
        return mode;
    }

    /**
     * For a woven method that gets no plain copy (over the size limit with one, too large for
     * the JVM with one, or in a class that gets none, such as an interface): where no
     * continuation runs, its prologue goes to the proper entry. Nothing can be captured there, so
     * the barrier of an improper entry (two reference stores per call from a plain copy, which
     * sets no token) would be pure cost. The jump stays only if it does not push the method over
     * {@link #INLINE_LIMIT}.
     */
    static void withoutCopy(MethodNode m, Entry entry) {
        boolean overAnyway = size(m.instructions, false) - size(entry.inserted, true) > INLINE_LIMIT;
        if (overAnyway || size(m.instructions, true) <= INLINE_LIMIT) {
            for (AbstractInsnNode i : entry.inserted) {
                if (i instanceof JumpInsnNode) {
                    ((JumpInsnNode) i).label = entry.proper;
                }
            }
        } else {
            for (AbstractInsnNode i : entry.inserted) {
                m.instructions.remove(i);
            }
        }
    }

    /**
     * The woven instance methods of {@code cn} that cannot suspend when their receiver is exactly
     * a {@code cn} (not a subclass): each of their points is a call of a method of {@code cn} on
     * {@code this} (the receiver is loaded from local 0, which the method never writes) that is
     * itself such a method (the greatest such set: a recursion with no other way out cannot
     * suspend), and they run no other code (see {@link #callsOnThisOnly}). With an exact
     * receiver, a virtual call on {@code this} selects the method of {@code cn} itself, so nothing
     * such a method runs can reach a suspension point. Its woven method then begins with a check
     * of the receiver's class and, if it is exactly {@code cn}, runs its plain copy even inside a
     * continuation: no frame stack lookup, no token. (A frame that ran that way is never captured,
     * so it is never resumed; a frame captured on the woven path had another receiver class and
     * takes the woven path again on resume, with the same receiver.)
     *
     * @param points the points of each analysed method after {@link IntraClassCalls}, before any
     *        method is rewritten
     */
    static java.util.Set<MethodNode> pureForExactReceivers(ClassNode cn, Map<MethodNode, List<MethodInsnNode>> points) {
        java.util.Set<MethodNode> pure = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<MethodNode, Boolean>());
        if (!enabled(cn) || (cn.access & Opcodes.ACC_FINAL) != 0) {
            return pure; // in a final class every call on this is exact, and IntraClassCalls has dropped them
        }
        Map<String, MethodNode> declared = new HashMap<>();
        for (MethodNode m : cn.methods) {
            declared.put(m.name + m.desc, m);
        }
        for (Map.Entry<MethodNode, List<MethodInsnNode>> e : points.entrySet()) {
            MethodNode m = e.getKey();
            if (!e.getValue().isEmpty() && (m.access & Opcodes.ACC_STATIC) == 0 && !writesThis(m)
                    && callsOnThisOnly(cn, m, e.getValue(), declared, points)) {
                pure.add(m);
            }
        }
        for (boolean changed = true; changed; ) {
            changed = false;
            for (java.util.Iterator<MethodNode> it = pure.iterator(); it.hasNext(); ) {
                for (MethodInsnNode p : points.get(it.next())) {
                    MethodNode target = declared.get(p.name + p.desc);
                    if (!pure.contains(target)) {
                        it.remove();
                        changed = true;
                        break;
                    }
                }
            }
        }
        return pure;
    }

    private static boolean writesThis(MethodNode m) {
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) i).var == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every point of {@code m} calls a woven instance method of {@code cn} on
     * {@code this}, and {@code m} runs no other code: no other call, no {@code invokedynamic}, no
     * static field of another class (its initializer may run). A plain copy does not clear the
     * token its caller set (only the caller's test after the call does), so a woven method that
     * other code entered below it could mistake that token for its own.
     */
    private static boolean callsOnThisOnly(ClassNode cn, MethodNode m, List<MethodInsnNode> points,
            Map<String, MethodNode> declared, Map<MethodNode, List<MethodInsnNode>> analysed) {
        java.util.Set<AbstractInsnNode> allowed = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<AbstractInsnNode, Boolean>());
        allowed.addAll(points);
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof MethodInsnNode && !allowed.contains(i)
                    || i.getType() == AbstractInsnNode.INVOKE_DYNAMIC_INSN
                    || (i.getOpcode() == Opcodes.GETSTATIC || i.getOpcode() == Opcodes.PUTSTATIC)
                            && !((org.objectweb.asm.tree.FieldInsnNode) i).owner.equals(cn.name)) {
                return false;
            }
        }
        for (MethodInsnNode p : points) {
            MethodNode target = declared.get(p.name + p.desc);
            if (!p.owner.equals(cn.name) || p.itf || p.getOpcode() == Opcodes.INVOKESTATIC
                    || p.getOpcode() == Opcodes.INVOKEINTERFACE || target == null
                    || (target.access & (Opcodes.ACC_STATIC | Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) != 0
                    || analysed.get(target) == null || analysed.get(target).isEmpty()) {
                return false;
            }
        }
        org.objectweb.asm.tree.analysis.Frame<org.objectweb.asm.tree.analysis.SourceValue>[] frames;
        try {
            frames = new org.objectweb.asm.tree.analysis.Analyzer<>(
                    new org.objectweb.asm.tree.analysis.SourceInterpreter()).analyze(cn.name, m);
        } catch (org.objectweb.asm.tree.analysis.AnalyzerException e) {
            return false;
        }
        for (MethodInsnNode p : points) {
            org.objectweb.asm.tree.analysis.Frame<org.objectweb.asm.tree.analysis.SourceValue> f =
                    frames[m.instructions.indexOf(p)];
            if (f == null) {
                continue; // unreachable
            }
            java.util.Set<AbstractInsnNode> from =
                    f.getStack(f.getStackSize() - Type.getArgumentTypes(p.desc).length - 1).insns;
            if (from.size() != 1) {
                return false;
            }
            AbstractInsnNode load = from.iterator().next();
            if (load.getOpcode() != Opcodes.ALOAD || ((VarInsnNode) load).var != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Bounds on the bytecode size of {@code code} as a class writer will write it: from above if
     * {@code upper} (every constant through {@code ldc_w}, switches with their largest padding),
     * otherwise from below, for code under 32 KiB (past that a class writer may widen jumps, far
     * beyond the limit these bounds are compared with). (The class writer is given the constants of {@code ldc} first, see
     * {@code ClassWeaver}, so the copies' constants do not push another method's constants past
     * index 255, into {@code ldc_w}.)
     */
    static int size(Iterable<AbstractInsnNode> code, boolean upper) {
        int size = 0;
        for (AbstractInsnNode i : code) {
            int op = i.getOpcode();
            if (op < 0) {
                continue; // label, line number, frame
            }
            switch (i.getType()) {
                case AbstractInsnNode.INT_INSN:
                    size += op == Opcodes.SIPUSH ? 3 : 2;
                    break;
                case AbstractInsnNode.VAR_INSN: {
                    int var = ((VarInsnNode) i).var;
                    size += var > 255 ? 4 : var < 4 && op != Opcodes.RET ? 1 : 2;
                    break;
                }
                case AbstractInsnNode.IINC_INSN: {
                    IincInsnNode inc = (IincInsnNode) i;
                    size += inc.var > 255 || inc.incr != (byte) inc.incr ? 6 : 3;
                    break;
                }
                case AbstractInsnNode.LDC_INSN: {
                    Object c = ((LdcInsnNode) i).cst;
                    size += c instanceof Long || c instanceof Double || upper ? 3 : 2;
                    break;
                }
                case AbstractInsnNode.METHOD_INSN:
                    size += op == Opcodes.INVOKEINTERFACE ? 5 : 3;
                    break;
                case AbstractInsnNode.INVOKE_DYNAMIC_INSN:
                    size += 5;
                    break;
                case AbstractInsnNode.TABLESWITCH_INSN:
                    size += 13 + 4 * ((org.objectweb.asm.tree.TableSwitchInsnNode) i).labels.size() + (upper ? 3 : 0);
                    break;
                case AbstractInsnNode.LOOKUPSWITCH_INSN:
                    size += 9 + 8 * ((org.objectweb.asm.tree.LookupSwitchInsnNode) i).labels.size() + (upper ? 3 : 0);
                    break;
                case AbstractInsnNode.MULTIANEWARRAY_INSN:
                    size += 4;
                    break;
                case AbstractInsnNode.INSN:
                    size += 1;
                    break;
                default: // type, field and jump instructions
                    size += 3;
            }
        }
        return size;
    }

    /** Whether a call of {@code m} on an instance of {@code cn} always runs {@code m} itself. */
    private static boolean exact(ClassNode cn, MethodNode m) {
        return (m.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL | Opcodes.ACC_STATIC)) != 0
                || (cn.access & Opcodes.ACC_FINAL) != 0;
    }
}
