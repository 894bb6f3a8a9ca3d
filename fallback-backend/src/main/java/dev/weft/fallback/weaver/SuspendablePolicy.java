package dev.weft.fallback.weaver;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Opcodes;

/**
 * Decides, call site by call site, whether a call may reach a suspension point: the calls it
 * accepts are the candidate suspension points of a method ({@link SuspensionPoints}).
 *
 * <p>A policy judges each call alone, knowing only the call instruction, so the default policy is
 * conservative: a call is suspendable unless it provably cannot reach woven code (constructors,
 * calls into the weft runtime, static and private calls into the JDK, calls on a few JDK leaf
 * classes). Over-approximating costs little (capture is lazy: a suspendable call that does not
 * suspend saves nothing; the call site pays an int field write before and a read and a test
 * after, a woven callee a stack lookup, a read and a write); under-approximating would be caught
 * at run time by the unwoven-frame check, as a loud error.
 *
 * <p>The weaver then narrows the candidates with what it knows of the whole class being woven
 * ({@code IntraClassCalls}): a call whose target is known exactly (a static, private or
 * non-overridable method of the same class) is dropped when that method cannot suspend, computed
 * as a least fixpoint over the class's methods. So a recursive or private helper that never
 * suspends is not woven, though this policy says its calls are suspendable. The narrowing only
 * ever drops calls the policy accepted; a call the policy refuses is never a point. Calls to
 * other classes are judged by the policy alone; a build-time weaver that sees the whole program
 * could narrow those with a call graph.
 */
public class SuspendablePolicy {
    /** The one primitive suspension point. */
    static final String CONTINUATION = "dev/weft/fallback/Continuation";

    private static final Set<String> LEAF_CLASSES = new HashSet<>(Arrays.asList(
            "java/lang/String", "java/lang/StringBuilder", "java/lang/StringBuffer",
            "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
            "java/lang/Character", "java/lang/Boolean", "java/lang/Float", "java/lang/Double",
            "java/lang/Math", "java/lang/StrictMath", "java/lang/System", "java/lang/Class",
            "java/util/Arrays", "java/util/Objects"));

    /** The default policy (see class comment). */
    public static final SuspendablePolicy DEFAULT = new SuspendablePolicy();

    /**
     * Whether a call may suspend, judged from the call instruction alone (see the class comment:
     * the weaver may still drop a call to a method of the same class that cannot suspend).
     *
     * @param opcode INVOKEVIRTUAL, INVOKESPECIAL, INVOKESTATIC or INVOKEINTERFACE
     * @param owner internal name of the class named by the call
     */
    public boolean isSuspendable(int opcode, String owner, String name, String desc) {
        if (name.equals("<init>") || name.equals("<clinit>")) {
            // Constructors are never woven; suspending inside one is reported at run time.
            return false;
        }
        if (owner.equals(CONTINUATION)) {
            return name.equals("suspend") && desc.equals("()V");
        }
        if (owner.equals(MonitorRewriting.MONITORS)) {
            // Leaving a monitor and notifying never suspend; entering and waiting may.
            return !(name.equals("exit") || name.equals("notifyOne") || name.equals("notifyEveryone"));
        }
        if (owner.startsWith("[")) {
            return false; // array clone()
        }
        if (isRuntime(owner)) {
            return false; // the runtime itself is never suspended through
        }
        if (isPlatform(owner)) {
            // Platform code is never woven. A static or private call into it cannot come back to
            // woven code except through a callback, and a suspension inside such a callback is
            // refused at run time anyway. An overridable call may dispatch to a woven override
            // (Runnable.run on a woven lambda), so it stays suspendable unless the class is a
            // known leaf.
            if (opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKESPECIAL) {
                return false;
            }
            if (LEAF_CLASSES.contains(owner)) {
                return false;
            }
            if (owner.equals("java/lang/Object") && (name.equals("getClass") || name.equals("notify")
                    || name.equals("notifyAll") || name.equals("wait"))) {
                return false;
            }
        }
        return true;
    }

    /** Classes of dev.weft.fallback and dev.weft.fallback.weaver themselves (not subpackages such as tests'). */
    static boolean isRuntime(String owner) {
        String p = "dev/weft/fallback/";
        if (!owner.startsWith(p)) {
            return false;
        }
        String rest = owner.substring(p.length());
        return rest.indexOf('/') < 0 || (rest.startsWith("weaver/") && rest.indexOf('/', 7) < 0);
    }

    static boolean isPlatform(String owner) {
        return owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/")
                || owner.startsWith("sun/") || owner.startsWith("com/sun/");
    }
}
