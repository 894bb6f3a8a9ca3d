package dev.weft.fallback.weaver;

import dev.weft.fallback.FrameStack;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Pass "rewrite": turns a method with suspension points into a resumable one.
 *
 * <h2>Shape of a woven method</h2>
 * <pre>
 *   prologue:  fs = FrameStack.current(); saved = null
 *              if (fs.expect != token("name(desc)") [&amp;&amp; != each lambda token]) goto entry
 *   proper:    fs.expect = 0
 *   start:     original code, where each suspension point i becomes
 *                  (operands stored to locals by CallSpilling); fs.expect = token("callee(desc)")
 *              R_i:  reload operands; CALL
 *                    if (fs.expect != 0 &amp;&amp; FrameStack.returned(fs)) goto capture_i
 *              and each return first does: FrameStack.leave(fs, saved) (if saved != null, leaveImproperly)
 *              each handler fs.expect = 0
 *   end:
 *   entry:     if (fs.idle()) goto plain           (plain: the code as written, added by PlainTwins, if it fits)
 *              if (fs.expect == token | RESUMING [|| each lambda token's]) { fs.expect = 0; goto dispatch }
 *              saved = FrameStack.enterImproperly(fs, "Owner.name(desc)"); goto proper
 *   capture_i: pop the call's result; push the stack values below the call's operands, top
 *              first; push the locals live at R_i (not "this" nor any parameter the method
 *              never writes: the resumed frame gets them back from its caller's re-issued
 *              call; nor a value that is always null); push i; push the site (class, method,
 *              line, number of references pushed); return a default value
 *   dispatch:  fs.dropSite(); switch (fs.popInt()) { case i: goto restore_i; default: throw corrupt }
 *              (with a single point no index is saved and dispatch is restore_0)
 *   restore_i: pop the locals, pop the stack values (checkcast to the analysed types);
 *              fs.expect = token("callee(desc)") | RESUMING; goto R_i
 *   handler:   catch-all over [start, end): FrameStack.thrown(fs, saved) (leave; fs.expect = 0); rethrow
 * </pre>
 * A call to a woven method that does not suspend costs, besides the call: at the call site an
 * int field write before and a read after; in the callee's prologue the stack lookup (a cached
 * thread comparison), a read and a write; at its return a test of a local. Nothing is saved
 * (lazy capture), and no reference is stored on this path: a reference store into a stack that
 * has lived long enough to be in the old generation would pay the collector's write barrier,
 * which made woven calls several times slower. {@code fs} and {@code saved} are fresh locals
 * that are never saved: a resumed frame was entered properly, so they are the prologue's.
 *
 * <p>A point that {@link DirectCalls} makes a direct call sets no token: {@code CALL} becomes the
 * call of the callee's direct twin with {@code fs} as its last argument (for a virtual call, if
 * the receiver is exactly of this class; otherwise the token and the call as written; for a call
 * to another class, an {@code invokedynamic} that {@code dev.weft.fallback.Linkage} links to the
 * selected method's direct twin, or to the token and the call as written), and its
 * {@code restore_i} jumps, after reloading the operands, to the call as written that this code
 * holds. A direct twin itself is woven with {@code fs} its last parameter, without prologue,
 * {@code saved}, entry, dispatch, restores or catch-all: only its points and captures.
 */
public final class MethodRewriter {
    static final String FS = "dev/weft/fallback/FrameStack";
    static final String FS_DESC = "L" + FS + ";";

    private MethodRewriter() {
    }

    /**
     * Rewrites {@code m}.
     *
     * @param points suspension points, after {@link CallSpilling}
     * @param reloads their reload labels, as returned by {@link CallSpilling#apply}
     * @param frames {@link FrameAnalysis} of {@code m} after spilling
     * @param live {@link Liveness} at each reload label: only these locals are saved
     * @param extraTokens tokens besides {@code name+desc} under which callers may enter this
     *        method properly (a lambda body is entered as its functional interface's method)
     */
    public static void rewrite(String owner, MethodNode m, List<MethodInsnNode> points, List<LabelNode> reloads,
            Frame<BasicValue>[] frames, List<BitSet> live, Collection<String> extraTokens) {
        rewrite(owner, null, m, points, reloads, frames, live, extraTokens);
    }

    /**
     * As above; {@code sourceFile} (the class's SourceFile attribute, may be null) goes into the
     * site each capture records, from which a suspended continuation's stack trace is made.
     */
    public static void rewrite(String owner, String sourceFile, MethodNode m, List<MethodInsnNode> points,
            List<LabelNode> reloads, Frame<BasicValue>[] frames, List<BitSet> live, Collection<String> extraTokens) {
        rewrite(owner, sourceFile, m, points, reloads, frames, live, extraTokens, null);
    }

    /**
     * As above; {@code monitors} (may be null) gives, for each point, the local slots of the JVM
     * monitors the method holds there ({@link MonitorRewriting}), outermost first. A capture there
     * exits them after saving the frame and a restore enters them again before jumping back: the
     * cooperative monitor stays held, the carrier thread's JVM monitor does not.
     */
    public static void rewrite(String owner, String sourceFile, MethodNode m, List<MethodInsnNode> points,
            List<LabelNode> reloads, Frame<BasicValue>[] frames, List<BitSet> live, Collection<String> extraTokens,
            List<int[]> monitors) {
        rewrite(owner, sourceFile, m, points, reloads, frames, live, extraTokens, monitors, null);
    }

    /**
     * As above; {@code plain} (may be null) makes the prologue's jump to {@code m}'s plain copy,
     * which the caller adds ({@link PlainTwins#finish}) and the woven method runs when it is
     * entered where no continuation runs.
     */
    static void rewrite(String owner, String sourceFile, MethodNode m, List<MethodInsnNode> points,
            List<LabelNode> reloads, Frame<BasicValue>[] frames, List<BitSet> live, Collection<String> extraTokens,
            List<int[]> monitors, PlainTwins.Entry plain) {
        rewrite(owner, sourceFile, m, points, reloads, frames, live, extraTokens, monitors, plain, null);
    }

    /**
     * As above; the points that {@code direct} (may be null) makes direct calls call direct
     * twins ({@link DirectCalls}), and if {@code m} is itself a direct twin it is woven as one:
     * its frame stack is its last parameter, and it has no prologue, no barrier and no resume
     * code (its frames are resumed in the method it is the twin of).
     */
    static void rewrite(String owner, String sourceFile, MethodNode m, List<MethodInsnNode> points,
            List<LabelNode> reloads, Frame<BasicValue>[] frames, List<BitSet> live, Collection<String> extraTokens,
            List<int[]> monitors, PlainTwins.Entry plain, DirectCalls direct) {
        InsnList insns = m.instructions;
        boolean twin = direct != null && direct.isTwin(m);
        final int fs;
        final int saved;
        if (twin) {
            fs = DirectCalls.frameStackSlot(m);
            saved = -1;
        } else {
            fs = m.maxLocals;
            saved = m.maxLocals + 1;
            m.maxLocals += 2;
        }
        String id = owner + "." + m.name + m.desc;
        Type returnType = Type.getReturnType(m.desc);

        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode dispatch = new LabelNode();
        LabelNode handler = new LabelNode();

        // Points in unreachable code are left alone (ClassWriter replaces dead code anyway).
        // Frames are looked up before any instruction is inserted (indexes shift after).
        List<Integer> reachable = new ArrayList<>();
        List<Frame<BasicValue>> pointFrames = new ArrayList<>();
        for (int k = 0; k < points.size(); k++) {
            Frame<BasicValue> f = frames[insns.indexOf(points.get(k))];
            pointFrames.add(f);
            if (f != null) {
                reachable.add(k);
            }
        }

        // Returns restore the barrier (before the point code is added, so only original returns).
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            int op = i.getOpcode();
            if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN && !twin) {
                insns.insertBefore(i, leave(fs, saved));
            }
        }

        // Handlers clear the token: a call that threw (from an unwoven callee, which does not
        // consume it) must not leave a stale token that a later improper entry could match.
        java.util.Set<LabelNode> handlers = new java.util.HashSet<>();
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            if (handlers.add(t.handler)) {
                InsnList clear = new InsnList();
                clear.add(clearToken(fs));
                insns.insert(t.handler, clear);
            }
        }

        InsnList tail = new InsnList();
        tail.add(end);
        // "this" is never reassigned by javac: a resumed frame gets it back as its receiver.
        BitSet kept = keptParameters(m);
        LabelNode[] restores = new LabelNode[reachable.size()];
        // With one resume point there is nothing to choose: no index is saved.
        boolean indexed = reachable.size() > 1;
        InsnList restoreCode = new InsnList();
        for (int n = 0; n < reachable.size(); n++) {
            int k = reachable.get(n);
            MethodInsnNode call = points.get(k);
            Frame<BasicValue> f = pointFrames.get(k);
            int consumed = Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
            int below = f.getStackSize() - consumed;
            List<Integer> locals = savedLocals(f, live.get(k), kept);

            int line = lineOf(call);

            // Around the call.
            int calleeToken = FrameStack.token(call.name + call.desc);
            LabelNode capture = new LabelNode();
            LabelNode carryOn = new LabelNode();
            InsnList reissue = new InsnList(); // what a resume runs to make the call again, its token set
            InsnList post = new InsnList();
            post.add(new VarInsnNode(Opcodes.ALOAD, fs));
            post.add(new FieldInsnNode(Opcodes.GETFIELD, FS, "expect", "I"));
            post.add(new JumpInsnNode(Opcodes.IFEQ, carryOn));
            post.add(new VarInsnNode(Opcodes.ALOAD, fs));
            post.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FS, "returned", "(" + FS_DESC + ")Z", false));
            post.add(new JumpInsnNode(Opcodes.IFNE, capture));
            post.add(carryOn);
            if (direct != null && direct.direct(call)) {
                // A resume re-issues the call as written (a direct twin has no resume code):
                // the operands again, then the call, which the direct call's code holds.
                LabelNode asWritten = new LabelNode();
                for (AbstractInsnNode i = reloads.get(k).getNext(); i != call; i = i.getNext()) {
                    if (i.getOpcode() >= 0) {
                        reissue.add(i.clone(null));
                    }
                }
                reissue.add(new JumpInsnNode(Opcodes.GOTO, asWritten));
                insns.insert(call, post);
                insns.insert(call, direct.call(call, fs, calleeToken, m, asWritten));
                insns.remove(call);
            } else {
                // The token goes before the reload label: a resume jumps there having set it with
                // the RESUMING bit instead.
                insns.insertBefore(reloads.get(k), setToken(fs, calleeToken));
                insns.insert(call, post);
                reissue.add(new JumpInsnNode(Opcodes.GOTO, reloads.get(k)));
            }

            // Capture.
            tail.add(capture);
            if (line > 0) {
                tail.add(new LineNumberNode(line, capture));
            }
            Type result = Type.getReturnType(call.desc);
            if (result.getSize() == 1) {
                tail.add(new InsnNode(Opcodes.POP));
            } else if (result.getSize() == 2) {
                tail.add(new InsnNode(Opcodes.POP2));
            }
            int references = 0;
            for (int s = below - 1; s >= 0; s--) {
                Type t = f.getStack(s).getType();
                if (isNullConstant(t)) {
                    tail.add(new InsnNode(Opcodes.POP)); // restored as a constant
                } else {
                    tail.add(new VarInsnNode(Opcodes.ALOAD, fs));
                    tail.add(push(t));
                    references += isReference(t) ? 1 : 0;
                }
            }
            for (int slot : locals) {
                Type t = f.getLocal(slot).getType();
                if (isNullConstant(t)) {
                    continue;
                }
                tail.add(new VarInsnNode(loadType(t).getOpcode(Opcodes.ILOAD), slot));
                tail.add(new VarInsnNode(Opcodes.ALOAD, fs));
                tail.add(push(t));
                references += isReference(t) ? 1 : 0;
            }
            if (indexed) {
                tail.add(intConst(n));
                tail.add(new VarInsnNode(Opcodes.ALOAD, fs));
                tail.add(push(Type.INT_TYPE));
            }
            tail.add(new LdcInsnNode(FrameStack.site(owner.replace('/', '.'), m.name, sourceFile, line, references)));
            tail.add(new VarInsnNode(Opcodes.ALOAD, fs));
            tail.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FS, "pushSite", "(Ljava/lang/String;" + FS_DESC + ")V", false));
            int[] held = monitors == null ? new int[0] : monitors.get(k);
            for (int h = held.length - 1; h >= 0; h--) {
                tail.add(new VarInsnNode(Opcodes.ALOAD, held[h]));
                tail.add(new InsnNode(Opcodes.MONITOREXIT));
            }
            tail.add(defaultReturn(returnType));
            if (twin) {
                continue; // a direct twin is never resumed: its frames resume in its woven method
            }

            // Restore.
            LabelNode restore = new LabelNode();
            restores[n] = restore;
            restoreCode.add(restore);
            if (line > 0) {
                restoreCode.add(new LineNumberNode(line, restore));
            }
            for (int j = locals.size() - 1; j >= 0; j--) {
                int slot = locals.get(j);
                Type t = f.getLocal(slot).getType();
                if (isNullConstant(t)) {
                    restoreCode.add(new InsnNode(Opcodes.ACONST_NULL));
                } else {
                    restoreCode.add(pop(fs, t));
                }
                restoreCode.add(new VarInsnNode(loadType(t).getOpcode(Opcodes.ISTORE), slot));
            }
            for (int s = 0; s < below; s++) {
                Type t = f.getStack(s).getType();
                restoreCode.add(isNullConstant(t) ? new InsnList() : pop(fs, t));
                if (isNullConstant(t)) {
                    restoreCode.add(new InsnNode(Opcodes.ACONST_NULL));
                }
            }
            for (int h : held) {
                restoreCode.add(new VarInsnNode(Opcodes.ALOAD, h));
                restoreCode.add(new InsnNode(Opcodes.MONITORENTER));
            }
            restoreCode.add(setToken(fs, calleeToken | FrameStack.RESUMING));
            restoreCode.add(reissue);
        }

        if (twin) {
            // Entered only from woven suspension points, never resumed: no prologue, no barrier.
            insns.add(tail);
            m.maxStack += 4;
            return;
        }

        // Prologue.
        List<String> names = new ArrayList<>();
        names.add(m.name + m.desc);
        names.addAll(extraTokens);
        LabelNode proper = new LabelNode();
        if (plain != null) {
            plain.proper = proper;
        }
        LabelNode entry = new LabelNode();
        InsnList pro = new InsnList();
        pro.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FS, "current", "()" + FS_DESC, false));
        pro.add(new VarInsnNode(Opcodes.ASTORE, fs));
        pro.add(new InsnNode(Opcodes.ACONST_NULL));
        pro.add(new VarInsnNode(Opcodes.ASTORE, saved));
        for (int t = 0; t < names.size(); t++) {
            pro.add(new VarInsnNode(Opcodes.ALOAD, fs));
            pro.add(new FieldInsnNode(Opcodes.GETFIELD, FS, "expect", "I"));
            pro.add(new LdcInsnNode(FrameStack.token(names.get(t))));
            if (t < names.size() - 1) {
                pro.add(new JumpInsnNode(Opcodes.IF_ICMPEQ, proper));
            } else {
                pro.add(new JumpInsnNode(Opcodes.IF_ICMPNE, entry));
            }
        }
        pro.add(proper);
        pro.add(clearToken(fs));
        pro.add(start);
        insns.insert(pro);

        // Entry without the token: outside any continuation (the twin), a resume, or an improper entry.
        tail.add(entry);
        if (plain != null) {
            tail.add(plain.code(fs));
        }
        LabelNode resume = new LabelNode();
        if (!reachable.isEmpty()) {
            for (String name : names) {
                tail.add(new VarInsnNode(Opcodes.ALOAD, fs));
                tail.add(new FieldInsnNode(Opcodes.GETFIELD, FS, "expect", "I"));
                tail.add(new LdcInsnNode(FrameStack.token(name) | FrameStack.RESUMING));
                tail.add(new JumpInsnNode(Opcodes.IF_ICMPEQ, resume));
            }
        }
        tail.add(new VarInsnNode(Opcodes.ALOAD, fs));
        tail.add(new LdcInsnNode(id));
        tail.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FS, "enterImproperly",
                "(" + FS_DESC + "Ljava/lang/String;)Ljava/lang/String;", false));
        tail.add(new VarInsnNode(Opcodes.ASTORE, saved));
        tail.add(new JumpInsnNode(Opcodes.GOTO, proper));
        if (!reachable.isEmpty()) {
            tail.add(resume);
            tail.add(clearToken(fs));
            // falls into the dispatch, next
        }

        // Dispatch and restores.
        if (!reachable.isEmpty()) {
            LabelNode bad = new LabelNode();
            tail.add(dispatch);
            tail.add(new VarInsnNode(Opcodes.ALOAD, fs));
            tail.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FS, "dropSite", "()V", false));
            if (indexed) {
                tail.add(new VarInsnNode(Opcodes.ALOAD, fs));
                tail.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FS, "popInt", "()I", false));
                tail.add(new TableSwitchInsnNode(0, restores.length - 1, bad, restores));
                tail.add(bad);
                tail.add(new LdcInsnNode(id));
                tail.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FS, "corrupt",
                        "(Ljava/lang/String;)Ljava/lang/IllegalStateException;", false));
                tail.add(new InsnNode(Opcodes.ATHROW));
            }
            tail.add(restoreCode); // with one point, dispatch falls through into its restore
        }

        // Barrier restore on exceptional exit.
        tail.add(handler);
        tail.add(new VarInsnNode(Opcodes.ALOAD, fs));
        tail.add(new VarInsnNode(Opcodes.ALOAD, saved));
        tail.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FS, "thrown", "(" + FS_DESC + "Ljava/lang/String;)V", false));
        tail.add(new InsnNode(Opcodes.ATHROW));
        insns.add(tail);
        m.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
        m.maxStack += 4;
    }

    /**
     * Slots to save: live, holding a value in {@code f}, lowest first (second halves of longs
     * excluded), except the {@code kept} parameters.
     */
    private static List<Integer> savedLocals(Frame<BasicValue> f, BitSet live, BitSet kept) {
        List<Integer> slots = new ArrayList<>();
        for (int slot = 0; slot < f.getLocals(); slot++) {
            BasicValue v = f.getLocal(slot);
            Type t = v.getType();
            if (t == null || t.getSort() == Type.VOID || t.getSort() == Type.METHOD) {
                continue; // top (unset or the second half of a long/double) or a return address
            }
            if (live.get(slot) && !kept.get(slot)) {
                slots.add(slot);
            }
            if (t.getSize() == 2) {
                slot++;
            }
        }
        return slots;
    }

    /**
     * The parameter slots ({@code this} included) that the method never writes: a resumed frame
     * gets them back from its caller, which re-issues the same call with the same arguments (they
     * were spilled to its locals and restored with it), so they need no saving.
     */
    private static BitSet keptParameters(MethodNode m) {
        BitSet written = new BitSet();
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            int op = i.getOpcode();
            if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                written.set(((VarInsnNode) i).var);
            } else if (op == Opcodes.IINC) {
                written.set(((org.objectweb.asm.tree.IincInsnNode) i).var);
            }
        }
        BitSet kept = new BitSet();
        int slot = 0;
        if ((m.access & Opcodes.ACC_STATIC) == 0) {
            kept.set(0, !written.get(0));
            slot = 1;
        }
        for (Type p : Type.getArgumentTypes(m.desc)) {
            kept.set(slot, !written.get(slot));
            slot += p.getSize();
        }
        return kept;
    }

    /** {@code FrameStack.leave(fs, saved)}: before each return. */
    private static InsnList leave(int fs, int saved) {
        InsnList l = new InsnList();
        l.add(new VarInsnNode(Opcodes.ALOAD, fs));
        l.add(new VarInsnNode(Opcodes.ALOAD, saved));
        l.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FS, "leave", "(" + FS_DESC + "Ljava/lang/String;)V", false));
        return l;
    }

    private static InsnList setToken(int fs, int token) {
        InsnList l = new InsnList();
        l.add(new VarInsnNode(Opcodes.ALOAD, fs));
        l.add(new LdcInsnNode(token));
        l.add(new FieldInsnNode(Opcodes.PUTFIELD, FS, "expect", "I"));
        return l;
    }

    private static InsnList clearToken(int fs) {
        InsnList l = new InsnList();
        l.add(new VarInsnNode(Opcodes.ALOAD, fs));
        l.add(new InsnNode(Opcodes.ICONST_0));
        l.add(new FieldInsnNode(Opcodes.PUTFIELD, FS, "expect", "I"));
        return l;
    }

    /** The type used to move a value: int for all int-like sorts, Object-ish for references. */
    private static Type loadType(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Type.INT_TYPE;
            case Type.FLOAT:
            case Type.LONG:
            case Type.DOUBLE:
                return t;
            default:
                return Type.getObjectType("java/lang/Object");
        }
    }

    private static String kind(Type t) {
        switch (loadType(t).getSort()) {
            case Type.INT:
                return "Int";
            case Type.FLOAT:
                return "Float";
            case Type.LONG:
                return "Long";
            case Type.DOUBLE:
                return "Double";
            default:
                return "Object";
        }
    }

    private static MethodInsnNode push(Type t) {
        Type lt = loadType(t);
        String d = lt.getSort() == Type.OBJECT ? "Ljava/lang/Object;" : lt.getDescriptor();
        return new MethodInsnNode(Opcodes.INVOKESTATIC, FS, "push" + kind(t), "(" + d + FS_DESC + ")V", false);
    }

    private static boolean isReference(Type t) {
        return loadType(t).getSort() == Type.OBJECT;
    }

    /** The analyser's type of the null constant: a value that is always null, saved as nothing. */
    private static boolean isNullConstant(Type t) {
        return t.getSort() == Type.OBJECT && t.getInternalName().equals("null");
    }

    private static InsnList pop(int fs, Type t) {
        InsnList l = new InsnList();
        l.add(new VarInsnNode(Opcodes.ALOAD, fs));
        Type lt = loadType(t);
        String d = lt.getSort() == Type.OBJECT ? "Ljava/lang/Object;" : lt.getDescriptor();
        l.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FS, "pop" + kind(t), "()" + d, false));
        if (lt.getSort() == Type.OBJECT) {
            if (t.getSort() == Type.OBJECT && t.getInternalName().equals("null")) {
                // The analyser's type of the null constant: restore exactly that.
                l.add(new InsnNode(Opcodes.POP));
                l.add(new InsnNode(Opcodes.ACONST_NULL));
            } else if (!t.getInternalName().equals("java/lang/Object")) {
                l.add(new TypeInsnNode(Opcodes.CHECKCAST, t.getInternalName()));
            }
        }
        return l;
    }

    private static AbstractInsnNode intConst(int v) {
        if (v <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + v);
        }
        return new LdcInsnNode(v);
    }

    private static InsnList defaultReturn(Type t) {
        InsnList l = new InsnList();
        switch (t.getSort()) {
            case Type.VOID:
                l.add(new InsnNode(Opcodes.RETURN));
                break;
            case Type.FLOAT:
                l.add(new InsnNode(Opcodes.FCONST_0));
                l.add(new InsnNode(Opcodes.FRETURN));
                break;
            case Type.LONG:
                l.add(new InsnNode(Opcodes.LCONST_0));
                l.add(new InsnNode(Opcodes.LRETURN));
                break;
            case Type.DOUBLE:
                l.add(new InsnNode(Opcodes.DCONST_0));
                l.add(new InsnNode(Opcodes.DRETURN));
                break;
            case Type.OBJECT:
            case Type.ARRAY:
                l.add(new InsnNode(Opcodes.ACONST_NULL));
                l.add(new InsnNode(Opcodes.ARETURN));
                break;
            default:
                l.add(new InsnNode(Opcodes.ICONST_0));
                l.add(new InsnNode(Opcodes.IRETURN));
        }
        return l;
    }

    private static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode) {
                return ((LineNumberNode) i).line;
            }
        }
        return -1;
    }
}
