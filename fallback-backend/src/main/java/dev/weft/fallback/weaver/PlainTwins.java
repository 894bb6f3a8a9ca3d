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
 *       or not) it makes the virtual call as written. Calls to other classes go through their
 *       woven methods, which choose their plain copy by themselves.</li>
 * </ul>
 * Interfaces get none of this (a default method stays as woven), nor do classes older than
 * Java 5 (the receiver check needs a class constant).
 */
final class PlainTwins {
    static final String TWIN = "dev/weft/fallback/Twin";
    private static final String TWIN_DESC = "L" + TWIN + ";";

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
        int close = desc.indexOf(')');
        return desc.substring(0, close) + TWIN_DESC + desc.substring(close);
    }

    /** The method descriptor a twin's descriptor came from, or null if {@code desc} is not a twin's. */
    static String original(String desc) {
        String tail = TWIN_DESC + ")";
        int at = desc.indexOf(tail);
        return at < 0 ? null : desc.substring(0, at) + desc.substring(at + TWIN_DESC.length());
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
        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        int access = Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC
                | (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_STRICT));
        String[] exceptions = m.exceptions == null ? null : m.exceptions.toArray(new String[0]);
        MethodNode twin = new MethodNode(Opcodes.ASM9, access, m.name, descriptor(m.desc), null, exceptions);
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
        List<MethodInsnNode> calls = new ArrayList<>();
        for (AbstractInsnNode i = code.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof MethodInsnNode) {
                MethodInsnNode call = (MethodInsnNode) i;
                MethodNode target = woven.get(call.name + call.desc);
                if (call.owner.equals(cn.name) && !call.itf && target != null
                        && ((target.access & Opcodes.ACC_STATIC) != 0) == (call.getOpcode() == Opcodes.INVOKESTATIC)) {
                    calls.add(call); // (a mismatch is an IncompatibleClassChangeError as written: left to the JVM)
                }
            }
        }
        for (MethodInsnNode call : calls) {
            MethodNode target = woven.get(call.name + call.desc);
            if (call.getOpcode() == Opcodes.INVOKEVIRTUAL && !exact(cn, target)) {
                code.insert(call, checkedCall(cn.name, call, holder));
                code.remove(call);
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
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "getClass", "()Ljava/lang/Class;", false));
        code.add(new LdcInsnNode(Type.getObjectType(owner)));
        code.add(new JumpInsnNode(Opcodes.IF_ACMPNE, virtual));
        code.add(reload(receiver, args, slots));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, owner, call.name, descriptor(call.desc), false));
        code.add(new JumpInsnNode(Opcodes.GOTO, done));
        code.add(virtual);
        code.add(reload(receiver, args, slots));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, owner, call.name, call.desc, false));
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
     * Adds {@code code}, a linked {@link #copy} of {@code m}'s code before weaving, after the
     * woven code of {@code m}, starting at {@code start} (the label the woven prologue jumps to
     * where no continuation runs). The woven code must not fall through to its end.
     */
    static void append(MethodNode m, LabelNode start, Code code) {
        m.instructions.add(start);
        m.instructions.add(code.instructions);
        m.tryCatchBlocks.addAll(code.handlers);
        if (!code.locals.isEmpty()) {
            if (m.localVariables == null) {
                m.localVariables = new ArrayList<>();
            }
            m.localVariables.addAll(code.locals);
        }
    }

    /** The code the woven prologue runs on a token mismatch: jumps to {@code plain} if no continuation runs. */
    static InsnList enter(int fs, LabelNode plain) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, fs));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, MethodRewriter.FS, "idle", "()Z", false));
        code.add(new JumpInsnNode(Opcodes.IFNE, plain));
        return code;
    }

    /** Whether a call of {@code m} on an instance of {@code cn} always runs {@code m} itself. */
    private static boolean exact(ClassNode cn, MethodNode m) {
        return (m.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL | Opcodes.ACC_STATIC)) != 0
                || (cn.access & Opcodes.ACC_FINAL) != 0;
    }
}
