package dev.weft.fallback.weaver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass "move allocations past suspension points", for {@code new X(a, suspendingCall())}.
 *
 * <p>javac compiles that to {@code NEW X; DUP; <args>; INVOKESPECIAL X.<init>}, so while the
 * arguments are evaluated two uninitialized references sit on the operand stack. They cannot be
 * saved (the verifier forbids storing an uninitialized object anywhere but by {@code <init>}) and
 * could not be recreated on resume without running the allocation twice. So, as Quasar does, the
 * allocation is moved after the arguments: when a suspension point lies between a {@code NEW}
 * and its constructor call, the {@code NEW; DUP} pair is removed and, just before the
 * constructor call, the evaluated arguments are stored into fresh locals, then
 * {@code NEW X; DUP} and the arguments reloaded. No uninitialized value then lives across a call.
 *
 * <p>Visible difference: class {@code X} is initialized (its static initializer runs) after the
 * arguments are evaluated instead of before; and if an argument throws, {@code X} is not
 * initialized at all. This is the only semantic change weaving makes.
 */
public final class NewRelocation {
    private NewRelocation() {
    }

    /**
     * Rewrites every {@code new} whose arguments contain one of {@code points}.
     *
     * @return the number of allocations moved
     */
    public static int apply(String owner, MethodNode m, Collection<MethodInsnNode> points) {
        Set<MethodInsnNode> pointSet = new HashSet<>(points);
        InsnList insns = m.instructions;
        Deque<TypeInsnNode> open = new ArrayDeque<>();
        Set<TypeInsnNode> spanning = new HashSet<>();
        List<TypeInsnNode> toMove = new ArrayList<>();
        List<MethodInsnNode> inits = new ArrayList<>();
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            if (i.getOpcode() == Opcodes.NEW) {
                open.push((TypeInsnNode) i);
            } else if (i instanceof MethodInsnNode) {
                MethodInsnNode call = (MethodInsnNode) i;
                if (call.getOpcode() == Opcodes.INVOKESPECIAL && call.name.equals("<init>") && !open.isEmpty()) {
                    TypeInsnNode alloc = open.pop();
                    if (!alloc.desc.equals(call.owner)) {
                        throw new WeaveException(where(owner, m) + ": cannot match NEW " + alloc.desc
                                + " with its constructor call (found " + call.owner + ".<init>)");
                    }
                    if (spanning.remove(alloc)) {
                        toMove.add(alloc);
                        inits.add(call);
                    }
                } else if (pointSet.contains(call)) {
                    spanning.addAll(open);
                }
            }
        }
        if (!open.isEmpty() && !spanning.isEmpty()) {
            throw new WeaveException(where(owner, m) + ": a NEW without a matching constructor call spans a call");
        }
        for (int k = 0; k < toMove.size(); k++) {
            move(owner, m, toMove.get(k), inits.get(k));
        }
        return toMove.size();
    }

    private static void move(String owner, MethodNode m, TypeInsnNode alloc, MethodInsnNode init) {
        InsnList insns = m.instructions;
        AbstractInsnNode dup = alloc.getNext();
        while (dup != null && dup.getOpcode() < 0) {
            dup = dup.getNext(); // labels, line numbers, frames
        }
        if (dup == null || dup.getOpcode() != Opcodes.DUP) {
            throw new WeaveException(where(owner, m) + ": `new " + alloc.desc.replace('/', '.')
                    + "(...)` whose arguments may suspend is not followed by DUP; this shape is not supported yet");
        }
        Type[] args = Type.getArgumentTypes(init.desc);
        int[] slots = new int[args.length];
        for (int a = 0; a < args.length; a++) {
            slots[a] = m.maxLocals;
            m.maxLocals += args[a].getSize();
        }
        InsnList before = new InsnList();
        for (int a = args.length - 1; a >= 0; a--) {
            before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), slots[a]));
        }
        before.add(new TypeInsnNode(Opcodes.NEW, alloc.desc));
        before.add(new InsnNode(Opcodes.DUP));
        for (int a = 0; a < args.length; a++) {
            before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), slots[a]));
        }
        insns.insertBefore(init, before);
        insns.remove(alloc);
        insns.remove(dup);
        m.maxStack += 2;
    }

    private static String where(String owner, MethodNode m) {
        return "weft weaver: " + owner.replace('/', '.') + "." + m.name + m.desc;
    }
}
