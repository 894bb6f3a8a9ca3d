package dev.weft.fallback.weaver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Pass "spill call operands": before each suspension point, the receiver and arguments are
 * stored into locals and reloaded, and the reload is labelled.
 *
 * <p>Why: capture happens lazily, after the call returned, when the receiver and arguments are
 * gone from the operand stack. On resume the call must be made again on the same receiver (it
 * selects the method that saved the inner frames, including through forwarding frames such as a
 * lambda proxy, which saves nothing). Held in locals, they are saved and restored with the other
 * locals, and resuming jumps to the reload label. The JIT turns the extra stores and loads into
 * register moves. The slots are shared by all points of a method (they are dead between calls).
 *
 * <p>An operand that is a plain load of a local which nothing writes between that load and the
 * call (the receiver {@code this}, most arguments) is not spilled: it is popped and reloaded from
 * its own local. It is then saved once, as that local, instead of twice, and not at all when it
 * is a parameter the method never writes (see {@code MethodRewriter}). Likewise an operand read
 * from a final field of this class ({@code this.f} with {@code this} unchanged, or a static final
 * field) is popped and read again from the field: a final field holds the same value outside the
 * constructor, so nothing is saved for it. And an operand pushed by a constant instruction
 * ({@code aconst_null}, {@code iconst_*}, {@code lconst_*}, {@code fconst_*}, {@code dconst_*},
 * {@code bipush}, {@code sipush}, or {@code ldc} of a number, string or class/method type; not of
 * a dynamic constant nor a method handle) is popped and pushed again by a copy of that
 * instruction: a constant is the same value wherever it is pushed (an {@code ldc} string or type
 * is even the same object), so nothing is saved for it either. A compile-time constant field
 * such as {@code static final long NO_DEADLINE = Long.MIN_VALUE} is such an operand: javac
 * inlines it as {@code ldc2_w}. {@code aconst_null} needs nothing more: spilled, its slot would
 * not be saved either ({@code MethodRewriter} saves no always-null value), but the copy spares
 * the slot and the store.
 */
public final class CallSpilling {
    private CallSpilling() {
    }

    /** For each point, in order, the label of its reload sequence (where a resume jumps). */
    public static List<LabelNode> apply(MethodNode m, List<MethodInsnNode> points) {
        return apply(null, Collections.<String>emptySet(), m, points);
    }

    /**
     * As {@link #apply(MethodNode, List)}, also reloading operands read from the final fields
     * {@code finalFields} (each {@code name + descriptor}) of class {@code owner} (internal name).
     */
    public static List<LabelNode> apply(String owner, Set<String> finalFields, MethodNode m, List<MethodInsnNode> points) {
        // Decided for every point before any instruction is inserted (indexes shift after).
        List<InsnList[]> reused = new ArrayList<>();
        Frame<SourceValue>[] sources = sources(m);
        Set<LabelNode> entries = entryLabels(m);
        boolean instance = (m.access & Opcodes.ACC_STATIC) == 0;
        for (MethodInsnNode call : points) {
            reused.add(reloadable(m, call, sources, entries, owner, finalFields, instance));
        }
        int base = m.maxLocals;
        int used = 0;
        List<LabelNode> reloads = new ArrayList<>();
        for (int p = 0; p < points.size(); p++) {
            MethodInsnNode call = points.get(p);
            List<Type> operands = operands(call);
            InsnList[] own = reused.get(p);
            int[] slots = new int[operands.size()];
            int next = base;
            for (int k = 0; k < operands.size(); k++) {
                if (own[k] == null) {
                    slots[k] = next;
                    next += operands.get(k).getSize();
                }
            }
            used = Math.max(used, next - base);
            InsnList code = new InsnList();
            for (int k = operands.size() - 1; k >= 0; k--) {
                if (own[k] != null) {
                    code.add(new InsnNode(operands.get(k).getSize() == 2 ? Opcodes.POP2 : Opcodes.POP));
                } else {
                    code.add(new VarInsnNode(operands.get(k).getOpcode(Opcodes.ISTORE), slots[k]));
                }
            }
            LabelNode reload = new LabelNode();
            code.add(reload);
            for (int k = 0; k < operands.size(); k++) {
                if (own[k] != null) {
                    code.add(own[k]);
                } else {
                    code.add(new VarInsnNode(operands.get(k).getOpcode(Opcodes.ILOAD), slots[k]));
                }
            }
            m.instructions.insertBefore(call, code);
            reloads.add(reload);
        }
        m.maxLocals = base + used;
        return reloads;
    }

    private static List<Type> operands(MethodInsnNode call) {
        List<Type> operands = new ArrayList<>();
        if (call.getOpcode() != Opcodes.INVOKESTATIC) {
            operands.add(Type.getObjectType(call.owner));
        }
        for (Type t : Type.getArgumentTypes(call.desc)) {
            operands.add(t);
        }
        return operands;
    }

    /** Where each value on the stack came from; null if the method cannot be analysed (then everything is spilled). */
    private static Frame<SourceValue>[] sources(MethodNode m) {
        try {
            return new Analyzer<SourceValue>(new SourceInterpreter()).analyze("Spilled", m);
        } catch (AnalyzerException e) {
            return null;
        }
    }

    /** Labels where control can arrive other than by falling through: jump, switch and handler targets. */
    private static Set<LabelNode> entryLabels(MethodNode m) {
        Set<LabelNode> entries = new HashSet<>();
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof JumpInsnNode) {
                entries.add(((JumpInsnNode) i).label);
            } else if (i instanceof TableSwitchInsnNode) {
                entries.add(((TableSwitchInsnNode) i).dflt);
                entries.addAll(((TableSwitchInsnNode) i).labels);
            } else if (i instanceof LookupSwitchInsnNode) {
                entries.add(((LookupSwitchInsnNode) i).dflt);
                entries.addAll(((LookupSwitchInsnNode) i).labels);
            }
        }
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            entries.add(t.handler);
        }
        return entries;
    }

    /**
     * For each operand of {@code call}, the code that reads it again without a spill slot, or
     * null (spill it): the operand's only source is a load of a local, in straight-line code up
     * to the call with no write to the local in between; or a read of a final field of
     * {@code owner}, static or of {@code this} loaded likewise; or a constant instruction
     * ({@link #isConstant}), wherever it is.
     */
    private static InsnList[] reloadable(MethodNode m, MethodInsnNode call, Frame<SourceValue>[] sources,
            Set<LabelNode> entries, String owner, Set<String> finalFields, boolean instance) {
        int n = operands(call).size();
        InsnList[] own = new InsnList[n];
        Frame<SourceValue> f = sources == null ? null : sources[m.instructions.indexOf(call)];
        if (f == null) {
            return own;
        }
        for (int k = 0; k < n; k++) {
            AbstractInsnNode source = onlySource(f.getStack(f.getStackSize() - n + k));
            if (source == null) {
                continue;
            }
            int op = source.getOpcode();
            if (isConstant(source)) {
                // No path condition: a constant pushes the same value on every path to the call.
                own[k] = single(copyOfConstant(source));
            } else if (op >= Opcodes.ILOAD && op <= Opcodes.ALOAD) {
                VarInsnNode load = (VarInsnNode) source;
                if (unchangedUntil(load.getNext(), call, load.var, entries)) {
                    own[k] = single(new VarInsnNode(op, load.var));
                }
            } else if ((op == Opcodes.GETSTATIC || op == Opcodes.GETFIELD) && isFinalField((FieldInsnNode) source, owner,
                    finalFields)) {
                FieldInsnNode get = (FieldInsnNode) source;
                if (op == Opcodes.GETSTATIC) {
                    own[k] = single(new FieldInsnNode(op, get.owner, get.name, get.desc));
                    continue;
                }
                Frame<SourceValue> at = sources[m.instructions.indexOf(get)];
                AbstractInsnNode object = at == null ? null : onlySource(at.getStack(at.getStackSize() - 1));
                if (instance && object != null && object.getOpcode() == Opcodes.ALOAD
                        && ((VarInsnNode) object).var == 0 && unchangedUntil(object.getNext(), call, 0, entries)) {
                    InsnList code = new InsnList();
                    code.add(new VarInsnNode(Opcodes.ALOAD, 0));
                    code.add(new FieldInsnNode(op, get.owner, get.name, get.desc));
                    own[k] = code;
                }
            }
        }
        return own;
    }

    /**
     * Whether {@code insn} pushes a constant that a copy of it pushes again, equal (and for a
     * reference the same object): {@code aconst_null}, {@code iconst_m1} to {@code dconst_1},
     * {@code bipush}, {@code sipush}, and {@code ldc} of an int, float, long, double, string or
     * type (class or method type: resolved once, then the same object). Not {@code ldc} of a
     * dynamic constant ({@link org.objectweb.asm.ConstantDynamic}: its value is whatever its
     * bootstrap method returned) nor of a method handle ({@link org.objectweb.asm.Handle}): they
     * are rare as call operands, so they stay spilled rather than widen what "constant" means.
     */
    static boolean isConstant(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (op >= Opcodes.ACONST_NULL && op <= Opcodes.SIPUSH) {
            return true;
        }
        if (op != Opcodes.LDC) {
            return false;
        }
        Object cst = ((LdcInsnNode) insn).cst;
        return cst instanceof Integer || cst instanceof Float || cst instanceof Long || cst instanceof Double
                || cst instanceof String || cst instanceof Type;
    }

    /** A new instruction pushing the same constant as {@code insn} ({@link #isConstant}), without its annotations. */
    private static AbstractInsnNode copyOfConstant(AbstractInsnNode insn) {
        if (insn instanceof LdcInsnNode) {
            return new LdcInsnNode(((LdcInsnNode) insn).cst);
        }
        if (insn instanceof IntInsnNode) {
            return new IntInsnNode(insn.getOpcode(), ((IntInsnNode) insn).operand);
        }
        return new InsnNode(insn.getOpcode());
    }

    private static AbstractInsnNode onlySource(SourceValue v) {
        return v.insns.size() == 1 ? v.insns.iterator().next() : null;
    }

    private static boolean isFinalField(FieldInsnNode get, String owner, Set<String> finalFields) {
        return get.owner.equals(owner) && finalFields.contains(get.name + get.desc);
    }

    private static InsnList single(AbstractInsnNode insn) {
        InsnList l = new InsnList();
        l.add(insn);
        return l;
    }

    private static boolean unchangedUntil(AbstractInsnNode from, AbstractInsnNode call, int var, Set<LabelNode> entries) {
        for (AbstractInsnNode i = from; i != call; i = i.getNext()) {
            if (i == null || entries.contains(i) || i instanceof JumpInsnNode || i instanceof TableSwitchInsnNode
                    || i instanceof LookupSwitchInsnNode) {
                return false;
            }
            int op = i.getOpcode();
            if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE && ((VarInsnNode) i).var == var) {
                return false;
            }
            if (i instanceof IincInsnNode && ((IincInsnNode) i).var == var) {
                return false;
            }
            if (op == Opcodes.ATHROW || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)) {
                return false;
            }
        }
        return true;
    }
}
