package dev.weft.fallback.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

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
 */
public final class CallSpilling {
    private CallSpilling() {
    }

    /** For each point, in order, the label of its reload sequence (where a resume jumps). */
    public static List<LabelNode> apply(MethodNode m, List<MethodInsnNode> points) {
        int base = m.maxLocals;
        int used = 0;
        List<LabelNode> reloads = new ArrayList<>();
        for (MethodInsnNode call : points) {
            List<Type> operands = new ArrayList<>();
            if (call.getOpcode() != Opcodes.INVOKESTATIC) {
                operands.add(Type.getObjectType(call.owner));
            }
            for (Type t : Type.getArgumentTypes(call.desc)) {
                operands.add(t);
            }
            int[] slots = new int[operands.size()];
            int next = base;
            for (int k = 0; k < operands.size(); k++) {
                slots[k] = next;
                next += operands.get(k).getSize();
            }
            used = Math.max(used, next - base);
            InsnList code = new InsnList();
            for (int k = operands.size() - 1; k >= 0; k--) {
                code.add(new VarInsnNode(operands.get(k).getOpcode(Opcodes.ISTORE), slots[k]));
            }
            LabelNode reload = new LabelNode();
            code.add(reload);
            for (int k = 0; k < operands.size(); k++) {
                code.add(new VarInsnNode(operands.get(k).getOpcode(Opcodes.ILOAD), slots[k]));
            }
            m.instructions.insertBefore(call, code);
            reloads.add(reload);
        }
        m.maxLocals = base + used;
        return reloads;
    }
}
